// What the cross-section checks read: whatever parsed, section by section. Its own module so
// that the checks (config/crossChecks.ts, config/apiLimits.ts) and the document sizing they
// call (documents/grantPolicyCounts.ts) share the type without importing each other.
import type { ProjectKeys } from "./schema";

/** `region` is `aws:region`, the provider's default Region, when it is valid. */
export type CheckableConfig = Partial<ProjectKeys> & { regions?: string[]; region?: string };
