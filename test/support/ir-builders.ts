/**
 * The one place tests build IR literals: every field of ColumnIR, IndexIR, CheckIR, ForeignKeyIR and
 * TableIR gets its neutral value here, so a field added to the IR is added once (and tests that do not
 * care about it keep compiling). Derived fields are derived like `toSchemaIR` derives them: a table's
 * `primaryKey` comes from its columns flagged `primaryKey`, named as PostgreSQL names it.
 */
import { primaryKeyName } from "../../src/ir/naming.js";
import type { CheckIR, ColumnIR, ColumnTypeIR, ForeignKeyIR, IndexIR, PrimaryKeyIR, SchemaIR, TableIR, TenantIR } from "../../src/ir/types.js";

/**
 * A data column (text, NOT NULL) unless `extra` says otherwise; `field` defaults to the name.
 *
 * @example
 * columnIR("email", { type: { kind: "string", length: 255 } }).nullable // false
 */
export function columnIR(name: string, extra: Partial<ColumnIR> = {}): ColumnIR {
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

/**
 * A column with its database name and type given positionally (the fixture's style).
 *
 * @example
 * typedColumn("readAt", "read_at", { kind: "timestamp" }, { nullable: true }).field // "read_at"
 */
export function typedColumn(name: string, field: string, type: ColumnTypeIR, extra: Partial<ColumnIR> = {}): ColumnIR {
  return columnIR(name, { field, type, ...extra });
}

/** An IndexIR field list without the fields most tests leave neutral. */
export type IndexFields = Omit<IndexIR, "expression" | "constraint"> & Partial<Pick<IndexIR, "expression" | "constraint">>;

/**
 * A full IndexIR from its usual fields: plain column keys, a unique index rather than a constraint.
 *
 * @example
 * indexOf({ name: "t_a_idx", columns: ["a"], unique: false, where: null, method: "btree", origin: "declared", reason: { kind: "declared", columns: ["a"] }, source: null }).expression // null
 */
export function indexOf(fields: IndexFields): IndexIR {
  return { expression: null, constraint: false, ...fields };
}

/**
 * A declared btree index over `columns`.
 *
 * @example
 * indexIR("t_a_idx", ["a"], { unique: true }).unique // true
 */
export function indexIR(name: string, columns: string[], extra: Partial<IndexIR> = {}): IndexIR {
  return indexOf({ name, columns, unique: false, where: null, method: "btree", origin: "declared", reason: { kind: "written", text: "test" }, source: null, ...extra });
}

/**
 * @example
 * checkIR("t_positive_check", '"a" > 0', ["a"]).origin // "declared"
 */
export function checkIR(name: string, expression: string, columns: string[], extra: Partial<CheckIR> = {}): CheckIR {
  return { name, expression, columns, origin: "declared", source: null, ...extra };
}

/**
 * The CHECK `toSchemaIR` derives from an enum column: `{table}_{field}_check`, the values IN a list.
 *
 * @example
 * enumCheck("tickets", "status", ["open", "closed"]).expression // `"status" IN ('open', 'closed')`
 */
export function enumCheck(table: string, field: string, values: string[]): CheckIR {
  return checkIR(`${table}_${field}_check`, `"${field}" IN (${values.map((v) => `'${v}'`).join(", ")})`, [field], { origin: "enum" });
}

/**
 * A single-column foreign key to `referencedTable.id`, CASCADE both ways.
 *
 * @example
 * foreignKeyIR("t_user_id_fkey", ["user_id"], "users").referencedColumns // ["id"]
 */
export function foreignKeyIR(name: string, columns: string[], referencedTable: string, extra: Partial<ForeignKeyIR> = {}): ForeignKeyIR {
  return { name, columns, referencedTable, referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE", source: null, ...extra };
}

/**
 * The primary key `toSchemaIR` records for these columns: the ones flagged `primaryKey`, named
 * `{table}_pkey` as PostgreSQL names it; null when none is flagged.
 *
 * @example
 * derivedPrimaryKey("users", [columnIR("id", { primaryKey: true })]) // { name: "users_pkey", columns: ["id"] }
 */
export function derivedPrimaryKey(tableName: string, columns: readonly ColumnIR[]): PrimaryKeyIR | null {
  const keys = columns.filter((column) => column.primaryKey).map((column) => column.field);
  return keys.length === 0 ? null : { name: primaryKeyName(tableName), columns: keys };
}

/** A TableIR field list without the fields most tests leave at their defaults. */
export type TableFields = Omit<TableIR, "timestamps" | "primaryKey" | "departures"> & Partial<Pick<TableIR, "timestamps" | "primaryKey" | "departures">>;

/**
 * A full TableIR from its usual fields: Sequelize timestamps on, the primary key of the flagged
 * columns, no declared departures from the tenant rules.
 *
 * @example
 * tableOf({ ...fields, columns: [columnIR("id", { primaryKey: true })] }).primaryKey // { name: "<table>_pkey", columns: ["id"] }
 */
export function tableOf(fields: TableFields): TableIR {
  return {
    timestamps: true,
    primaryKey: derivedPrimaryKey(fields.tableName, fields.columns),
    departures: [],
    ...fields,
  };
}

/** What `tableIR` adds beyond the IR fields: references to other tables, and the line it is declared on. */
export interface TableOptions {
  /** For each target table key, a `{target}Id` integer column and a foreign key to `{target}.id`. */
  references?: string[];
  /** The table's `source` becomes `schema/{feature}.ts` at this line (no source without it). */
  line?: number;
}

/**
 * A bare tenant table named after its key, with an integer `id` and nothing else unless `extra` or
 * `options` add it; `feature` defaults to the key.
 *
 * @example
 * tableIR("tickets", { feature: "support" }, { references: ["users"], line: 7 }).source // { file: "schema/support.ts", line: 7 }
 */
export function tableIR(key: string, extra: Partial<TableIR> = {}, options: TableOptions = {}): TableIR {
  const references = options.references ?? [];
  const feature = extra.feature ?? key;
  const base: TableFields = {
    key,
    tableName: extra.tableName ?? key,
    modelName: key[0]!.toUpperCase() + key.slice(1),
    feature,
    scope: { kind: "tenant" },
    description: null,
    paranoid: true,
    junction: null,
    renamedFrom: null,
    transition: { view: null, columns: [] },
    columns: [
      columnIR("id", { type: { kind: "integer" }, primaryKey: true, autoIncrement: true, role: "primaryKey" }),
      ...references.map((target) => columnIR(`${target}Id`, { type: { kind: "integer" }, role: "foreignKey" })),
    ],
    indexes: [],
    checks: [],
    foreignKeys: references.map((target) => foreignKeyIR(`${key}_${target}_id_fkey`, [`${target}Id`], target)),
    associations: [],
    source: options.line === undefined ? null : { file: `schema/${feature}.ts`, line: options.line },
  };
  const columns = extra.columns ?? base.columns;
  return { ...tableOf({ ...base, ...extra, columns }), ...extra };
}

/** The tenant root every test schema uses unless it says otherwise: `companies.id`, integer, snake_case. */
export const TEST_TENANT: TenantIR = {
  tableName: "companies",
  key: "id",
  keyType: "integer",
  attribute: "companyId",
  field: "company_id",
  onDelete: "CASCADE",
  model: null,
};

/**
 * A schema of these tables, in the order given.
 *
 * @example
 * schemaIR([tableIR("a"), tableIR("b")]).tables.map((t) => t.key) // ["a", "b"]
 */
export function schemaIR(tables: TableIR[], extra: Partial<SchemaIR> = {}): SchemaIR {
  return {
    version: 1,
    naming: "snake_case",
    tenant: { ...TEST_TENANT },
    tables: [...tables],
    acknowledgements: [],
    ...extra,
  };
}

/**
 * The table under another database name, its primary key named by PostgreSQL for it (what a
 * declaration with a new `.tableName(...)` or key produces).
 *
 * @example
 * renamedTable(users, { key: "members", tableName: "members" }).primaryKey // { name: "members_pkey", columns: ["id"] }
 */
export function renamedTable(table: TableIR, extra: Partial<TableIR> & { tableName: string }): TableIR {
  return { ...table, ...extra, primaryKey: derivedPrimaryKey(extra.tableName, extra.columns ?? table.columns) };
}
