/**
 * Snapshots written before schema evolution lack `transition`, `acknowledgements`, `using` and
 * `backfill`, and stored `renamedFrom` as a string or null. They describe a real database, so they
 * are upgraded in memory (the next write stores the new shape) rather than refused.
 *
 * Fields added for adopted databases (`timestamps`, `primaryKey`, `departures` of a table;
 * `expression`, `constraint` of an index) are stored only where they differ from what a table
 * designed with tenant-schema has (`compactSnapshot`), and filled back here: a snapshot of an
 * unchanged schema stays byte-identical across the upgrade, so `emit --check` keeps passing.
 * An index's `reason`, once an English sentence, is now data (`IndexReason`); a sentence loads as
 * a written reason (reasons are no part of an index's definition, so nothing is diffed).
 */
import { primaryKeyName } from "../ir/naming.js";
import type { PrimaryKeyIR, RenameIR, SchemaIR, TableIR } from "../ir/types.js";

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => value !== null && typeof value === "object" && !Array.isArray(value);

function rename(value: unknown): RenameIR | null {
  if (typeof value === "string") return { from: value, strategy: "expand-contract" };
  if (isObject(value) && typeof value.from === "string") return { from: value.from, strategy: value.strategy === "direct" ? "direct" : "expand-contract" };
  return null;
}

function column(value: unknown): unknown {
  if (!isObject(value)) return value;
  return { ...value, renamedFrom: rename(value.renamedFrom), using: value.using ?? null, backfill: value.backfill ?? null };
}

/** Before reasons were data, a snapshot stored the doc's English sentence: kept as a written reason. */
const reason = (value: unknown): unknown => (typeof value === "string" ? { kind: "written", text: value } : value);

function index(value: unknown): unknown {
  return isObject(value) ? { expression: null, constraint: false, ...value, reason: reason(value.reason) } : value;
}

const indexes = (value: unknown): unknown[] => (Array.isArray(value) ? value.map(index) : []);

function transition(value: unknown): unknown {
  if (!isObject(value)) return { view: null, columns: [] };
  const columns = Array.isArray(value.columns)
    ? value.columns.map((retired: unknown) =>
        isObject(retired) ? { checks: [], foreignKeys: [], ...retired, indexes: indexes(retired.indexes), column: column(retired.column) } : retired,
      )
    : [];
  return { view: typeof value.view === "string" ? value.view : null, columns };
}

/**
 * The primary key a table designed with tenant-schema has: its columns flagged `primaryKey`, under
 * the name PostgreSQL gives an unnamed one; null without such columns.
 *
 * @example
 * defaultPrimaryKey("users", [{ field: "id", primaryKey: true }]) // { name: "users_pkey", columns: ["id"] }
 */
export function defaultPrimaryKey(tableName: string, columns: readonly { field: string; primaryKey: boolean }[]): PrimaryKeyIR | null {
  const keys = columns.filter((c) => c.primaryKey).map((c) => c.field);
  return keys.length === 0 ? null : { name: primaryKeyName(tableName), columns: keys };
}

function primaryKey(table: Loose, columns: unknown[]): unknown {
  if (table.primaryKey !== undefined) return table.primaryKey;
  const flagged = columns.filter(isObject).map((c) => ({ field: String(c.field), primaryKey: c.primaryKey === true }));
  return defaultPrimaryKey(String(table.tableName), flagged);
}

/**
 * Fills every field a snapshot of an older tenant-schema lacks with its neutral value.
 *
 * @example
 * normalizeSnapshot({ version: 1, tables: [{ key: "users", renamedFrom: null, columns: [] }] }).tables[0].transition
 * // { view: null, columns: [] }
 */
export function normalizeSnapshot(data: Loose & { tables: unknown[] }): SchemaIR {
  const tables = data.tables.map((table) => {
    if (!isObject(table)) return table;
    const columns = Array.isArray(table.columns) ? table.columns.map(column) : [];
    return {
      timestamps: true,
      departures: [],
      ...table,
      primaryKey: primaryKey(table, columns),
      renamedFrom: rename(table.renamedFrom),
      transition: transition(table.transition),
      columns,
      indexes: indexes(table.indexes),
    };
  });
  return { ...data, tables, acknowledgements: Array.isArray(data.acknowledgements) ? data.acknowledgements : [] } as unknown as SchemaIR;
}

const samePrimaryKey = (a: PrimaryKeyIR | null, b: PrimaryKeyIR | null): boolean =>
  a === null || b === null ? a === b : a.name === b.name && a.columns.length === b.columns.length && a.columns.every((c, i) => c === b.columns[i]);

/** An index without the adoption fields that have their default value. */
function compactIndex<T extends { expression: string | null; constraint: boolean }>(value: T): Omit<T, "expression" | "constraint"> & Partial<T> {
  const { expression, constraint, ...rest } = value;
  return { ...rest, ...(expression === null ? {} : { expression }), ...(constraint ? { constraint } : {}) } as Omit<T, "expression" | "constraint"> & Partial<T>;
}

function compactTable(table: TableIR): Record<string, unknown> {
  const { timestamps, primaryKey: key, departures, ...rest } = table;
  return {
    ...rest,
    ...(timestamps ? {} : { timestamps }),
    ...(samePrimaryKey(key, defaultPrimaryKey(table.tableName, table.columns)) ? {} : { primaryKey: key }),
    ...(departures.length === 0 ? {} : { departures }),
    indexes: table.indexes.map(compactIndex),
    transition: { ...table.transition, columns: table.transition.columns.map((retired) => ({ ...retired, indexes: retired.indexes.map(compactIndex) })) },
  };
}

/**
 * The snapshot as stored: the adoption fields left out where they have the value `normalizeSnapshot`
 * fills in, so the stored text of a schema without adopted tables is what it was before they existed.
 * `normalizeSnapshot(compactSnapshot(s))` deep-equals `s`.
 *
 * @example
 * "timestamps" in compactSnapshot(schema).tables[0] // false for a table with Sequelize timestamps
 */
export function compactSnapshot(schema: SchemaIR): Record<string, unknown> {
  return { ...schema, tables: schema.tables.map(compactTable) };
}
