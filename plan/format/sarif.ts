// Violations as SARIF 2.1.0, the format GitHub code scanning uploads (`github/codeql-action/
// upload-sarif`): one rule per policy of the pack, one result per violation. GitHub needs a
// physical location with a file path on every result, so each result points at the file that was
// checked (the stack export, the Pulumi.<stack>.yaml, the policy document) and names the resource
// by its URN as a logical location.
import { createHash } from "node:crypto";
import type { Policies } from "@pulumi/policy";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Violation } from "../policyRunner";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifSource {
  /** The checked file as a path relative to the repository root (forward slashes), or a URI. */
  uri: string;
  /** The file's text, to point each result at the line naming its resource. */
  text?: string;
  /** Where a stack-level violation (no URN) is attributed, as the engine does: the root stack's URN. */
  stackUrn?: string;
}

const LEVEL = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "none" } as const;

// GitHub ranks alerts by `security-severity` (0.0 to 10.0), in the bands it documents:
// critical over 9.0, high 7.0 to 8.9, medium 4.0 to 6.9, low 0.1 to 3.9.
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function ruleOf(policy: Policies[number]): ReportingDescriptor {
  const remediation = (policy as { remediationSteps?: string }).remediationSteps;
  const help = remediation ? `${policy.description}\n\nRemediation:\n${remediation}` : policy.description;
  return {
    id: policy.name,
    name: policy.name,
    shortDescription: { text: policy.description },
    fullDescription: { text: policy.description },
    help: { text: help },
    defaultConfiguration: { level: LEVEL[policy.enforcementLevel ?? "advisory"] },
    properties: {
      tags: ["security", "iam", "pulumi-policy"],
      ...(policy.severity ? { "security-severity": SECURITY_SEVERITY[policy.severity], severity: policy.severity } : {}),
    },
  };
}

/** 1-based line of the first mention of `urn` in the file, or 1. */
function lineOf(text: string | undefined, urn: string): number {
  if (!text || !urn) return 1;
  const at = text.indexOf(JSON.stringify(urn));
  const i = at >= 0 ? at : text.indexOf(urn);
  return i < 0 ? 1 : text.slice(0, i).split("\n").length;
}

/**
 * A finding of the plan itself rather than of a pack policy (`access-matches-intent`: what the
 * documents allow differs from what the configuration grants) still gets a rule, so that every
 * result points at one.
 */
function planRuleOf(name: string): ReportingDescriptor {
  const text = `Finding of the ec2-access offline plan, not of a policy of the pack: ${name}.`;
  return {
    id: name,
    name,
    shortDescription: { text },
    help: { text },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "iam"] },
  };
}

export function renderSarif(
  violations: Violation[],
  policies: Policies,
  source: SarifSource,
  tool: { name: string; version: string },
): Log {
  const rules = policies.map(ruleOf);
  const known = new Set(rules.map((r) => r.id));
  for (const v of violations) {
    if (!known.has(v.policy)) {
      known.add(v.policy);
      rules.push(planRuleOf(v.policy));
    }
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = violations.map((v) => {
    const urn = v.urn || source.stackUrn || "";
    const ruleIndex = index.get(v.policy);
    return {
      ruleId: v.policy,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: LEVEL[v.enforcementLevel] ?? "warning",
      message: { text: v.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: source.uri }, region: { startLine: lineOf(source.text, urn) } },
          ...(urn ? { logicalLocations: [{ fullyQualifiedName: urn, name: urn.split("::").pop(), kind: "resource" }] } : {}),
        },
      ],
      // Same policy, resource and finding: the same alert from one run to the next.
      partialFingerprints: { "ec2AccessViolation/v1": createHash("sha256").update(`${v.policy}\n${urn}\n${v.message}`).digest("hex") },
      properties: { enforcementLevel: v.enforcementLevel },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{ tool: { driver: { name: tool.name, version: tool.version, rules } }, results }],
  };
}
