import { match, P } from "ts-pattern";
import type { ColumnTypeIR, ScalarTypeIR } from "../../ir/types.js";

/** Names of the Sequelize `DataTypes` members a migration uses (same in Sequelize 5 and 6). */
export type DataTypeName =
  | "INTEGER"
  | "BIGINT"
  | "STRING"
  | "TEXT"
  | "BOOLEAN"
  | "DATE"
  | "DATEONLY"
  | "DECIMAL"
  | "DOUBLE"
  | "UUID"
  | "JSONB"
  | "ARRAY";

/**
 * A `DataTypes` expression as data: `DataTypes.STRING(120)` is `{ name: "STRING", args: [120] }`.
 * One mapping from the IR, two readers: the printer writes it as TypeScript, the SQL generator
 * builds the very same value from Sequelize's `DataTypes`.
 */
export interface DataTypeCall {
  name: DataTypeName;
  /** Empty: the bare member (`DataTypes.TEXT`), not a call. */
  args: Array<number | DataTypeCall>;
}

/**
 * The Sequelize data type of a column type. Enums are VARCHAR (their CHECK is a separate step):
 * never a PostgreSQL ENUM type.
 *
 * @example
 * dataTypeOf({ kind: "enum", values: ["a", "b"], length: 255 }) // { name: "STRING", args: [255] }
 */
export function dataTypeOf(type: ColumnTypeIR): DataTypeCall {
  return match(type)
    .returnType<DataTypeCall>()
    .with({ kind: "jsonb" }, () => bare("JSONB"))
    .with({ kind: "enum" }, ({ length }) => ({ name: "STRING", args: [length] }))
    .with({ kind: "array" }, ({ element }) => ({ name: "ARRAY", args: [scalarDataType(element)] }))
    .with(
      { kind: P.union("integer", "bigint", "string", "text", "boolean", "timestamp", "date", "decimal", "double", "uuid") },
      (scalar) => scalarDataType(scalar),
    )
    .exhaustive();
}

function scalarDataType(type: ScalarTypeIR): DataTypeCall {
  return match(type)
    .returnType<DataTypeCall>()
    .with({ kind: "integer" }, () => bare("INTEGER"))
    .with({ kind: "bigint" }, () => bare("BIGINT"))
    .with({ kind: "string" }, ({ length }) => ({ name: "STRING", args: [length] }))
    .with({ kind: "text" }, () => bare("TEXT"))
    .with({ kind: "boolean" }, () => bare("BOOLEAN"))
    .with({ kind: "timestamp" }, () => bare("DATE"))
    .with({ kind: "date" }, () => bare("DATEONLY"))
    .with({ kind: "decimal" }, ({ precision, scale }) => ({ name: "DECIMAL", args: [precision, scale] }))
    .with({ kind: "double" }, () => bare("DOUBLE"))
    .with({ kind: "uuid" }, () => bare("UUID"))
    .exhaustive();
}

function bare(name: DataTypeName): DataTypeCall {
  return { name, args: [] };
}

/**
 * TypeScript source of a data type, against the `DataTypes` import of the migration.
 *
 * @example
 * dataTypeSource({ name: "DECIMAL", args: [12, 2] }) // "DataTypes.DECIMAL(12, 2)"
 */
export function dataTypeSource(call: DataTypeCall): string {
  const member = `DataTypes.${call.name}`;
  if (call.args.length === 0) return member;
  const args = call.args.map((arg) => (typeof arg === "number" ? String(arg) : dataTypeSource(arg)));
  return `${member}(${args.join(", ")})`;
}

/**
 * The runtime value of a data type, built from the given Sequelize `DataTypes` (what the
 * migration's own expression evaluates to).
 *
 * @example
 * dataTypeValue({ name: "STRING", args: [120] }, DataTypes).toString() // "VARCHAR(120)"
 */
export function dataTypeValue(call: DataTypeCall, dataTypes: object): unknown {
  const member = (dataTypes as Record<string, unknown>)[call.name];
  if (call.args.length === 0) return member;
  const args = call.args.map((arg) => (typeof arg === "number" ? arg : dataTypeValue(arg, dataTypes)));
  return (member as (...a: unknown[]) => unknown)(...args);
}
