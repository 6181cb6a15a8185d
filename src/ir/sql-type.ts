import { columnKind } from "./column-types.js";
import type { ColumnTypeIR } from "./types.js";

/**
 * The PostgreSQL type of an IR column type, spelled as Sequelize's PostgreSQL dialect writes it in
 * CREATE TABLE: the type an ALTER COLUMN ... TYPE must land on, and the one the doc shows beside
 * that SQL. Enums are VARCHAR (with a CHECK); a `pgEnum` is its quoted type name. From the
 * column-kind registry (src/ir/column-types.ts).
 *
 * @example
 * sqlType({ kind: "decimal", precision: 12, scale: 2 }) // "DECIMAL(12,2)"
 * sqlType({ kind: "array", element: { kind: "string", length: 50 } }) // "VARCHAR(50)[]"
 */
export function sqlType(type: ColumnTypeIR): string {
  return columnKind(type).sql(type);
}
