// How many managed policies each grant of a stack becomes, known before any resource exists:
// each grant's document built as its component builds it, with the stand-in account (and
// stand-in endpoint and key ARNs of the real length), and laid out by the same splitter that
// GrantPolicy uses. The configuration check counts attachments per principal with this.
//
// It mirrors how components/{serialConsole,instanceConnect,sessionManager}.ts call the
// builders; test/scale/policyCounts.test.ts holds the two to the same numbers on real plans.
import type { CheckableConfig } from "../config/crossChecks";
import type { GrantSection } from "../config/attachments";
import { targetOf } from "../config/target";
import { ArnScope, instanceConnectEndpointArn, partitionOf } from "./arn";
import { PolicyDocument } from "./policyDocument";
import { serialConsoleGrantDocument } from "./serialConsole";
import { instanceConnectDocument } from "./instanceConnect";
import { STAND_IN_ENDPOINT_ID } from "./instanceConnectEndpoint";
import { sessionGrantDocument } from "./sessionManager";
import { sessionKeyChoice } from "./sessionPreferences";
import { MANAGED_POLICY_LIMIT, PolicySplitError, STAND_IN_ACCOUNT, layoutOf } from "./split";

/** Same length as a real key ARN's resource part (`key/<uuid>`). */
const STAND_IN_KEY = "key/00000000-0000-0000-0000-000000000000";

export type PoliciesPerGrant = (section: GrantSection, grantName: string) => number;

export interface GrantPolicyLayouts {
  policiesPerGrant: PoliciesPerGrant;
  /** Grants with a statement too large for any policy, in the configuration error format. */
  problems: string[];
}

export function grantPolicyLayouts(c: CheckableConfig): GrantPolicyLayouts {
  const regions = c.regions ?? [];
  const problems: string[] = [];
  if (regions.length === 0) return { policiesPerGrant: () => 1, problems };
  // As in components/context.ts: the provider's Region decides the partition and is the
  // endpoint's default Region (both change the documents' length).
  const home = c.region ?? regions[0];
  const scope: ArnScope = { partition: partitionOf(home), accountId: STAND_IN_ACCOUNT };
  const counts = new Map<string, number>();
  const count = (section: GrantSection, name: string, i: number, build: () => PolicyDocument) => {
    try {
      counts.set(`${section}/${name}`, layoutOf(build()).parts.length);
    } catch (e) {
      if (e instanceof PolicySplitError) {
        problems.push(
          `ec2-access:${section}.grants[${i}]: got a statement that cannot be split and alone exceeds ${MANAGED_POLICY_LIMIT} characters (${e.message}); ` +
            `expected every statement to fit in one managed policy: name fewer tag values, OS users or ports in this grant, or split it into several grants`,
        );
      }
      // Anything else is a grant the builders refuse, which the schema has reported already.
    }
  };

  const sc = c.serialConsole;
  for (const [i, g] of (sc?.grants ?? []).entries()) {
    count("serialConsole", g.name, i, () => serialConsoleGrantDocument({ scope, regions, target: targetOf(g), denyInstanceIds: sc!.denyInstanceIds }));
  }

  const ic = c.instanceConnect;
  const endpoint = ic?.endpoint;
  for (const [i, g] of (ic?.grants ?? []).entries()) {
    count("instanceConnect", g.name, i, () =>
      instanceConnectDocument(scope, {
        target: targetOf(g),
        osUsers: g.osUsers,
        regions,
        console: g.console,
        tunnel: endpoint && {
          endpointArn: instanceConnectEndpointArn(scope, endpoint.region ?? home, STAND_IN_ENDPOINT_ID),
          remotePorts: endpoint.remotePorts,
          maxTunnelDurationSeconds: endpoint.maxTunnelDurationSeconds,
        },
      }),
    );
  }

  const sm = c.sessionManager;
  const key = sm?.preferences ? sessionKeyChoice(sm.preferences.kmsKey, regions).choice : undefined;
  const sessionKeyArns =
    key?.kind === "given"
      ? regions.map((r) => key.arnByRegion[r])
      : key?.kind === "create"
        ? regions.map((r) => `arn:${scope.partition}:kms:${r}:${STAND_IN_ACCOUNT}:${STAND_IN_KEY}`)
        : [];
  for (const [i, g] of (sm?.grants ?? []).entries()) {
    count("sessionManager", g.name, i, () =>
      sessionGrantDocument(
        { role: g.role, clients: g.clients, identity: g.identity, target: targetOf(g), regions, documentName: sm!.document, sessionKeyArns },
        scope,
      ),
    );
  }

  return { policiesPerGrant: (section, name) => counts.get(`${section}/${name}`) ?? 1, problems };
}
