// The components as Pulumi serves them to Python, Go, C#, Java and YAML programs (provider.ts,
// docs/components.md). Pulumi's analyzer infers the package schema from the classes of this file
// (this folder is the `dirname` provider.ts gives it, with its own package.json and
// tsconfig.json, so it finds these classes and not the TypeScript components of the same names):
// their constructors' `args` are the inputs (args.ts: types it can read), and every class
// property is an output, so each facade has only real outputs. Each one builds the TypeScript
// component as its only child, which checks the args with the config's messages and registers
// the same resources under the same names; its URN (type ec2-access:access:<Class> or
// ec2-access:organization:...) is unchanged, the facade's type is ec2-access:index:<Class>.
import * as pulumi from "@pulumi/pulumi";
import {
  InstanceConnectAccess as InstanceConnectComponent,
  OrganizationGuardrails as OrganizationComponent,
  SerialConsoleAccess as SerialConsoleComponent,
  SessionManagerAccess as SessionManagerComponent,
} from "../index";
import type * as typed from "../index";
import type { InstanceConnectAccessArgs, OrganizationGuardrailsArgs, SerialConsoleAccessArgs, SessionManagerAccessArgs } from "./args";

export type * from "./args";

/** The type token a component is served under: Pulumi's component providers serve the `index` module only. */
export const portableType = (component: string) => `ec2-access:index:${component}`;

// The args as the component types them. The literal unions, `allInstances: true` and the shapes
// of `s3Bucket`/`cloudWatchLogGroup` are the component's to check (checkArgs, the config's
// schema and messages): a cast, not a second validation.
const asTyped = <T>(args: object) => args as T;

/** EC2 Serial Console: the per-Region account setting, who may change it, who may connect to which instances, and the OS password. */
export class SerialConsoleAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** Managed policy ARNs of the admin policy (empty without `admins`). */
  readonly adminPolicyArns: pulumi.Output<string[]>;
  /** With `osPassword`: the managed policy to attach to the targeted instances' role. */
  readonly osPasswordReadPolicyArn?: pulumi.Output<string>;

  constructor(name: string, args: SerialConsoleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(portableType("SerialConsoleAccess"), name, args, opts);
    const c = new SerialConsoleComponent(name, asTyped<typed.SerialConsoleAccessArgs>(args), { parent: this });
    this.grantPolicyArns = c.grantPolicyArns;
    this.adminPolicyArns = c.adminPolicyArns;
    this.osPasswordReadPolicyArn = c.osPasswordReadPolicyArn;
    this.registerOutputs({
      grantPolicyArns: this.grantPolicyArns,
      adminPolicyArns: this.adminPolicyArns,
      osPasswordReadPolicyArn: this.osPasswordReadPolicyArn,
    });
  }
}

/** EC2 Instance Connect: who may push an SSH key as which OS users to which instances, and an optional endpoint. */
export class InstanceConnectAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** With `endpoint`: the EC2 Instance Connect Endpoint's ID. */
  readonly endpointId?: pulumi.Output<string>;

  constructor(name: string, args: InstanceConnectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(portableType("InstanceConnectAccess"), name, args, opts);
    const c = new InstanceConnectComponent(name, asTyped<typed.InstanceConnectAccessArgs>(args), { parent: this });
    this.grantPolicyArns = c.grantPolicyArns;
    this.endpointId = c.endpointId;
    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, endpointId: this.endpointId });
  }
}

/** Session Manager: who may start sessions on which instances, the session preferences and the managed instances' role. */
export class SessionManagerAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** With `instanceProfile.create`: the instance profile to launch instances with. */
  readonly instanceProfileName?: pulumi.Output<string>;
  /** With `instanceProfile.create`: its role's name (SerialConsoleAccess's `instanceRole.name`). */
  readonly instanceRoleName?: pulumi.Output<string>;

  constructor(name: string, args: SessionManagerAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(portableType("SessionManagerAccess"), name, args, opts);
    const c = new SessionManagerComponent(name, asTyped<typed.SessionManagerAccessArgs>(args), { parent: this });
    this.grantPolicyArns = c.grantPolicyArns;
    this.instanceProfileName = c.instanceProfileName;
    this.instanceRoleName = c.instanceRole?.name;
    this.registerOutputs({
      grantPolicyArns: this.grantPolicyArns,
      instanceProfileName: this.instanceProfileName,
      instanceRoleName: this.instanceRoleName,
    });
  }
}

/** The organization's guardrails: the serial console SCP and the EC2 declarative policy. */
export class OrganizationGuardrails extends pulumi.ComponentResource {
  /** IDs of the organization policies created. */
  readonly policyIds: pulumi.Output<string[]>;

  constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(portableType("OrganizationGuardrails"), name, args, opts);
    const c = new OrganizationComponent(name, asTyped<typed.OrganizationGuardrailsArgs>(args), { parent: this });
    this.policyIds = c.policyIds;
    this.registerOutputs({ policyIds: this.policyIds });
  }
}
