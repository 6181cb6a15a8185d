/** Objects for diff tests, on top of the CLI's small IR builders and the shared test IR builder. */
import type { CheckIR, ForeignKeyIR, IndexIR } from "../../src/ir/types.js";
import { checkIR, foreignKeyIR, indexIR } from "../support/ir-builders.js";

export { column, schema, table } from "../cli/ir-builders.js";

export function index(name: string, columns: string[], extra: Partial<IndexIR> = {}): IndexIR {
  return indexIR(name, columns, extra);
}

export function check(name: string, expression: string, columns: string[], extra: Partial<CheckIR> = {}): CheckIR {
  return checkIR(name, expression, columns, extra);
}

export function enumCheck(table: string, field: string, values: string[]): CheckIR {
  return check(`${table}_${field}_check`, `"${field}" IN (${values.map((v) => `'${v}'`).join(", ")})`, [field], { origin: "enum" });
}

export function foreignKey(name: string, columns: string[], referencedTable: string): ForeignKeyIR {
  return foreignKeyIR(name, columns, referencedTable);
}
