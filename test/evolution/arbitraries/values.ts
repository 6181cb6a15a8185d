/**
 * Values that keep generated SQL valid by construction: defaults, backfill expressions and row
 * values all satisfy the standard checks, fit the column lengths, and (where a unique index may
 * exist) differ from each other.
 */
import type { ColumnTypeIR, JsonValue, ScalarTypeIR } from "../../../src/ir/types.js";
import type { DefaultSpec, ExprSpec } from "./spec.js";

const raw = (text: string): ExprSpec => ({ parts: [text], refs: [] });

/**
 * The candidate defaults of a type (literal and `sql`); a generator picks one by index.
 *
 * @example
 * defaultChoices({ kind: "integer" }) // [{ kind: "literal", value: 0 }, { kind: "literal", value: 7 }, { kind: "sql", expr: ... }]
 */
export function defaultChoices(type: ColumnTypeIR): DefaultSpec[] {
  const literal = (value: JsonValue): DefaultSpec => ({ kind: "literal", value });
  const sqlDefault = (text: string): DefaultSpec => ({ kind: "sql", expr: raw(text) });
  switch (type.kind) {
    case "integer":
    case "bigint":
      return [literal(0), literal(7), sqlDefault("(2 + 3)")];
    case "string":
    case "text":
      return [literal("x"), literal("new"), sqlDefault("lower('ABC')")];
    case "boolean":
      return [literal(true), literal(false)];
    case "timestamp":
      return [sqlDefault("now()"), sqlDefault("CURRENT_TIMESTAMP")];
    case "date":
      return [literal("2026-01-15"), sqlDefault("CURRENT_DATE")];
    case "decimal":
      return [literal(0), literal(12.5), sqlDefault("(1.5 * 2)")];
    case "double":
      return [literal(0), literal(2.25), sqlDefault("pi()"), sqlDefault("(0.5 + 1)")];
    case "uuid":
      return [sqlDefault("gen_random_uuid()")];
    case "jsonb":
      return [literal({}), literal({ a: 1 }), sqlDefault("'[]'::jsonb")];
    case "enum":
      return type.values.map((value) => literal(value));
    case "array":
      return [literal([]), sqlDefault(`'{}'::${arraySqlType(type.element)}[]`)];
    case "json":
    case "pgEnum":
    case "custom":
      return notGenerated(type);
  }
}

/** Kinds of adopted databases: the property test's generators never produce them. */
function notGenerated(type: ColumnTypeIR): never {
  throw new Error(`the evolution generators do not produce ${type.kind} columns`);
}

/**
 * An expression over the row's `id` that fills existing rows with values that satisfy the standard
 * check and differ from every generated row value (so unique indexes hold).
 *
 * @example
 * backfillFor({ kind: "integer" }) // { parts: ["", " + 100"], refs: ["id"] }
 */
export function backfillFor(type: ColumnTypeIR): ExprSpec {
  const overId = (before: string, after: string): ExprSpec => ({ parts: [before, after], refs: ["id"] });
  switch (type.kind) {
    case "integer":
    case "bigint":
      return overId("", " + 100");
    case "string":
    case "text":
      return overId("'b' || ", "");
    case "boolean":
      return overId("", " % 2 = 0");
    case "timestamp":
      return overId("TIMESTAMPTZ '2026-03-01 00:00:00+00' + make_interval(days => ", ")");
    case "date":
      return overId("DATE '2026-02-01' + ", "");
    case "decimal":
      return overId("", " + 100");
    case "double":
      return overId("", " * 1.5 + 100");
    case "uuid":
      return raw("gen_random_uuid()");
    case "jsonb":
      return overId("jsonb_build_object('id', ", ")");
    case "enum":
      return raw(`'${type.values[0] ?? ""}'`);
    case "array":
      return raw(`'{}'::${arraySqlType(type.element)}[]`);
    case "json":
    case "pgEnum":
    case "custom":
      return notGenerated(type);
  }
}

/**
 * The SQL literal of the value generated row `row` (0–3, distinct per row) holds in a column.
 *
 * @example
 * rowValue({ kind: "string", length: 8 }, 2) // "'v2'"
 */
export function rowValue(type: ColumnTypeIR, row: number): string {
  switch (type.kind) {
    case "jsonb":
      return `'{"row": ${row}}'::jsonb`;
    case "enum":
      return `'${type.values[0] ?? ""}'`;
    case "array":
      return `ARRAY[${scalarRowValue(type.element, row)}]::${arraySqlType(type.element)}[]`;
    case "json":
    case "pgEnum":
    case "custom":
      return notGenerated(type);
    default:
      return scalarRowValue(type, row);
  }
}

function scalarRowValue(type: ScalarTypeIR, row: number): string {
  switch (type.kind) {
    case "integer":
    case "bigint":
      return String(row + 1);
    case "string":
      return `'v${row}'`;
    case "text":
      return `'text ${row}'`;
    case "boolean":
      return row % 2 === 0 ? "true" : "false";
    case "timestamp":
      return `'2026-01-0${row + 1} 10:00:00+00'`;
    case "date":
      return `'2026-01-0${row + 1}'`;
    case "decimal":
      return type.scale > 0 ? `${row + 1}.5` : String(row + 1);
    case "double":
      return `${row}.25`;
    case "uuid":
      return `'00000000-0000-4000-8000-00000000000${row}'`;
  }
}

function arraySqlType(element: ScalarTypeIR): string {
  switch (element.kind) {
    case "string":
      return `varchar(${element.length})`;
    case "timestamp":
      return "timestamptz";
    case "decimal":
      return `numeric(${element.precision},${element.scale})`;
    case "double":
      return "double precision";
    default:
      return element.kind;
  }
}
