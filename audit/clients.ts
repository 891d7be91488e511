// The SDK clients the audit reads with: the usual credential chain, one Region each, an optional
// endpoint (moto in the tests), and the SDK's own retry with exponential backoff for throttling
// (standard mode retries ThrottlingException, Throttling, RequestLimitExceeded, ... up to
// maxAttempts). Every call is counted per operation, which drives the progress line on stderr.
import { IAMClient } from "@aws-sdk/client-iam";
import { EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";

export interface ClientOptions {
  endpoint?: string;
  /** Attempts per call including the first; throttled calls are retried with backoff. */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/** Calls made per operation name, retries included (one count per attempt). */
export type CallCounts = Map<string, number>;

interface Stackable {
  middlewareStack: { add: (mw: any, opts: any) => void };
}

function counted<C extends Stackable>(client: C, counts: CallCounts): C {
  client.middlewareStack.add(
    (next: any, context: any) => async (args: any) => {
      counts.set(context.commandName, (counts.get(context.commandName) ?? 0) + 1);
      return next(args);
    },
    // After retry: every attempt passes here, so a retried call counts twice.
    { step: "finalizeRequest", name: "ec2AccessAuditCount", priority: "low" },
  );
  return client;
}

export interface Clients {
  iam: IAMClient;
  organizations: OrganizationsClient;
  ec2: (region: string) => EC2Client;
  ssm: (region: string) => SSMClient;
  /** Read only for a stack with alerts (audit/alerts.ts). */
  cloudtrail: (region: string) => CloudTrailClient;
  events: (region: string) => EventBridgeClient;
  counts: CallCounts;
  destroy: () => void;
}

/**
 * The SDK warns once per process, on stderr, that its releases after January 2027 need Node 22
 * (aws/aws-sdk-js-v3#7983). This project's engines already say >=22, and the audit's stderr is
 * for progress and AWS errors, so it turns the notice off the way that announcement documents
 * (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true), unless the caller set it.
 */
export function quietSdkNotices(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

export function makeClients(opts: ClientOptions): Clients {
  quietSdkNotices();
  const counts: CallCounts = new Map();
  const base = { endpoint: opts.endpoint, maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retryMode: "standard" };
  const made: { destroy: () => void }[] = [];
  const keep = <C extends Stackable & { destroy: () => void }>(c: C) => (made.push(c), counted(c, counts));
  const perRegion = <C extends Stackable & { destroy: () => void }>(make: (region: string) => C) => {
    const cache = new Map<string, C>();
    return (region: string) => {
      if (!cache.has(region)) cache.set(region, keep(make(region)));
      return cache.get(region)!;
    };
  };
  // IAM and Organizations are global services signed in us-east-1.
  return {
    iam: keep(new IAMClient({ ...base, region: "us-east-1" })),
    organizations: keep(new OrganizationsClient({ ...base, region: "us-east-1" })),
    ec2: perRegion((region) => new EC2Client({ ...base, region })),
    ssm: perRegion((region) => new SSMClient({ ...base, region })),
    cloudtrail: perRegion((region) => new CloudTrailClient({ ...base, region })),
    events: perRegion((region) => new EventBridgeClient({ ...base, region })),
    counts,
    destroy: () => made.forEach((c) => c.destroy()),
  };
}
