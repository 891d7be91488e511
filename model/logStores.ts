// The two forms of each session log destination (stack-config.md, "Additions"): the name of a
// store someone else owns, or `{ create: true, ... }` for one this stack creates and secures.
import { z } from "zod";
import * as p from "./awsNames";
import { once } from "./once";

/**
 * The retention periods CloudWatch Logs accepts (botocore logs model, shape `Days` of
 * PutRetentionPolicy): any other number is refused by the API after the group exists.
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const bucketName = p.S3_BUCKET;
const groupName = p.LOG_GROUP;
const retentionWhat = `one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")} days`;
const expiryWhat = "a whole number of days, at least 1 (S3 lifecycle Expiration.Days)";

const BUCKET_FORMS = "an S3 bucket name (3-63 of a-z 0-9 . -) or { create: true, expireAfterDays: N }";
const GROUP_FORMS = "a CloudWatch Logs group name (1-512 of A-Z a-z 0-9 . - _ / #) or { create: true, name, retentionDays }";

/** A bucket the stack creates: one per Region of the stack, named after the account and Region. */
export const createdLogBucket = once(() =>
  z.strictObject(
    {
      create: z.literal(true, "true (give the bucket's name as a string instead to use an existing bucket)"),
      expireAfterDays: z.number(expiryWhat).int(expiryWhat).min(1, expiryWhat),
    },
    "{ create: true, expireAfterDays: N }",
  ),
);

/** A log group the stack creates in each Region of the stack, with retention and its own key. */
export const createdLogGroup = once(() =>
  z.strictObject(
    {
      create: z.literal(true, "true (give the group's name as a string instead to use an existing group)"),
      name: z.string(`a CloudWatch Logs group name`).regex(groupName, "a CloudWatch Logs group name: 1-512 of A-Z a-z 0-9 . - _ / #"),
      retentionDays: z.number(retentionWhat).refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), retentionWhat),
    },
    "{ create: true, name, retentionDays }",
  ),
);

// A string first, then the object; one expectation for both, as zod reports the closest branch.
export const s3BucketChoice = once(() =>
  z.union([z.string(BUCKET_FORMS).regex(bucketName, "an S3 bucket name: 3-63 of a-z 0-9 . -"), createdLogBucket()], BUCKET_FORMS),
);
export const logGroupChoice = once(() =>
  z.union(
    [z.string(GROUP_FORMS).regex(groupName, "a CloudWatch Logs group name: 1-512 of A-Z a-z 0-9 . - _ / #"), createdLogGroup()],
    GROUP_FORMS,
  ),
);

export type CreatedLogBucket = z.infer<ReturnType<typeof createdLogBucket>>;
export type CreatedLogGroup = z.infer<ReturnType<typeof createdLogGroup>>;
