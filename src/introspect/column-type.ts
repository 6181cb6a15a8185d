/**
 * Catalog type text → column kind, and catalog default text → the IR's default. Exact or explicit:
 * a type the DSL has no kind for becomes `custom` with PostgreSQL's own spelling, a default that is
 * not a plain literal of the column's type stays SQL; nothing is approximated.
 */
import type { ColumnTypeIR, DefaultIR, JsonValue, ScalarTypeIR } from "../ir/types.js";
import type { CatalogColumn, CatalogEnum } from "./catalog.js";

/** The attribute type of a column the DSL cannot name: the application sees what `pg` returns. */
const CUSTOM_TS_TYPE = "unknown";
export const JSON_TS_TYPE = "Record<string, unknown>";

const scalarFromFormat = (type: string): ScalarTypeIR | null => {
  const varchar = /^character varying\((\d+)\)$/.exec(type);
  if (varchar) return { kind: "string", length: Number(varchar[1]) };
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric) return { kind: "decimal", precision: Number(numeric[1]), scale: Number(numeric[2]) };
  const exact: Record<string, ScalarTypeIR> = {
    integer: { kind: "integer" },
    bigint: { kind: "bigint" },
    text: { kind: "text" },
    boolean: { kind: "boolean" },
    "timestamp with time zone": { kind: "timestamp" },
    date: { kind: "date" },
    "double precision": { kind: "double" },
    uuid: { kind: "uuid" },
  };
  return exact[type] ?? null;
};

/**
 * The IR type of a live column.
 *
 * @example
 * columnTypeOf({ type: "character varying(120)", ... }, []) // { kind: "string", length: 120 }
 * columnTypeOf({ type: '"enum_Tickets_status"', typeKind: "e", typeName: "enum_Tickets_status", ... }, enums)
 * // { kind: "pgEnum", name: "enum_Tickets_status", values: ["open", "closed"] }
 * columnTypeOf({ type: "tsvector", ... }, []) // { kind: "custom", sql: "tsvector", tsType: "unknown" }
 */
export function columnTypeOf(column: Pick<CatalogColumn, "type" | "typeKind" | "typeName" | "typeSchema">, enums: readonly CatalogEnum[]): ColumnTypeIR {
  const scalar = scalarFromFormat(column.type);
  if (scalar !== null) return scalar;
  if (column.type === "jsonb") return { kind: "jsonb", tsType: JSON_TS_TYPE };
  if (column.type === "json") return { kind: "json", tsType: JSON_TS_TYPE };
  if (column.typeKind === "e") {
    const found = enums.find((candidate) => candidate.name === column.typeName);
    if (found !== undefined) return { kind: "pgEnum", name: found.name, values: [...found.values] };
  }
  if (column.type.endsWith("[]") && !column.type.endsWith("[][]")) {
    const element = scalarFromFormat(column.type.slice(0, -2));
    if (element !== null) return { kind: "array", element };
  }
  return { kind: "custom", sql: column.type, tsType: CUSTOM_TS_TYPE };
}

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
