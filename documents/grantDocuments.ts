// How a configured grant becomes its policy document, once for each access pattern. The
// components (GrantPolicy, at deployment) and grantPolicyCounts.ts (the configuration check,
// before any resource exists) both build grants through here, so the policies the check counts
// are the policies the plan creates. Pure: no Pulumi, plain values in.
import type {
  InstanceConnectConfig,
  InstanceConnectGrant,
  SerialConsoleConfig,
  SerialConsoleGrant,
  SessionManagerConfig,
  SessionManagerGrant,
} from "../model/schema";
import { targetOf } from "../model/target";
import { declaredEndpoints } from "../model/instanceConnectEndpoints";
import type { ArnScope } from "./arn";
import { instanceConnectEndpointArn } from "./arn";
import type { PolicyDocument } from "./policyDocument";
import { withExpiry } from "./expiry";
import { serialConsoleGrantDocument } from "./serialConsole";
import { instanceConnectDocument } from "./instanceConnect";
import { STAND_IN_ENDPOINT_ID } from "./instanceConnectEndpoint";
import { sessionGrantDocument } from "./sessionManager";
import type { SessionKeyChoice } from "./sessionPreferences";
import { STAND_IN_ACCOUNT } from "./split";

/** Same length as a real key ARN's resource part (`key/<uuid>`). */
const STAND_IN_KEY = "key/00000000-0000-0000-0000-000000000000";

/** What a grant's document depends on besides the grant (a StackContext has all three). */
export interface GrantStack {
  /** Every Region the stack manages. */
  regions: string[];
  /** The provider's Region: the default Region of the Instance Connect endpoint. */
  region: string;
  /** The provider Region's partition. */
  partition: string;
}

/**
 * A grant's document, as GrantPolicy takes it: a pure builder, and a stand-in of the real
 * length for the value the document names that exists only after deployment (an endpoint's or
 * a key's ARN), so that the document is sized (and split) before that value exists.
 */
export interface GrantDocument<R> {
  document: (scope: ArnScope, resolved: R) => PolicyDocument;
  /** Undefined when the document names no such value. */
  standIn: R;
}

/**
 * The one place a grant's document gets what every pattern shares: its end (`expires`, on every
 * Allow statement, expiry.ts). Each function below returns through here, so a pattern's builder
 * never needs to know about it.
 */
function assembled<R>(grant: { expires?: string }, built: GrantDocument<R>): GrantDocument<R> {
  if (grant.expires === undefined) return built;
  return { document: (scope, resolved) => withExpiry(built.document(scope, resolved), grant.expires), standIn: built.standIn };
}

/** Names no value of the deployment: the builder ignores its second argument. */
export function grantDocumentForSerialConsole(
  section: Pick<SerialConsoleConfig, "denyInstanceIds">,
  grant: SerialConsoleGrant,
  stack: GrantStack,
): GrantDocument<undefined> {
  const target = targetOf(grant);
  return assembled(grant, {
    document: (scope) => serialConsoleGrantDocument({ scope, regions: stack.regions, target, denyInstanceIds: section.denyInstanceIds }),
    standIn: undefined,
  });
}

/**
 * With endpoints, the tunnel statements name their ARNs (in the order of declaredEndpoints);
 * the stand-ins are in each endpoint's Region (by default the provider's), whose length changes
 * the document's.
 */
export function grantDocumentForInstanceConnect(
  section: Pick<InstanceConnectConfig, "endpoint" | "endpoints">,
  grant: InstanceConnectGrant,
  stack: GrantStack,
): GrantDocument<string[] | undefined> {
  const endpoints = declaredEndpoints(section, stack.region);
  return assembled(grant, {
    document: (scope, endpointArns) =>
      instanceConnectDocument(scope, {
        target: targetOf(grant),
        osUsers: grant.osUsers,
        regions: stack.regions,
        console: grant.console,
        // With endpoints, both callers pass their ARNs (or the stand-ins below), one each.
        tunnels: endpoints.map(({ endpoint }, i) => ({
          endpointArns: [endpointArns![i]],
          remotePorts: endpoint.remotePorts,
          maxTunnelDurationSeconds: endpoint.maxTunnelDurationSeconds,
        })),
      }),
    standIn:
      endpoints.length > 0
        ? endpoints.map(({ region }) =>
            instanceConnectEndpointArn({ partition: stack.partition, accountId: STAND_IN_ACCOUNT }, region, STAND_IN_ENDPOINT_ID),
          )
        : undefined,
  });
}

/**
 * The document names the session keys, one per Region. A given key's stand-in is its real
 * ARN; only a created key's ARN waits for deployment.
 */
export function grantDocumentForSessionManager(
  section: Pick<SessionManagerConfig, "document">,
  grant: SessionManagerGrant,
  sessionKey: SessionKeyChoice,
  stack: GrantStack,
): GrantDocument<string[]> {
  const target = targetOf(grant);
  return assembled(grant, {
    document: (scope, sessionKeyArns) =>
      sessionGrantDocument(
        {
          role: grant.role,
          clients: grant.clients,
          identity: grant.identity,
          target,
          regions: stack.regions,
          documentName: section.document,
          sessionDocuments: grant.documents,
          sessionKeyArns,
        },
        scope,
      ),
    standIn: sessionKeyStandIns(sessionKey, stack),
  });
}

function sessionKeyStandIns(choice: SessionKeyChoice, stack: GrantStack): string[] {
  if (choice.kind === "none") return [];
  if (choice.kind === "given") return stack.regions.map((r) => choice.arnByRegion[r]);
  return stack.regions.map((r) => `arn:${stack.partition}:kms:${r}:${STAND_IN_ACCOUNT}:${STAND_IN_KEY}`);
}
