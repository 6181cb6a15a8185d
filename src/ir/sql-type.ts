import { match } from "ts-pattern";
import type { ColumnTypeIR, ScalarTypeIR } from "./types.js";

/**
 * The PostgreSQL type of an IR column type, spelled as Sequelize's PostgreSQL dialect writes it in
 * CREATE TABLE: the type an ALTER COLUMN ... TYPE must land on, and the one the doc shows beside
 * that SQL. Enums are VARCHAR (with a CHECK), never a PostgreSQL ENUM.
 *
 * @example
 * sqlType({ kind: "decimal", precision: 12, scale: 2 }) // "DECIMAL(12,2)"
 * sqlType({ kind: "array", element: { kind: "string", length: 50 } }) // "VARCHAR(50)[]"
 */
export function sqlType(type: ColumnTypeIR): string {
  return match(type)
    .returnType<string>()
    .with({ kind: "jsonb" }, () => "JSONB")
    .with({ kind: "enum" }, ({ length }) => `VARCHAR(${length})`)
    .with({ kind: "array" }, ({ element }) => `${scalarSqlType(element)}[]`)
    .otherwise((scalar) => scalarSqlType(scalar as ScalarTypeIR));
}

function scalarSqlType(type: ScalarTypeIR): string {
  return match(type)
    .returnType<string>()
    .with({ kind: "integer" }, () => "INTEGER")
    .with({ kind: "bigint" }, () => "BIGINT")
    .with({ kind: "string" }, ({ length }) => `VARCHAR(${length})`)
    .with({ kind: "text" }, () => "TEXT")
    .with({ kind: "boolean" }, () => "BOOLEAN")
    .with({ kind: "timestamp" }, () => "TIMESTAMP WITH TIME ZONE")
    .with({ kind: "date" }, () => "DATE")
    .with({ kind: "decimal" }, ({ precision, scale }) => `DECIMAL(${precision},${scale})`)
    .with({ kind: "double" }, () => "DOUBLE PRECISION")
    .with({ kind: "uuid" }, () => "UUID")
    .exhaustive();
}
