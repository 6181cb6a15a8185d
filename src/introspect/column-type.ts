/**
 * Catalog default text → the IR's default. Exact or explicit: a default that is not a plain
 * literal of the column's type stays SQL; nothing is approximated. (Types come from the column-kind
 * registry's `columnTypeFromCatalog`.)
 */
import type { ColumnTypeIR, DefaultIR, JsonValue, ScalarTypeIR } from "../ir/types.js";

/** `'it''s'::text` → `it's`; the literal must be the whole expression. */
const castLiteral = (text: string): { value: string; cast: string } | null => {
  const found = /^'((?:[^']|'')*)'(?:::(.+))?$/s.exec(text);
  return found === null ? null : { value: (found[1] ?? "").replace(/''/g, "'"), cast: found[2] ?? "" };
};

/** A PostgreSQL array literal of simple elements (`{a,b}`), or null when it needs quoting rules. */
const arrayLiteral = (text: string): string[] | null => {
  if (text === "{}") return [];
  const inner = /^\{([^{}"\\]*)\}$/.exec(text)?.[1];
  return inner === undefined ? null : inner.split(",");
};

const NUMBER = /^-?\d+(\.\d+)?$/;

const scalarLiteral = (type: ScalarTypeIR, raw: string): JsonValue | undefined => {
  switch (type.kind) {
    case "integer":
    case "double":
      return NUMBER.test(raw) ? Number(raw) : undefined;
    case "bigint":
    case "decimal":
      return NUMBER.test(raw) ? raw : undefined;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : undefined;
    case "string":
    case "text":
    case "uuid":
    case "date":
      return raw;
    case "timestamp":
      return undefined;
  }
};

/**
 * The IR default of a live column: a literal when the catalog text is exactly a constant of the
 * column's type (`'open'::character varying`, `0`, `false`, `'{}'::jsonb`, `'{}'::text[]`), SQL
 * otherwise (`now()`, `gen_random_uuid()`); null for none. SERIAL defaults are the caller's.
 *
 * @example
 * defaultOf("'open'::character varying", { kind: "string", length: 20 }) // { kind: "literal", value: "open" }
 * defaultOf("now()", { kind: "timestamp" }) // { kind: "sql", sql: "now()" }
 */
export function defaultOf(text: string | null, type: ColumnTypeIR): DefaultIR | null {
  if (text === null) return null;
  const sql: DefaultIR = { kind: "sql", sql: text };
  if (/^NULL(::.+)?$/.test(text)) return { kind: "literal", value: null };
  const quoted = castLiteral(text);
  const raw = quoted?.value ?? (/^-?\d+(\.\d+)?$|^(true|false)$/.test(text) ? text : null);
  if (raw === null) return sql;
  const literal = ((): JsonValue | undefined => {
    switch (type.kind) {
      case "jsonb":
      case "json":
        try {
          return quoted === null ? undefined : (JSON.parse(raw) as JsonValue);
        } catch {
          return undefined;
        }
      case "enum":
      case "pgEnum":
        return quoted === null ? undefined : raw;
      case "array": {
        const elements = quoted === null ? null : arrayLiteral(raw);
        if (elements === null) return undefined;
        const values = elements.map((element) => scalarLiteral(type.element, element));
        return values.every((value) => value !== undefined) ? (values as JsonValue[]) : undefined;
      }
      case "custom":
        return undefined;
      default:
        return scalarLiteral(type, raw);
    }
  })();
  return literal === undefined ? sql : { kind: "literal", value: literal };
}
