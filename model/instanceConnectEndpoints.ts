// The stack's EC2 Instance Connect Endpoints, whichever key declares them: the single
// `endpoint` (kept valid) or the `endpoints` list. Every reader goes through this, so that the
// two forms can never be read differently.
import type { InstanceConnectConfig, InstanceConnectEndpointConfig } from "./schema";

export interface DeclaredEndpointConfig {
  /** Key path below `instanceConnect`: ["endpoint"] or ["endpoints", i]. */
  key: (string | number)[];
  /**
   * Part of the endpoint's resource names: empty for the single `endpoint` (its names stay as
   * they were), `-<region>-<subnetId>` for a listed one, so that reordering the list renames
   * nothing (one endpoint per subnet is AWS's quota, so the pair is unique).
   */
  nameSuffix: string;
  region: string;
  endpoint: InstanceConnectEndpointConfig;
}

export function declaredEndpoints(
  section: Pick<InstanceConnectConfig, "endpoint" | "endpoints"> | undefined,
  defaultRegion: string,
): DeclaredEndpointConfig[] {
  if (!section) return [];
  const single = section.endpoint
    ? [{ key: ["endpoint"], nameSuffix: "", region: section.endpoint.region ?? defaultRegion, endpoint: section.endpoint }]
    : [];
  const listed = (section.endpoints ?? []).map((endpoint, i) => {
    const region = endpoint.region ?? defaultRegion;
    return { key: ["endpoints", i], nameSuffix: `-${region}-${endpoint.subnetId}`, region, endpoint };
  });
  return [...single, ...listed];
}
