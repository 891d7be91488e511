// Reads what `pulumi stack export` (or a DIY backend's checkpoint) and `pulumi preview --json`
// print into the registrations the policy runner takes, the way the engine's own
// `pulumi policy analyze` (pkg/resource/deploy/analyze_snapshot.go) feeds a snapshot to the
// analyzers: resources marked for deletion are skipped, resource policies get the inputs, stack
// policies the outputs.
import type { Registration } from "../capture";
import { UNKNOWN } from "../capture";

export type StackFileFormat = "stack-export" | "checkpoint" | "preview";

export interface StackFile {
  format: StackFileFormat;
  /** From the URNs (`urn:pulumi:<stack>::<project>::...`): what the pack's allow-lists match. */
  stack: string;
  project: string;
  registrations: Registration[];
  /** What the file leaves out that the reader should know (printed on stderr). */
  notes: string[];
}

/** The file is neither format, or a resource in it is malformed: exit 2, with this message. */
export class NotAStackFile extends Error {}

// Property-value encodings of the state files (sdk/go/common/resource/sig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Deployment versions whose `resources[]` have the shape read here (4 adds `features`). */
const DEPLOYMENT_VERSIONS = [3, 4];

/** Preview steps whose new state is not part of the stack after the update. */
const GONE_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` (the name may contain `::`). */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return undefined;
  const [head, project, qualifiedType] = parts;
  const stack = head.slice("urn:pulumi:".length);
  const name = parts.slice(3).join("::");
  if (!stack || !project || !qualifiedType || !name) return undefined;
  return { stack, project, type: qualifiedType.split("$").pop() as string, name };
}

/**
 * A state file's property value as a policy sees it. A secret exported with `--show-secrets`
 * carries its plaintext (JSON-encoded); without it only ciphertext, which cannot be decrypted
 * offline: it becomes the engine's unknown, so a policy that reads it is reported as unable to
 * run instead of judging a ciphertext. Assets and archives stay as their JSON form.
 */
function policyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(policyValue);
  if (!isObject(v)) return v;
  if (v[SIG_KEY] === SECRET_SIG) {
    if (typeof v.plaintext === "string") {
      try {
        return policyValue(JSON.parse(v.plaintext));
      } catch {
        return UNKNOWN;
      }
    }
    return "value" in v ? policyValue(v.value) : UNKNOWN;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, policyValue(x)]));
}

function containsSecret(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(containsSecret);
  if (!isObject(v)) return false;
  return v[SIG_KEY] === SECRET_SIG || Object.values(v).some(containsSecret);
}

function props(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new NotAStackFile(`${where}: expected an object of properties, got ${JSON.stringify(value).slice(0, 60)}`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((d) => typeof d === "string")) throw new NotAStackFile(`${where}: expected a list of URNs`);
  return value;
}

/**
 * `pulumi preview --json` prints each secret as the string "[secret]" (`--show-secrets` prints the
 * value): unreadable, so the engine's unknown, as a ciphertext is in an export.
 */
const PREVIEW_SECRET = "[secret]";
function unmaskedPreview(v: unknown): unknown {
  if (v === PREVIEW_SECRET) return UNKNOWN;
  if (Array.isArray(v)) return v.map(unmaskedPreview);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unmaskedPreview(x)]));
  return v;
}

/** One resource state (`deployment.resources[i]` or `steps[i].newState`) as a registration. */
function registrationOf(state: unknown, where: string): Registration {
  if (!isObject(state)) throw new NotAStackFile(`${where}: expected a resource object`);
  const { urn, type } = state;
  if (typeof urn !== "string") throw new NotAStackFile(`${where}.urn: expected a URN string, got ${JSON.stringify(urn)}`);
  const parsed = parseUrn(urn);
  if (!parsed)
    throw new NotAStackFile(`${where}.urn: ${JSON.stringify(urn)} is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`);
  if (typeof type !== "string" || type === "")
    throw new NotAStackFile(`${where}.type: expected a resource type string, got ${JSON.stringify(type)}`);
  const rawInputs = props(state.inputs, `${where}.inputs`);
  // A create in a preview has no outputs yet; the provider's preview of them echoes the inputs
  // (unknown where computed), which is what the engine's stack policies then see.
  const rawOutputs = state.outputs === undefined ? rawInputs : props(state.outputs, `${where}.outputs`);
  const secretKeys = [
    ...new Set([
      ...Object.keys(rawInputs).filter((k) => containsSecret(rawInputs[k])),
      ...Object.keys(rawOutputs).filter((k) => containsSecret(rawOutputs[k])),
    ]),
  ];
  return {
    urn,
    type,
    name: parsed.name,
    custom: state.custom === true,
    parent: typeof state.parent === "string" && state.parent !== "" ? state.parent : null,
    dependencies: stringList(state.dependencies, `${where}.dependencies`),
    provider: typeof state.provider === "string" ? state.provider : null,
    importId: typeof state.importID === "string" ? state.importID : null,
    protect: state.protect === true,
    inputs: policyValue(rawInputs) as Record<string, unknown>,
    outputs: policyValue(rawOutputs) as Record<string, unknown>,
    secretKeys,
  };
}

function resourcesOfDeployment(deployment: unknown, where: string): Registration[] {
  if (!isObject(deployment)) throw new NotAStackFile(`${where}: expected an object`);
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) throw new NotAStackFile(`${where}.resources: expected a list of resources`);
  return resources
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => !(isObject(r) && r.delete === true))
    .map(({ r, i }) => registrationOf(r, `${where}.resources[${i}]`));
}

function resourcesOfPreview(steps: unknown[]): Registration[] {
  // A replacement shows one URN in several steps; the last new state is the one that stays.
  const byUrn = new Map<string, Registration>();
  steps.forEach((step, i) => {
    if (!isObject(step)) throw new NotAStackFile(`steps[${i}]: expected a step object`);
    if (typeof step.op === "string" && GONE_OPS.has(step.op)) return;
    if (step.newState === undefined || step.newState === null) return;
    const r = registrationOf(step.newState, `steps[${i}].newState`);
    r.inputs = unmaskedPreview(r.inputs) as Record<string, unknown>;
    r.outputs = unmaskedPreview(r.outputs) as Record<string, unknown>;
    byUrn.delete(r.urn);
    byUrn.set(r.urn, r);
  });
  return [...byUrn.values()];
}

const NEITHER =
  'neither `pulumi stack export` output (an object with "version" and "deployment": {"resources": [...]}) nor `pulumi preview --json` output (an object with "steps": [...])';

export function readStackFile(text: string): StackFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new NotAStackFile(`not JSON (${(e as Error).message}); expected ${NEITHER}`);
  }
  if (!isObject(doc)) throw new NotAStackFile(`not a stack file: ${NEITHER}`);

  let format: StackFileFormat;
  let registrations: Registration[];
  const notes: string[] = [];
  if ("deployment" in doc || "checkpoint" in doc) {
    const version = doc.version;
    if (typeof version !== "number" || !DEPLOYMENT_VERSIONS.includes(version)) {
      throw new NotAStackFile(
        `version: ${JSON.stringify(version)} is not a deployment version this reads (${DEPLOYMENT_VERSIONS.join(" or ")}); export the stack with a current Pulumi CLI`,
      );
    }
    if ("deployment" in doc) {
      format = "stack-export";
      registrations = resourcesOfDeployment(doc.deployment, "deployment");
    } else {
      format = "checkpoint";
      const checkpoint = doc.checkpoint;
      registrations =
        isObject(checkpoint) && checkpoint.latest !== undefined && checkpoint.latest !== null
          ? resourcesOfDeployment(checkpoint.latest, "checkpoint.latest")
          : [];
    }
  } else if (Array.isArray(doc.steps) || (doc.steps === undefined && isObject(doc.changeSummary))) {
    // `steps` is left out of the JSON when the preview has none to show.
    format = "preview";
    registrations = resourcesOfPreview((doc.steps as unknown[] | undefined) ?? []);
    // Without --show-sames the preview lists only what changes: stack policies would not see
    // the unchanged resources (an attachment's policy, a tag-scoped grant).
    const same = isObject(doc.changeSummary) && typeof doc.changeSummary.same === "number" ? doc.changeSummary.same : 0;
    const listedSame = ((doc.steps as unknown[] | undefined) ?? []).filter((st) => isObject(st) && st.op === "same").length;
    if (same > listedSame)
      notes.push(
        `${same - listedSame} unchanged resource(s) are not in this preview, so no policy saw them; run \`pulumi preview --json --show-sames\` to check the whole stack`,
      );
  } else {
    throw new NotAStackFile(`not a stack file: ${NEITHER}`);
  }

  const stacks = new Set(registrations.map((r) => `${parseUrn(r.urn)!.stack}::${parseUrn(r.urn)!.project}`));
  if (stacks.size > 1)
    throw new NotAStackFile(
      `resources of more than one stack in one file: ${[...stacks].map((s) => s.replace("::", " of project ")).join(", ")}`,
    );
  const [stack = "", project = ""] = [...stacks][0]?.split("::") ?? [];
  return { format, stack, project, registrations, notes };
}
