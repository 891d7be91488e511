// What a GrantPolicy hands to the stack's packer (components/packedGrants.ts) when
// `ec2-access:packGrants` is on. Its own module so that GrantPolicy can name the packer without
// importing the component that creates the shared policies.
import type * as pulumi from "@pulumi/pulumi";
import type { ArnScope } from "../documents/arn";
import type { PolicyDocument } from "../documents/policyDocument";
import type { PackPrincipals } from "../documents/pack";
import type { StackContext } from "./context";

/** A grant handed to the packer: its builder and the value it waits for, as GrantPolicy has them. */
export interface PackedGrant {
  context: StackContext;
  pattern: string;
  grantName: string;
  principals: PackPrincipals;
  /** The grant's own document for a scope, once its resolved value is known. */
  document: (scope: ArnScope, resolved: unknown) => PolicyDocument;
  resolved?: { value: pulumi.Input<unknown>; standIn: unknown };
}

export interface Packer {
  /** Whether this grant is packed: its stand-in document fits in one policy, packed. */
  takes(grant: PackedGrant): boolean;
  /** Registers a grant; the ARN of the shared policy that will hold it, once the policies are created. */
  add(grant: PackedGrant): pulumi.Output<string>;
}
