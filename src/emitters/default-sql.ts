/**
 * A column default as SQL, one printer for the migration and the doc: the doc shows exactly the text
 * the migration's createTable/addColumn/SET DEFAULT sends.
 */
import { match } from "ts-pattern";
import { DataTypes, Sequelize } from "sequelize";
import type { ColumnTypeIR, DefaultIR } from "../ir/types.js";
import { dataTypeOf, dataTypeValue } from "./migration/data-types.js";

/**
 * The SQL of a column default: `sql` defaults as written, literals escaped by Sequelize's own
 * PostgreSQL generator for the column type, exactly as createTable/addColumn write them.
 *
 * @example
 * defaultValueSql({ kind: "literal", value: ["a"] }, { kind: "array", element: { kind: "text" } })
 * // "ARRAY['a']::TEXT[]"
 */
export function defaultValueSql(value: DefaultIR, type: ColumnTypeIR): string {
  const number = numericDefaultSql(value, type);
  if (number !== null) return number;
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
