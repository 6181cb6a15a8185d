/**
 * A column default as SQL, one printer for the migration and the doc: the doc shows exactly the text
 * the migration's createTable/addColumn/SET DEFAULT sends.
 */
import { match } from "ts-pattern";
import { DataTypes, Sequelize } from "sequelize";
import type { ColumnTypeIR, DefaultIR } from "../ir/types.js";
import { dataTypeOf, dataTypeValue } from "./migration/data-types.js";
import { columnKind } from "../ir/column-types.js";
import { quoteLiteral } from "../ir/sql-quote.js";

/**
 * The SQL of a column default: `sql` defaults as written, literals escaped by Sequelize's own
 * PostgreSQL generator for the column type, exactly as createTable/addColumn write them.
 *
 * @example
 * defaultValueSql({ kind: "literal", value: ["a"] }, { kind: "array", element: { kind: "text" } })
 * // "ARRAY['a']::TEXT[]"
 */
export function defaultValueSql(value: DefaultIR, type: ColumnTypeIR): string {
  const written = writtenDefaultSql(value, type);
  if (written !== null) return written;
  return match(value)
    .returnType<string>()
    .with({ kind: "sql" }, ({ sql }) => sql)
    .with({ kind: "literal" }, ({ value: literal }) => {
      // Built per call: no module-level state, and no query is ever run on it.
      const sequelize = new Sequelize({ dialect: "postgres", logging: false });
      const internals = sequelize as unknown as {
        normalizeAttribute(attribute: unknown): unknown;
        getQueryInterface(): { queryGenerator: { escape(value: unknown, field: unknown): string } };
      };
      const attribute = internals.normalizeAttribute({ type: dataTypeValue(dataTypeOf(type), DataTypes) });
      return internals.getQueryInterface().queryGenerator.escape(structuredClone(literal), attribute);
    })
    .exhaustive();
}

const NUMERIC_KINDS: ReadonlySet<ColumnTypeIR["kind"]> = new Set(["integer", "bigint", "decimal", "double"]);

/** How bigint and decimal defaults are written (their TS type is a string, to keep every digit). */
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A literal number on a numeric column, as a bare SQL number; null for any other default. One rule
 * for every numeric kind: Sequelize quotes a DOUBLE's value ('0') and a bigint's or decimal's string
 * ("0"), which PostgreSQL keeps as `'0'::double precision` or `'0'::numeric`, while a bare number is
 * kept as written (`0`), as a hand-written `defaultValue: 0` of a legacy migration is.
 *
 * @example
 * numericDefaultSql({ kind: "literal", value: 0 }, { kind: "double" }) // "0"
 * numericDefaultSql({ kind: "literal", value: "12.50" }, { kind: "decimal", precision: 10, scale: 2 }) // "12.50"
 * numericDefaultSql({ kind: "literal", value: "0" }, { kind: "text" }) // null
 */
export function numericDefaultSql(value: DefaultIR, type: ColumnTypeIR): string | null {
  if (value.kind !== "literal" || !NUMERIC_KINDS.has(type.kind)) return null;
  // JSON numbers are finite; String() gives a valid SQL numeric constant (`-0.5`, `1e+21`).
  if (typeof value.value === "number") return String(value.value);
  return typeof value.value === "string" && NUMERIC_TEXT.test(value.value) ? value.value : null;
}

const DATE_KINDS: ReadonlySet<ColumnTypeIR["kind"]> = new Set(["timestamp", "date"]);

/**
 * A literal default Sequelize would reinterpret, as PostgreSQL is to read it; null for any other
 * default (Sequelize escapes those). Numbers are bare (see numericDefaultSql). Timestamp and date
 * strings, and arrays of them, are quoted as written: Sequelize parses them with moment in the
 * process's time zone and prints them in UTC, so an offset-less `"2026-01-15T10:00:00"` would change
 * with the TZ of the machine that emits or runs the migration (and `"infinity"` would become
 * `'Invalid date'`), where PostgreSQL reads the text itself, as a backfill of the same literal does.
 *
 * @example
 * writtenDefaultSql({ kind: "literal", value: 0 }, { kind: "double" }) // "0"
 * writtenDefaultSql({ kind: "literal", value: "2026-01-15T10:00:00" }, { kind: "timestamp" }) // "'2026-01-15T10:00:00'"
 * writtenDefaultSql({ kind: "literal", value: ["2026-01-15"] }, { kind: "array", element: { kind: "date" } }) // "ARRAY['2026-01-15']::DATE[]"
 * writtenDefaultSql({ kind: "literal", value: "x" }, { kind: "text" }) // null
 */
export function writtenDefaultSql(value: DefaultIR, type: ColumnTypeIR): string | null {
  const number = numericDefaultSql(value, type);
  if (number !== null || value.kind !== "literal") return number;
  const literal = value.value;
  if (DATE_KINDS.has(type.kind) && typeof literal === "string") return quoteLiteral(literal);
  if (type.kind === "array" && DATE_KINDS.has(type.element.kind) && Array.isArray(literal) && literal.every((item) => typeof item === "string")) {
    return `ARRAY[${literal.map((item) => quoteLiteral(item)).join(",")}]::${columnKind(type).sql(type)}`;
  }
  return null;
}
