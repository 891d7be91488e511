// The args of SerialConsoleAccess: the `ec2-access:serialConsole` section of the stack config
// (docs/contracts/stack-config.md), same keys, plus `stack`. Checked against the same schema
// (model/schema.ts) with the same messages, the component's name in place of the config key.
import type * as pulumi from "@pulumi/pulumi";
import type { StackArgs } from "../model/stack";
import type { TargetKeys } from "../model/target";
import type { GrantPacker } from "./packedGrants";

/** Existing IAM identities, by name (not ARN): the grant's policies are attached to them. At least one. */
export interface PrincipalsArgs {
  /** IAM user names. */
  users?: string[];
  /** IAM group names. */
  groups?: string[];
  /** IAM role names (not AWSReservedSSO_*: IAM refuses changes to them). */
  roles?: string[];
}

/** A grant: who (principals) may reach which instances (exactly one target key of TargetKeys). */
export interface GrantArgs extends TargetKeys {
  /** Unique in the section; in resource and IAM policy names. 1-40 of a-z 0-9 and inner hyphens. */
  name: string;
  /** Who the grant is for. */
  principals: PrincipalsArgs;
}

/** Linux only: a password-based OS user for troubleshooting through the serial console. */
export interface OsPasswordArgs {
  /** The OS user whose password is set, e.g. root or ec2-user. */
  user: string;
  /** The password, at least 8 characters, no line break. Pass a secret (`config.requireSecret`); a plain string is made one. */
  password: pulumi.Input<string>;
  /** The instances to set it on (or `tags`). */
  instanceIds?: string[];
  /** The instances to set it on, by tag (or `instanceIds`). */
  tags?: Record<string, string | string[]>;
}

export interface SerialConsoleAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The per-Region account setting: `enabled`, `disabled`, or `unmanaged` (left alone; the default). */
  accountAccess?: "enabled" | "disabled" | "unmanaged";
  /** Who may view, enable and disable the account setting (the admin policy, named `admins`). */
  admins?: PrincipalsArgs;
  /** An explicit deny for every grant of the section. */
  denyInstanceIds?: string[];
  /** Who may connect to which instances' serial console. A grant may not be named `admins`. */
  grants?: GrantArgs[];
  /** Linux only: set an OS user's password for serial console logins. */
  osPassword?: OsPasswordArgs;
  /** Not a config key: the managed instances' role (e.g. SessionManagerAccess.instanceRole), which gets the OS password read policy. */
  instanceRole?: { name: pulumi.Input<string> };
  /**
   * Not a config key: with `ec2-access:packGrants`, the stack's GrantPacker (components/packedGrants.ts),
   * shared by the grant components; its `create` must be called after them. Grants that fit in one
   * policy then share their principals' policies, and the quota is counted on those.
   */
  packer?: GrantPacker;
}
