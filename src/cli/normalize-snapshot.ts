/**
 * Snapshots written before schema evolution lack `transition`, `acknowledgements`, `using` and
 * `backfill`, and stored `renamedFrom` as a string or null. They describe a real database, so they
 * are upgraded in memory (the next write stores the new shape) rather than refused.
 */
import type { RenameIR, SchemaIR } from "../ir/types.js";

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

function transition(value: unknown): unknown {
  if (!isObject(value)) return { view: null, columns: [] };
  const columns = Array.isArray(value.columns)
    ? value.columns.map((retired: unknown) => (isObject(retired) ? { indexes: [], checks: [], foreignKeys: [], ...retired, column: column(retired.column) } : retired))
    : [];
  return { view: typeof value.view === "string" ? value.view : null, columns };
}

// Snapshots written before primary keys were declared per table: the columns flagged as key, PostgreSQL's default name.
function primaryKeyOf(table: Loose): unknown {
  const columns = Array.isArray(table.columns) ? table.columns.filter((c: unknown) => isObject(c) && c.primaryKey === true).map((c) => (c as Loose).field) : [];
  return columns.length === 0 ? null : { name: `${String(table.tableName)}_pkey`, columns };
}

/**
 * Fills every field a snapshot of an older tenant-schema lacks with its neutral value.
 *
 * @example
 * normalizeSnapshot({ version: 1, tables: [{ key: "users", renamedFrom: null, columns: [] }] }).tables[0].transition
 * // { view: null, columns: [] }
 */
export function normalizeSnapshot(data: Loose & { tables: unknown[] }): SchemaIR {
  const tables = data.tables.map((table) =>
    isObject(table)
      ? {
          timestamps: true,
          primaryKey: primaryKeyOf(table),
          departures: [],
          ...table,
          indexes: Array.isArray(table.indexes) ? table.indexes.map((index) => (isObject(index) ? { expression: null, constraint: false, ...index } : index)) : [],
          renamedFrom: rename(table.renamedFrom),
          transition: transition(table.transition),
          columns: Array.isArray(table.columns) ? table.columns.map(column) : [],
        }
      : table,
  );
  return { ...data, tables, acknowledgements: Array.isArray(data.acknowledgements) ? data.acknowledgements : [] } as unknown as SchemaIR;
}
