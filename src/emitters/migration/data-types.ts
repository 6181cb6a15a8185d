import { columnKind, sequelizeTypeSource, type DataTypeName, type SequelizeType } from "../../ir/column-types.js";
import type { ColumnTypeIR } from "../../ir/types.js";

export type { DataTypeName };

/**
 * A `DataTypes` expression as data: `DataTypes.STRING(120)` is `{ name: "STRING", args: [120] }`, a
 * type Sequelize has no member for is `{ raw: "tsvector" }` (a string type, written verbatim).
 * One mapping from the IR (the column-kind registry), two readers: the printer writes it as
 * TypeScript, the SQL generator builds the very same value from Sequelize's `DataTypes`.
 */
export type DataTypeCall = SequelizeType;

/**
 * The Sequelize data type of a column type in a migration. Enums are VARCHAR (their CHECK is a
 * separate step); a `pgEnum` column names its type, which a step of its own creates.
 *
 * @example
 * dataTypeOf({ kind: "enum", values: ["a", "b"], length: 255 }) // { name: "STRING", args: [255] }
 */
export function dataTypeOf(type: ColumnTypeIR): DataTypeCall {
  return columnKind(type).migrationType(type);
}

/**
 * TypeScript source of a data type, against the `DataTypes` import of the migration.
 *
 * @example
 * dataTypeSource({ name: "DECIMAL", args: [12, 2] }) // "DataTypes.DECIMAL(12, 2)"
 * dataTypeSource({ raw: "tsvector" }) // '"tsvector"'
 */
export function dataTypeSource(call: DataTypeCall): string {
  return sequelizeTypeSource(call, "DataTypes");
}

/**
 * The runtime value of a data type, built from the given Sequelize `DataTypes` (what the
 * migration's own expression evaluates to).
 *
 * @example
 * dataTypeValue({ name: "STRING", args: [120] }, DataTypes).toString() // "VARCHAR(120)"
 */
export function dataTypeValue(call: DataTypeCall, dataTypes: object): unknown {
  if ("raw" in call) return call.raw;
  const member = (dataTypes as Record<string, unknown>)[call.name];
  if (call.args.length === 0) return member;
  const args = call.args.map((arg) => (typeof arg === "object" ? dataTypeValue(arg, dataTypes) : arg));
  return (member as (...a: unknown[]) => unknown)(...args);
}

/**
 * Whether a migration's source needs the `DataTypes` import for this type (a raw type is a string).
 *
 * @example
 * usesDataTypes({ raw: "tsvector" }) // false
 */
export function usesDataTypes(call: DataTypeCall): boolean {
  return !("raw" in call);
}
