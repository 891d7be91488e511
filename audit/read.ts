// Reads what decides EC2 access in a live account: IAM principals and every policy that reaches
// them, instances and tags, and per Region the serial console setting, the Session Manager
// preferences document and Instance Connect Endpoints; SCPs where Organizations lets us read them.
// Every list goes through the SDK's paginators. A call that fails (denied, throttled beyond the
// retries, unreachable) is recorded with its AWS error and the rest is still read.
import * as iam from "@aws-sdk/client-iam";
import * as ec2 from "@aws-sdk/client-ec2";
import { GetDocumentCommand } from "@aws-sdk/client-ssm";
import * as org from "@aws-sdk/client-organizations";
import type { PrincipalType } from "../components/access";
import { awsManagedPolicy } from "../policypack/data/awsManagedPolicies";
import type { Clients } from "./clients";
import { mapLimit } from "./pool";

export interface LivePrincipal {
  type: PrincipalType;
  name: string;
  arn: string;
  tags: Record<string, string>;
  boundaryArn?: string;
  inline: { name: string; document: unknown }[];
  attached: { arn: string; name: string }[];
  /** For groups: the users in it. */
  members?: string[];
}

export interface LiveInstance {
  id: string;
  region: string;
  state: string;
  tags: Record<string, string>;
}

export interface RegionState {
  region: string;
  /** undefined when the setting could not be read. */
  serialConsole?: { enabled: boolean; managedBy?: string };
  /** Run As default user of SSM-SessionManagerRunShell when Run As is on; [] off or no document; undefined unread. */
  sessionRunAs?: string[];
  endpoints?: { id: string; vpcId?: string; subnetId?: string }[];
}

export interface ScpLevel {
  target: string;
  policies: { id: string; name: string; document: unknown }[];
}

export interface Failure {
  call: string;
  region?: string;
  error: string;
}

export interface Snapshot {
  accountId: string;
  principals: LivePrincipal[];
  /**
   * Managed policy documents by ARN (customer managed read, AWS managed from the pack's data),
   * with a customer managed policy's tags: a packed policy's name its grants (documents/pack.ts).
   */
  policies: Map<string, { name: string; document: unknown; tags?: Record<string, string> }>;
  instances: LiveInstance[];
  regions: RegionState[];
  /** undefined when the SCPs could not be read (not in an organization, or not allowed). */
  scps?: ScpLevel[];
  failures: Failure[];
  /** Calls that succeeded; 0 means nothing could be read. */
  succeeded: number;
}

export interface ReadOptions {
  regions: string[];
  /** Page size for every paginated list (AWS's maximum by default). */
  pageSize?: number;
  progress?: (line: string) => void;
  concurrency?: number;
}

const SESSION_DOCUMENT = "SSM-SessionManagerRunShell";

export const errorText = (e: unknown) => {
  const err = e as { name?: string; Code?: string; message?: string };
  return `${err.name ?? err.Code ?? "Error"}: ${err.message ?? String(e)}`;
};

/** IAM returns policy documents URL-encoded. */
function decodeDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}

const tagMap = (tags: { Key?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ""]));

async function collect<P, T>(pages: AsyncIterable<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

export async function readAccount(clients: Clients, opts: ReadOptions): Promise<Snapshot> {
  const failures: Failure[] = [];
  let succeeded = 0;
  const progress = opts.progress ?? (() => {});
  const limit = opts.concurrency ?? 8;
  const pageSize = opts.pageSize;
  /** Runs one read; on failure records the call and returns undefined. */
  async function attempt<T>(call: string, fn: () => Promise<T>, region?: string): Promise<T | undefined> {
    try {
      const v = await fn();
      succeeded++;
      return v;
    } catch (e) {
      failures.push({ call, ...(region ? { region } : {}), error: errorText(e) });
      return undefined;
    }
  }
  const iamPages = { client: clients.iam, ...(pageSize ? { pageSize } : {}) };

  // --- IAM principals
  const users = (await attempt("iam:ListUsers", () => collect(iam.paginateListUsers(iamPages, {}), (p) => p.Users))) ?? [];
  const groups = (await attempt("iam:ListGroups", () => collect(iam.paginateListGroups(iamPages, {}), (p) => p.Groups))) ?? [];
  const roles: iam.Role[] = [];
  const listedRoles = await attempt("iam:ListRoles", async () => {
    for await (const page of iam.paginateListRoles(iamPages, {})) {
      roles.push(...(page.Roles ?? []));
      progress(`read ${roles.length} roles`);
    }
    return roles;
  });
  if (!listedRoles) roles.length = 0;
  progress(`read ${users.length} users, ${groups.length} groups, ${roles.length} roles; reading their policies`);

  const principals: LivePrincipal[] = [];
  const kinds: { type: PrincipalType; name: string; arn: string }[] = [
    ...users.map((u) => ({ type: "user" as const, name: u.UserName!, arn: u.Arn ?? "" })),
    ...groups.map((g) => ({ type: "group" as const, name: g.GroupName!, arn: g.Arn ?? "" })),
    ...roles.map((r) => ({ type: "role" as const, name: r.RoleName!, arn: r.Arn ?? "" })),
  ];
  let done = 0;
  await mapLimit(kinds, limit, async (k) => {
    const p: LivePrincipal = { ...k, tags: {}, inline: [], attached: [] };
    const c = clients.iam;
    if (k.type === "user") {
      const u = await attempt("iam:GetUser", () => c.send(new iam.GetUserCommand({ UserName: k.name })));
      p.tags = tagMap(u?.User?.Tags);
      p.boundaryArn = u?.User?.PermissionsBoundary?.PermissionsBoundaryArn;
      const names =
        (await attempt("iam:ListUserPolicies", () =>
          collect(iam.paginateListUserPolicies(iamPages, { UserName: k.name }), (x) => x.PolicyNames),
        )) ?? [];
      for (const n of names) {
        const d = await attempt("iam:GetUserPolicy", () => c.send(new iam.GetUserPolicyCommand({ UserName: k.name, PolicyName: n })));
        if (d) p.inline.push({ name: n, document: decodeDocument(d.PolicyDocument) });
      }
      p.attached = (
        (await attempt("iam:ListAttachedUserPolicies", () =>
          collect(iam.paginateListAttachedUserPolicies(iamPages, { UserName: k.name }), (x) => x.AttachedPolicies),
        )) ?? []
      ).map(attachedRef);
    } else if (k.type === "group") {
      p.members = (
        (await attempt("iam:GetGroup", () => collect(iam.paginateGetGroup(iamPages, { GroupName: k.name }), (x) => x.Users))) ?? []
      ).map((u) => u.UserName!);
      const names =
        (await attempt("iam:ListGroupPolicies", () =>
          collect(iam.paginateListGroupPolicies(iamPages, { GroupName: k.name }), (x) => x.PolicyNames),
        )) ?? [];
      for (const n of names) {
        const d = await attempt("iam:GetGroupPolicy", () => c.send(new iam.GetGroupPolicyCommand({ GroupName: k.name, PolicyName: n })));
        if (d) p.inline.push({ name: n, document: decodeDocument(d.PolicyDocument) });
      }
      p.attached = (
        (await attempt("iam:ListAttachedGroupPolicies", () =>
          collect(iam.paginateListAttachedGroupPolicies(iamPages, { GroupName: k.name }), (x) => x.AttachedPolicies),
        )) ?? []
      ).map(attachedRef);
    } else {
      // ListRoles leaves out tags and the permissions boundary; GetRole has both.
      const r = await attempt("iam:GetRole", () => c.send(new iam.GetRoleCommand({ RoleName: k.name })));
      p.tags = tagMap(r?.Role?.Tags);
      p.boundaryArn = r?.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
      const names =
        (await attempt("iam:ListRolePolicies", () =>
          collect(iam.paginateListRolePolicies(iamPages, { RoleName: k.name }), (x) => x.PolicyNames),
        )) ?? [];
      for (const n of names) {
        const d = await attempt("iam:GetRolePolicy", () => c.send(new iam.GetRolePolicyCommand({ RoleName: k.name, PolicyName: n })));
        if (d) p.inline.push({ name: n, document: decodeDocument(d.PolicyDocument) });
      }
      p.attached = (
        (await attempt("iam:ListAttachedRolePolicies", () =>
          collect(iam.paginateListAttachedRolePolicies(iamPages, { RoleName: k.name }), (x) => x.AttachedPolicies),
        )) ?? []
      ).map(attachedRef);
    }
    principals.push(p);
    if (++done % 250 === 0) progress(`read the policies of ${done}/${kinds.length} principals`);
  });
  principals.sort((a, b) => (a.type + a.name).localeCompare(b.type + b.name));

  // --- managed policy documents: every ARN attached or used as a boundary, once
  const arns = new Set(principals.flatMap((p) => [...p.attached.map((a) => a.arn), ...(p.boundaryArn ? [p.boundaryArn] : [])]));
  const policies: Snapshot["policies"] = new Map();
  await mapLimit([...arns], limit, async (arn) => {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    // AWS managed policies: the pack ships every current document, no call needed.
    const shipped = /^arn:aws[^:]*:iam::aws:policy\//.test(arn) ? awsManagedPolicy(arn) : undefined;
    if (shipped) return void policies.set(arn, { name, document: shipped.document });
    const meta = await attempt("iam:GetPolicy", () => clients.iam.send(new iam.GetPolicyCommand({ PolicyArn: arn })));
    const version = meta?.Policy?.DefaultVersionId;
    if (!version) return;
    const v = await attempt("iam:GetPolicyVersion", () =>
      clients.iam.send(new iam.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version })),
    );
    if (v?.PolicyVersion) policies.set(arn, { name, document: decodeDocument(v.PolicyVersion.Document), tags: tagMap(meta?.Policy?.Tags) });
  });

  // --- per Region
  const instances: LiveInstance[] = [];
  const regions: RegionState[] = [];
  for (const region of opts.regions) {
    const e = clients.ec2(region);
    const state: RegionState = { region };
    const reservations = await attempt(
      "ec2:DescribeInstances",
      async () => {
        const out: LiveInstance[] = [];
        for await (const page of ec2.paginateDescribeInstances(
          { client: e, ...(pageSize ? { pageSize: Math.max(5, pageSize) } : {}) },
          {},
        )) {
          for (const r of page.Reservations ?? [])
            for (const i of r.Instances ?? []) out.push({ id: i.InstanceId!, region, state: i.State?.Name ?? "", tags: tagMap(i.Tags) });
          progress(`${region}: read ${out.length} instances`);
        }
        return out;
      },
      region,
    );
    instances.push(...(reservations ?? []));
    const serial = await attempt("ec2:GetSerialConsoleAccessStatus", () => e.send(new ec2.GetSerialConsoleAccessStatusCommand({})), region);
    if (serial)
      state.serialConsole = {
        enabled: serial.SerialConsoleAccessEnabled === true,
        ...(serial.ManagedBy ? { managedBy: serial.ManagedBy } : {}),
      };
    const endpoints = await attempt(
      "ec2:DescribeInstanceConnectEndpoints",
      () => collect(ec2.paginateDescribeInstanceConnectEndpoints({ client: e }, {}), (p) => p.InstanceConnectEndpoints),
      region,
    );
    if (endpoints) state.endpoints = endpoints.map((x) => ({ id: x.InstanceConnectEndpointId!, vpcId: x.VpcId, subnetId: x.SubnetId }));
    state.sessionRunAs = await readSessionRunAs(clients, region, failures, () => succeeded++);
    regions.push(state);
  }

  // --- SCPs: the account's own and its parents' up to the root (management account or delegated admin only)
  const accountId = accountOf(principals, instances);
  const scps = accountId ? await readScps(clients, accountId, attempt, () => succeeded++, failures) : undefined;
  return { accountId, principals, policies, instances, regions, scps, failures, succeeded };
}

type Attempt = <T>(call: string, fn: () => Promise<T>) => Promise<T | undefined>;

/**
 * The SCPs that apply to the account, level by level from the account up to the root; [] when
 * none applies (not in an organization, or the management account: SCPs do not affect its users
 * and roles); undefined when a call failed: each call is reported by its own name, and a level
 * left unread is not guessed (the access is then shown without SCPs, overstated rather than hidden).
 */
async function readScps(
  clients: Clients,
  accountId: string,
  attempt: Attempt,
  ok: () => void,
  failures: Failure[],
): Promise<ScpLevel[] | undefined> {
  const o = clients.organizations;
  let organization: org.Organization | undefined;
  try {
    organization = (await o.send(new org.DescribeOrganizationCommand({}))).Organization;
    ok();
  } catch (e) {
    if ((e as { name?: string }).name === "AWSOrganizationsNotInUseException") {
      ok();
      return [];
    }
    failures.push({ call: "organizations:DescribeOrganization", error: errorText(e) });
    return undefined;
  }
  if (organization?.MasterAccountId === accountId) return [];
  const levels: ScpLevel[] = [];
  let target = accountId;
  for (let depth = 0; depth < 7 && target; depth++) {
    const summaries = await attempt("organizations:ListPoliciesForTarget", () =>
      collect(org.paginateListPoliciesForTarget({ client: o }, { TargetId: target, Filter: "SERVICE_CONTROL_POLICY" }), (p) => p.Policies),
    );
    if (!summaries) return undefined;
    const level: ScpLevel = { target, policies: [] };
    for (const s of summaries) {
      const d = await attempt("organizations:DescribePolicy", () => o.send(new org.DescribePolicyCommand({ PolicyId: s.Id! })));
      if (!d) return undefined;
      level.policies.push({ id: s.Id!, name: s.Name ?? s.Id!, document: decodeDocument(d.Policy?.Content) });
    }
    levels.push(level);
    if (target.startsWith("r-")) break;
    const parents = await attempt("organizations:ListParents", () =>
      collect(org.paginateListParents({ client: o }, { ChildId: target }), (p) => p.Parents),
    );
    if (!parents) return undefined;
    target = parents[0]?.Id ?? "";
  }
  return levels;
}

const attachedRef = (a: iam.AttachedPolicy) => ({
  arn: a.PolicyArn!,
  name: a.PolicyName ?? a.PolicyArn!.slice(a.PolicyArn!.lastIndexOf("/") + 1),
});

function accountOf(principals: LivePrincipal[], instances: LiveInstance[]): string {
  for (const p of principals) {
    const m = /^arn:[^:]+:iam::(\d{12}):/.exec(p.arn);
    if (m) return m[1];
  }
  return instances.length ? "" : "";
}

/** SSM-SessionManagerRunShell's Run As default user; absent document: Run As off. */
async function readSessionRunAs(clients: Clients, region: string, failures: Failure[], ok: () => void): Promise<string[] | undefined> {
  try {
    const d = await clients.ssm(region).send(new GetDocumentCommand({ Name: SESSION_DOCUMENT, DocumentFormat: "JSON" }));
    ok();
    const content = decodeDocument(d.Content) as { inputs?: { runAsEnabled?: unknown; runAsDefaultUser?: unknown } } | undefined;
    const inputs = content?.inputs;
    const on = inputs?.runAsEnabled === true || inputs?.runAsEnabled === "true";
    return on && typeof inputs?.runAsDefaultUser === "string" && inputs.runAsDefaultUser ? [inputs.runAsDefaultUser] : [];
  } catch (e) {
    if ((e as { name?: string }).name === "InvalidDocument") {
      ok();
      return [];
    }
    failures.push({ call: "ssm:GetDocument", region, error: errorText(e) });
    return undefined;
  }
}
