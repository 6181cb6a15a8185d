/**
 * JSON with object keys sorted, so two equal values always print the same text: the snapshot is
 * committed and diffed by humans, and equality checks must not depend on key insertion order.
 */

export interface CanonicalJsonOptions {
  /** Keys dropped at every depth (e.g. `source`: moving a declaration is not a schema change). */
  omitKeys?: readonly string[];
  /** Indentation passed to JSON.stringify; 0 prints one line. */
  indent?: number;
}

/**
 * Returns `value` rebuilt with sorted keys (and `omitKeys` removed); arrays keep their order.
 *
 * @example
 * sortKeysDeep({ b: 1, a: { d: 2, c: 3 } }) // { a: { c: 3, d: 2 }, b: 1 }
 */
export function sortKeysDeep(value: unknown, omitKeys: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item, omitKeys));
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (omitKeys.includes(key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    sorted[key] = sortKeysDeep(item, omitKeys);
  }
  return sorted;
}

/**
 * Prints `value` as canonical JSON.
 *
 * @example
 * canonicalJson({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  return JSON.stringify(sortKeysDeep(value, options.omitKeys ?? []), null, options.indent ?? 0);
}

/**
 * Deep equality of two JSON values, ignoring key order and every `source` field.
 *
 * @example
 * sameIgnoringSource({ a: 1, source: { file: "x.ts", line: 1 } }, { source: null, a: 1 }) // true
 */
export function sameIgnoringSource(a: unknown, b: unknown): boolean {
  return canonicalJson(a, { omitKeys: ["source"] }) === canonicalJson(b, { omitKeys: ["source"] });
}
