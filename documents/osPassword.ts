// The OS-level part of seed 001 ("Linux インスタンスで OS ユーザーパスワードを設定する"): a
// password-based OS user, set once per instance, without `sudo passwd` by hand.
//
// The password lives only in an SSM SecureString parameter encrypted with a key of ours.
// The command document names the parameter, never the value; the instance reads it with its
// own credentials, keeps it in a shell variable and hands it to chpasswd on stdin. Nothing
// echoes it: no `set -x`, no command line carrying it (printf is a bash builtin, so it never
// appears in a process list), and the only output is a line without it.
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";
import type { KeyPolicy, KeyPolicyStatement } from "./sessionPreferences";
import type { ArnScope } from "./arn";
import { partitionOf } from "./arn";
import { OS_USER } from "../model/awsNames";

/** Where the password of `user` is kept, in each Region of the stack. */
export function osPasswordParameterName(environment: string, user: string): string {
  return `/ec2-access/${environment}/serial-console/os-password/${user}`;
}

/** `parameter/<name without its leading slash>`: SSM's ARN form for hierarchical names. */
export function ssmParameterArn(scope: ArnScope, region: string, name: string): string {
  return `arn:${scope.partition}:ssm:${region}:${scope.accountId}:parameter/${name.replace(/^\//, "")}`;
}

export interface OsPasswordCommand {
  user: string;
  parameterName: string;
  region: string;
}

/** The bash script the Command document runs. Values are checked, then single-quoted. */
export function osPasswordScript({ user, parameterName, region }: OsPasswordCommand): string[] {
  if (!OS_USER.test(user)) throw new Error(`OS password: ${JSON.stringify(user)} is not a Linux user name`);
  if (!/^\/[A-Za-z0-9_.\-/]+$/.test(parameterName))
    throw new Error(`OS password: ${JSON.stringify(parameterName)} is not an SSM parameter path`);
  if (!/^[a-z0-9-]+$/.test(region)) throw new Error(`OS password: ${JSON.stringify(region)} is not a Region code`);
  return [
    "#!/bin/bash",
    "# Never trace this script: the password is in a variable below.",
    "set +x",
    "set -euo pipefail",
    `if ! id -u '${user}' >/dev/null 2>&1; then echo "no OS user ${user} on this instance" >&2; exit 1; fi`,
    // Amazon Linux has the AWS CLI; many other AMIs do not, and "command not found" would not say why.
    `if ! command -v aws >/dev/null 2>&1; then echo "the AWS CLI (aws) is not installed on this instance: it reads the password from SSM parameter ${parameterName}; install AWS CLI v2 and run the association again" >&2; exit 1; fi`,
    `password="$(aws ssm get-parameter --region '${region}' --name '${parameterName}' --with-decryption --query Parameter.Value --output text)"`,
    `printf '%s:%s\\n' '${user}' "$password" | chpasswd`,
    "unset password",
    `echo "password of ${user} set for the EC2 serial console"`,
  ];
}

/** SSM Command document content (schema 2.2) that runs the script on Linux instances. */
export function osPasswordCommandDocument(command: OsPasswordCommand): Record<string, unknown> {
  return {
    schemaVersion: "2.2",
    description: `Sets the password of OS user ${command.user} from SSM parameter ${command.parameterName}, for the EC2 serial console (Linux only).`,
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "setOsPassword",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: { runCommand: osPasswordScript(command), timeoutSeconds: "60" },
      },
    ],
  };
}

export interface OsPasswordSecret {
  region: string;
  parameterArn: string;
  keyArn: string;
}

/**
 * What the targeted instances need to read the password, and nothing more: that one parameter,
 * and Decrypt on that parameter's own key only when SSM asks for it. Inline it in the
 * instances' role (the Session Manager instance profile, or the user's own).
 */
export function osPasswordReadDocument(secrets: OsPasswordSecret[]): PolicyDocument {
  if (secrets.length === 0) throw new Error("OS password: no parameter to read");
  return policyDocument([
    statement({ sid: "ReadSerialConsoleOsPassword", actions: ["ssm:GetParameter"], resources: secrets.map((s) => s.parameterArn) }),
    statement({
      sid: "DecryptSerialConsoleOsPassword",
      actions: ["kms:Decrypt"],
      resources: secrets.map((s) => s.keyArn),
      // The key is this parameter's own, so Decrypt through SSM can reveal nothing else; no
      // encryption-context condition is needed on top.
      conditions: { StringEquals: { "kms:ViaService": secrets.map((s) => ssmEndpoint(s.region)) } },
    }),
  ]);
}

/**
 * The password key's policy: AWS's default key policy for a key created through the API
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html: the account
 * may use IAM policies to allow access), written out so that a plan shows it and a simulation
 * can evaluate it. Access then comes only from IAM policies: the instances' read policy, which
 * allows Decrypt of this key through SSM only.
 */
export function osPasswordKeyPolicy(scope: ArnScope): KeyPolicy {
  const { Effect, ...rest }: Statement = statement({ actions: ["kms:*"], resources: ["*"] });
  const account: KeyPolicyStatement = {
    Sid: "AccountIamPolicies",
    Effect,
    Principal: { AWS: `arn:${scope.partition}:iam::${scope.accountId}:root` },
    ...rest,
  };
  return { Version: "2012-10-17", Statement: [account] };
}

/** The service principal name KMS sees in kms:ViaService when SSM calls on a caller's behalf. */
function ssmEndpoint(region: string): string {
  return `ssm.${region}.amazonaws.com${partitionOf(region) === "aws-cn" ? ".cn" : ""}`;
}
