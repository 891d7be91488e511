// How many managed policies each grant of a stack becomes, known before any resource exists:
// each grant's document built as its component builds it, with the stand-in account (and
// stand-in endpoint and key ARNs of the real length), and laid out by the same splitter that
// GrantPolicy uses. The configuration check counts attachments per principal with this.
//
// The documents come from grantDocuments.ts, as the components' do, so the two cannot drift;
// test/scale/policyCounts.test.ts holds the counts to the policies of real plans.
import type { CheckableConfig } from "../model/schema";
import type { GrantSection } from "../model/patterns";
import { patternOfSection } from "../model/patterns";
import type { ArnScope } from "./arn";
import { partitionOf } from "./arn";
import type { GrantDocument, GrantStack } from "./grantDocuments";
import { grantDocumentForInstanceConnect, grantDocumentForSerialConsole, grantDocumentForSessionManager } from "./grantDocuments";
import type { PackCandidate, PackedPolicy } from "./pack";
import { memberKey, packLayout } from "./pack";
import type { SessionKeyChoice } from "./sessionPreferences";
import { sessionKeyChoice } from "./sessionPreferences";
import { MANAGED_POLICY_LIMIT, PolicySplitError, STAND_IN_ACCOUNT, layoutOf } from "./split";

export type PoliciesPerGrant = (section: GrantSection, grantName: string) => number;

export interface GrantPolicyLayouts {
  /** 0 for a packed grant: its policy is shared, and counted in `packed`. */
  policiesPerGrant: PoliciesPerGrant;
  /** With `packGrants`: the shared policies, exactly as components/packedGrants.ts creates them. */
  packed: PackedPolicy[];
  /** Grants with a statement too large for any policy, in the configuration error format. */
  problems: string[];
}

export function grantPolicyLayouts(c: CheckableConfig): GrantPolicyLayouts {
  const regions = c.regions ?? [];
  const problems: string[] = [];
  if (regions.length === 0) return { policiesPerGrant: () => 1, packed: [], problems };
  // As in components/context.ts: the provider's Region decides the partition and is the
  // endpoint's default Region (both change the documents' length).
  const home = c.region ?? regions[0];
  const stack: GrantStack = { regions, region: home, partition: partitionOf(home) };
  const scope: ArnScope = { partition: stack.partition, accountId: STAND_IN_ACCOUNT };
  const counts = new Map<string, number>();
  const candidates: PackCandidate[] = [];
  // Built inside the try: a grant the schema refused may make building throw.
  const count = <R>(section: GrantSection, name: string, i: number, grantDocument: () => GrantDocument<R>) => {
    try {
      const { document, standIn } = grantDocument();
      const doc = document(scope, standIn);
      counts.set(`${section}/${name}`, layoutOf(doc).parts.length);
      const principals = c[section]?.grants[i]?.principals;
      if (c.packGrants && principals) candidates.push({ pattern: patternOfSection(section), grant: name, principals, standIn: doc });
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
    count("serialConsole", g.name, i, () => grantDocumentForSerialConsole(sc!, g, stack));
  }

  const ic = c.instanceConnect;
  for (const [i, g] of (ic?.grants ?? []).entries()) {
    count("instanceConnect", g.name, i, () => grantDocumentForInstanceConnect(ic!, g, stack));
  }

  const sm = c.sessionManager;
  // A key that cannot serve the Regions names none here; the configuration check reports it.
  const sessionKey: SessionKeyChoice = (sm?.preferences ? sessionKeyChoice(sm.preferences.kmsKey, regions).choice : undefined) ?? {
    kind: "none",
  };
  for (const [i, g] of (sm?.grants ?? []).entries()) {
    count("sessionManager", g.name, i, () => grantDocumentForSessionManager(sm!, g, sessionKey, stack));
  }

  const { policies: packed, policyOf } = packLayout(candidates);
  const policiesPerGrant: PoliciesPerGrant = (section, name) =>
    policyOf.has(memberKey(patternOfSection(section), name)) ? 0 : (counts.get(`${section}/${name}`) ?? 1);
  return { policiesPerGrant, packed, problems };
}
