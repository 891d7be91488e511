// Unknown values during preview. The engine wraps `props` in `unknownCheckingProxy`: touching an
// unknown throws its `UnknownValueError`, which the engine turns into an advisory "can't run
// policy during preview". The pack lets that one error through every catch. Tools that call the
// policies without the proxy may pass the raw sentinels instead: they raise the same error.
// `@pulumi/policy/proxy` is internal (no typings), hence the typed require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  UnknownValueError: new (sentinel: string, props: string[]) => Error;
  unknownStringValue: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
  unknownAssetValue: string;
  unknownArchiveValue: string;
};

const SENTINELS = new Set<unknown>([
  proxy.unknownStringValue,
  proxy.unknownBooleanValue,
  proxy.unknownNumberValue,
  proxy.unknownArrayValue,
  proxy.unknownObjectValue,
  proxy.unknownAssetValue,
  proxy.unknownArchiveValue,
]);

/** True for the engine's UnknownValueError, even from another copy of @pulumi/policy. */
export function isUnknownValueError(e: unknown): boolean {
  return e instanceof proxy.UnknownValueError || (e instanceof Error && "unknownTypeSentinel" in e && "props" in e);
}

export function rethrowIfUnknown(e: unknown): void {
  if (isUnknownValueError(e)) throw e;
}

export function isUnknownSentinel(v: unknown): boolean {
  return typeof v === "string" && SENTINELS.has(v);
}

export function throwIfUnknownSentinel(v: unknown, path: string[] = []): void {
  if (isUnknownSentinel(v)) throw new proxy.UnknownValueError(v as string, path);
}

/** The sentinel for an unknown string: tests and tools use it to stand for a preview value. */
export const UNKNOWN_STRING: string = proxy.unknownStringValue;
