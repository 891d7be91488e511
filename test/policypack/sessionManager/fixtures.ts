// Shared inputs of the Session Manager rule tests: the page's six quickstart policies with their
// placeholders filled as the page says, and session preferences documents.
import type { SeedDocument } from "../support";
import { sessionManagerQuickstart } from "../support";

export const INSTANCE = "i-02573cafcfEXAMPLE";
export const REGION = "us-east-2";
export const ACCOUNT = "111122223333";
export const KEY_ARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-12345EXAMPLE";

/** Fills the 004 page's placeholders (instance-id, region, account-id, key-name, tag-key/value). */
export function fill(doc: SeedDocument): SeedDocument {
  const text = JSON.stringify(doc)
    .replaceAll("instance/instance-id", `instance/${INSTANCE}`)
    .replaceAll(":region:account-id:", `:${REGION}:${ACCOUNT}:`)
    .replaceAll('"key-name"', JSON.stringify(KEY_ARN))
    .replaceAll("ssm:resourceTag/tag-key", "ssm:resourceTag/Finance")
    .replaceAll('"tag-value"', '"WebServers"');
  return JSON.parse(text) as SeedDocument;
}

export const seedTabs = Object.entries(sessionManagerQuickstart) as [string, SeedDocument][];

/** A policy document as text, the way the program renders it. */
export function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const DOCUMENT_ARN = `arn:aws:ssm:${REGION}:${ACCOUNT}:document/SSM-SessionManagerRunShell`;
export const INSTANCE_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE}`;
export const ALL_INSTANCES = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`;

/** Compliant session preferences inputs (every input, as the console writes them). */
export function goodInputs(): Record<string, unknown> {
  return {
    s3BucketName: "session-logs",
    s3KeyPrefix: "",
    s3EncryptionEnabled: true,
    cloudWatchLogGroupName: "/ssm/sessions",
    cloudWatchEncryptionEnabled: true,
    cloudWatchStreamingEnabled: true,
    idleSessionTimeout: "20",
    maxSessionDuration: "60",
    kmsKeyId: KEY_ARN,
    runAsEnabled: false,
    runAsDefaultUser: "",
    shellProfile: { windows: "", linux: "" },
  };
}

/** `aws.ssm.Document` inputs of a Standard_Stream preferences document. */
export function preferencesProps(inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "SSM-SessionManagerRunShell",
    documentType: "Session",
    documentFormat: "JSON",
    content: JSON.stringify({
      schemaVersion: "1.0",
      description: "Document to hold regional settings for Session Manager",
      sessionType: "Standard_Stream",
      inputs,
    }),
    ...extra,
  };
}
