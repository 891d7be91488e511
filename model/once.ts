/**
 * A schema built on first use and kept: a stack pays for the sections of the configuration it
 * has, not for every section at load (docs/scale.md, "Fixed costs at small sizes").
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
