/** Objects for diff tests, on top of the CLI's small IR builders. */
import type { CheckIR, ForeignKeyIR, IndexIR } from "../../src/ir/types.js";

export { column, schema, table } from "../cli/ir-builders.js";

export function index(name: string, columns: string[], extra: Partial<IndexIR> = {}): IndexIR {
  return { name, columns, unique: false, where: null, method: "btree", origin: "declared", reason: "test", source: null, ...extra };
}

export function check(name: string, expression: string, columns: string[], extra: Partial<CheckIR> = {}): CheckIR {
  return { name, expression, columns, origin: "declared", source: null, ...extra };
}

export function enumCheck(table: string, field: string, values: string[]): CheckIR {
  return check(`${table}_${field}_check`, `"${field}" IN (${values.map((v) => `'${v}'`).join(", ")})`, [field], { origin: "enum" });
}

export function foreignKey(name: string, columns: string[], referencedTable: string): ForeignKeyIR {
  return { name, columns, referencedTable, referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE", source: null };
}
