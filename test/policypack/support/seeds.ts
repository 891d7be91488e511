// The policy documents of the AWS pages in test/fixtures/aws-pages, verbatim (JSON re-serialised;
// the 004 page's callout images removed). Every rule must pass the ones the pages recommend.
// Each key is <page>.<example>. The serial console pages (000, 001) are parsed from the text
// that test/serialConsole/seeds.ts keeps, so both suites test one copy of them; the others
// were generated from the seed files.
import {
  EN_ADMIN,
  EN_EXPLICIT_ALLOW,
  EN_EXPLICIT_DENY,
  EN_TAG_BASED,
  JA_ADMIN,
  JA_EXPLICIT_ALLOW,
  JA_EXPLICIT_DENY,
  JA_TAG_BASED,
} from "../../serialConsole/seeds";

export type SeedDocument = { Version: string; Statement: Record<string, unknown>[] };

const parsed = (text: string) => JSON.parse(text) as SeedDocument;

/** Seed 000. */
export const serialConsoleEn = {
  manageAccountAccess: parsed(EN_ADMIN),
  allowSpecificInstance: parsed(EN_EXPLICIT_ALLOW),
  allowAllDenyOne: parsed(EN_EXPLICIT_DENY),
  allowByTag: parsed(EN_TAG_BASED),
};

/** Seed 001. */
export const serialConsoleJa = {
  manageAccountAccess: parsed(JA_ADMIN),
  allowSpecificInstance: parsed(JA_EXPLICIT_ALLOW),
  allowAllDenyOne: parsed(JA_EXPLICIT_DENY),
  allowByTag: parsed(JA_TAG_BASED),
};

/** Seed 002. */
export const instanceConnect = {
  specificInstances: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSSHPublicKey",
        Resource: [
          "arn:aws:ec2:region:account-id:instance/i-1234567890abcdef0",
          "arn:aws:ec2:region:account-id:instance/i-0598c7d356eba48d7",
        ],
        Condition: {
          StringEquals: {
            "ec2:osuser": "ami-username",
          },
        },
      },
      {
        Effect: "Allow",
        Action: "ec2:DescribeInstances",
        Resource: "*",
      },
    ],
  } as SeedDocument,
  instancesWithTags: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSSHPublicKey",
        Resource: "arn:aws:ec2:region:account-id:instance/*",
        Condition: {
          StringEquals: {
            "aws:ResourceTag/tag-key": "tag-value",
          },
        },
      },
      {
        Effect: "Allow",
        Action: "ec2:DescribeInstances",
        Resource: "*",
      },
    ],
  } as SeedDocument,
};

/** Seed 004. */
export const sessionManagerQuickstart = {
  endUserSessionManagerCli: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession"],
        Resource: ["arn:aws:ec2:*:*:instance/instance-id", "arn:aws:ssm:region:account-id:document/SSM-SessionManagerRunShell"],
        Condition: {
          BoolIfExists: {
            "ssm:SessionDocumentAccessCheck": "true",
          },
        },
      },
      {
        Effect: "Allow",
        Action: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
      {
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: "key-name",
      },
    ],
  } as SeedDocument,
  endUserEc2Console: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: ["arn:aws:ec2:*:*:instance/instance-id"],
      },
      {
        Effect: "Allow",
        Action: ["ssm:GetConnectionStatus", "ssm:DescribeInstanceInformation"],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
    ],
  } as SeedDocument,
  endUserAll: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: ["arn:aws:ec2:*:*:instance/instance-id", "arn:aws:ssm:region:account-id:document/SSM-SessionManagerRunShell"],
        Condition: {
          BoolIfExists: {
            "ssm:SessionDocumentAccessCheck": "true",
          },
        },
      },
      {
        Effect: "Allow",
        Action: [
          "ssm:DescribeSessions",
          "ssm:GetConnectionStatus",
          "ssm:DescribeInstanceInformation",
          "ssm:DescribeInstanceProperties",
          "ec2:DescribeInstances",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
      {
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: "key-name",
      },
    ],
  } as SeedDocument,
  adminSessionManagerCli: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession"],
        Resource: ["arn:aws:ec2:*:*:instance/*"],
        Condition: {
          StringLike: {
            "ssm:resourceTag/Finance": ["WebServers"],
          },
        },
      },
      {
        Effect: "Allow",
        Action: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:GetDocument"],
        Resource: "arn:aws:ssm:region:account-id:document/SSM-SessionManagerRunShell",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
    ],
  } as SeedDocument,
  adminEc2Console: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: ["arn:aws:ec2:*:*:instance/*"],
        Condition: {
          StringLike: {
            "ssm:resourceTag/tag-key": ["tag-value"],
          },
        },
      },
      {
        Effect: "Allow",
        Action: ["ssm:GetConnectionStatus", "ssm:DescribeInstanceInformation"],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
    ],
  } as SeedDocument,
  adminAll: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: ["arn:aws:ec2:*:*:instance/*"],
        Condition: {
          StringLike: {
            "ssm:resourceTag/tag-key": ["tag-value"],
          },
        },
      },
      {
        Effect: "Allow",
        Action: [
          "ssm:DescribeSessions",
          "ssm:GetConnectionStatus",
          "ssm:DescribeInstanceInformation",
          "ssm:DescribeInstanceProperties",
          "ec2:DescribeInstances",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:GetDocument"],
        Resource: "arn:aws:ssm:region:account-id:document/SSM-SessionManagerRunShell",
      },
      {
        Effect: "Allow",
        Action: ["ssm:TerminateSession"],
        Resource: ["arn:aws:ssm:*:*:session/${aws:username}-*"],
      },
    ],
  } as SeedDocument,
};
