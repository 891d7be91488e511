// Seeds moto through the AWS SDK itself, the same calls a person or a stack would make.
import * as iam from "@aws-sdk/client-iam";
import * as ec2 from "@aws-sdk/client-ec2";
import * as ssm from "@aws-sdk/client-ssm";
import * as org from "@aws-sdk/client-organizations";
import type { Plan } from "../../plan/run";

export const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export function seeders(endpoint: string, region = "us-east-1") {
  const cfg = { endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
  const i = new iam.IAMClient({ ...cfg, region: "us-east-1" });
  const e = new ec2.EC2Client(cfg);
  const s = new ssm.SSMClient(cfg);
  const doc = (d: unknown) => (typeof d === "string" ? d : JSON.stringify(d));
  return {
    iam: i,
    ec2: e,
    ssm: s,
    destroy: () => [i, e, s].forEach((c) => c.destroy()),
    user: (UserName: string, Tags?: Record<string, string>) => i.send(new iam.CreateUserCommand({ UserName, Tags: tags(Tags) })),
    group: (GroupName: string, members: string[] = []) =>
      i
        .send(new iam.CreateGroupCommand({ GroupName }))
        .then(() => Promise.all(members.map((UserName) => i.send(new iam.AddUserToGroupCommand({ GroupName, UserName }))))),
    role: (RoleName: string, Tags?: Record<string, string>) =>
      i.send(new iam.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST, Tags: tags(Tags) })),
    policy: async (PolicyName: string, document: unknown, Path = "/") =>
      (await i.send(new iam.CreatePolicyCommand({ PolicyName, Path, PolicyDocument: doc(document) }))).Policy!.Arn!,
    attach: (type: "user" | "group" | "role", name: string, PolicyArn: string) =>
      type === "user"
        ? i.send(new iam.AttachUserPolicyCommand({ UserName: name, PolicyArn }))
        : type === "group"
          ? i.send(new iam.AttachGroupPolicyCommand({ GroupName: name, PolicyArn }))
          : i.send(new iam.AttachRolePolicyCommand({ RoleName: name, PolicyArn })),
    inline: (type: "user" | "group" | "role", name: string, PolicyName: string, document: unknown) =>
      type === "user"
        ? i.send(new iam.PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument: doc(document) }))
        : type === "group"
          ? i.send(new iam.PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument: doc(document) }))
          : i.send(new iam.PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument: doc(document) })),
    /** Launches `count` instances with these tags; returns their IDs. */
    instances: async (count: number, Tags?: Record<string, string>) => {
      const r = await e.send(
        new ec2.RunInstancesCommand({
          ImageId: "ami-12c6146b",
          InstanceType: "t3.micro",
          MinCount: count,
          MaxCount: count,
          ...(Tags ? { TagSpecifications: [{ ResourceType: "instance", Tags: tags(Tags) }] } : {}),
        }),
      );
      return r.Instances!.map((x) => x.InstanceId!);
    },
    /**
     * Creates every principal of a plan and attaches its policies as the plan says: what a
     * deployed stack leaves in the account. `skip` leaves out policies by name.
     */
    deployPlan: async (
      plan: Pick<Plan, "principals">,
      skip: string[] = [],
      tagsOf: (policyName: string) => Record<string, string> | undefined = () => undefined,
    ) => {
      const created = new Map<string, string>();
      for (const p of plan.principals) {
        if (p.type === "user") await i.send(new iam.CreateUserCommand({ UserName: p.name }));
        else if (p.type === "group") await i.send(new iam.CreateGroupCommand({ GroupName: p.name }));
        else await i.send(new iam.CreateRoleCommand({ RoleName: p.name, AssumeRolePolicyDocument: TRUST }));
        for (const pol of p.policies) {
          if (skip.includes(pol.name)) continue;
          const attach = (arn: string) =>
            p.type === "user"
              ? i.send(new iam.AttachUserPolicyCommand({ UserName: p.name, PolicyArn: arn }))
              : p.type === "group"
                ? i.send(new iam.AttachGroupPolicyCommand({ GroupName: p.name, PolicyArn: arn }))
                : i.send(new iam.AttachRolePolicyCommand({ RoleName: p.name, PolicyArn: arn }));
          if (!pol.arn) {
            const put = { PolicyName: pol.name, PolicyDocument: doc(pol.document) };
            await (p.type === "user"
              ? i.send(new iam.PutUserPolicyCommand({ ...put, UserName: p.name }))
              : p.type === "group"
                ? i.send(new iam.PutGroupPolicyCommand({ ...put, GroupName: p.name }))
                : i.send(new iam.PutRolePolicyCommand({ ...put, RoleName: p.name })));
          } else if (/:iam::aws:policy\//.test(pol.arn)) {
            await attach(pol.arn);
          } else {
            let arn = created.get(pol.arn);
            if (!arn) {
              const path = /:policy(\/.*\/)[^/]+$/.exec(pol.arn)?.[1] ?? "/";
              arn = (
                await i.send(
                  new iam.CreatePolicyCommand({
                    PolicyName: pol.name,
                    Path: path,
                    PolicyDocument: doc(pol.document),
                    Tags: tags(tagsOf(pol.name)),
                  }),
                )
              ).Policy!.Arn!;
              created.set(pol.arn, arn);
            }
            await attach(arn);
          }
        }
      }
    },
  };
}

const tags = (t?: Record<string, string>) => (t ? Object.entries(t).map(([Key, Value]) => ({ Key, Value })) : undefined);

/**
 * An AWS Organization seeded through the SDK as its management account would: accounts, OUs and
 * SCPs attached to the root, an OU or an account. Against moto, `Moto.setOrganization` decides
 * which account's organization answers (test/support/motoServer.py).
 */
export function organizationSeeder(endpoint: string) {
  const o = new org.OrganizationsClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  return {
    client: o,
    destroy: () => o.destroy(),
    /** Creates the organization (all features); returns its root's ID. */
    create: async () => {
      await o.send(new org.CreateOrganizationCommand({ FeatureSet: "ALL" }));
      return (await o.send(new org.ListRootsCommand({}))).Roots![0].Id!;
    },
    account: async (AccountName: string) =>
      (await o.send(new org.CreateAccountCommand({ AccountName, Email: `${AccountName}@example.com` }))).CreateAccountStatus!.AccountId!,
    ou: async (ParentId: string, Name: string) =>
      (await o.send(new org.CreateOrganizationalUnitCommand({ ParentId, Name }))).OrganizationalUnit!.Id!,
    move: (AccountId: string, SourceParentId: string, DestinationParentId: string) =>
      o.send(new org.MoveAccountCommand({ AccountId, SourceParentId, DestinationParentId })),
    /** Creates an SCP and attaches it to each target; returns its ID. */
    scp: async (Name: string, document: unknown, targets: string[]) => {
      const id = (
        await o.send(
          new org.CreatePolicyCommand({ Name, Description: Name, Type: "SERVICE_CONTROL_POLICY", Content: JSON.stringify(document) }),
        )
      ).Policy!.PolicySummary!.Id!;
      for (const TargetId of targets) await o.send(new org.AttachPolicyCommand({ PolicyId: id, TargetId }));
      return id;
    },
    detach: (PolicyId: string, TargetId: string) => o.send(new org.DetachPolicyCommand({ PolicyId, TargetId })),
  };
}
