/** Small SchemaIR builders for the planner and state tests (no DSL involved), over the shared test IR builder. */
import type { ColumnIR, SchemaIR, TableIR } from "../../src/ir/types.js";
import { columnIR, foreignKeyIR, schemaIR, tableOf } from "../support/ir-builders.js";

export function column(name: string, extra: Partial<ColumnIR> = {}): ColumnIR {
  return columnIR(name, extra);
}

/** A table with an id and, for each `references` entry, a foreign key column to that table. */
export function table(key: string, feature: string, options: { references?: string[]; line?: number; extra?: Partial<TableIR> } = {}): TableIR {
  const references = options.references ?? [];
  return tableOf({
    key,
    tableName: key,
    modelName: key[0]!.toUpperCase() + key.slice(1),
    feature,
    scope: { kind: "tenant" },
    description: null,
    paranoid: true,
    junction: null,
    renamedFrom: null,
    transition: { view: null, columns: [] },
    columns: [
      column("id", { type: { kind: "integer" }, primaryKey: true, autoIncrement: true, role: "primaryKey" }),
      ...references.map((target) => column(`${target}Id`, { type: { kind: "integer" }, role: "foreignKey" })),
    ],
    indexes: [],
    checks: [],
    foreignKeys: references.map((target) => foreignKeyIR(`${key}_${target}_id_fkey`, [`${target}Id`], target)),
    associations: [],
    source: { file: `schema/${feature}.ts`, line: options.line ?? 1 },
    ...options.extra,
  });
}

export function schema(tables: TableIR[]): SchemaIR {
  return schemaIR([...tables].sort((a, b) => a.key.localeCompare(b.key)));
}
