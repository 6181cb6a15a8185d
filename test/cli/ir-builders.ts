/** Small SchemaIR builders for the planner and state tests (no DSL involved). */
import type { ColumnIR, SchemaIR, TableIR } from "../../src/ir/types.js";

export function column(name: string, extra: Partial<ColumnIR> = {}): ColumnIR {
  return {
    name,
    field: name,
    type: { kind: "text" },
    nullable: false,
    default: null,
    primaryKey: false,
    autoIncrement: false,
    role: "data",
    comment: null,
    renamedFrom: null,
    using: null,
    backfill: null,
    source: null,
    ...extra,
  };
}

/** A table with an id and, for each `references` entry, a foreign key column to that table. */
export function table(key: string, feature: string, options: { references?: string[]; line?: number; extra?: Partial<TableIR> } = {}): TableIR {
  const references = options.references ?? [];
  return {
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
    foreignKeys: references.map((target) => ({
      name: `${key}_${target}_id_fkey`,
      columns: [`${target}Id`],
      referencedTable: target,
      referencedColumns: ["id"],
      onDelete: "CASCADE",
      onUpdate: "CASCADE",
      source: null,
    })),
    associations: [],
    source: { file: `schema/${feature}.ts`, line: options.line ?? 1 },
    ...options.extra,
  };
}

export function schema(tables: TableIR[]): SchemaIR {
  return {
    version: 1,
    naming: "snake_case",
    tenant: {
      tableName: "companies",
      key: "id",
      keyType: "integer",
      attribute: "companyId",
      field: "company_id",
      onDelete: "CASCADE",
      model: null,
    },
    tables: [...tables].sort((a, b) => a.key.localeCompare(b.key)),
    acknowledgements: [],
  };
}
