/**
 * Rows in two tenants for every table of a schema, so evolutions run on tables that hold data:
 * backfills have NULLs to fill, new checks and unique indexes have rows to validate.
 */
import type { SchemaIR, TableIR } from "../../../src/ir/types.js";
import { quoteIdent } from "../../support/database.js";
import { rowValue } from "./values.js";

/** Tenants created in the tenant root before any row: ids 1 and 2. */
export const TENANTS = 2;
export const ROWS_PER_TENANT = 2;

/**
 * INSERT statements: row `g` (0..3, tenant `g / 2 + 1`) gets id `g + 1` in every table (fresh
 * sequences, insertion order), so a foreign key to row `g` of the target stays in the same tenant.
 * Nullable columns are NULL in each tenant's second row.
 *
 * @example
 * seedRowsSql(ir)[0] // `INSERT INTO "accounts" ("company_id", "title", ...) VALUES (1, 'v0', ...)`
 */
export function seedRowsSql(ir: SchemaIR): string[] {
  return tablesInReferenceOrder(ir).flatMap((table) =>
    Array.from({ length: TENANTS * ROWS_PER_TENANT }, (_, row) => insertRow(table, row)),
  );
}

function insertRow(table: TableIR, row: number): string {
  const second = row % ROWS_PER_TENANT === 1;
  const values = table.columns.flatMap((column): [string, string][] => {
    switch (column.role) {
      case "primaryKey":
      case "deletedAt":
        return [];
      case "tenant":
        return [[column.field, String(Math.floor(row / ROWS_PER_TENANT) + 1)]];
      case "createdAt":
      case "updatedAt":
        return [[column.field, "now()"]];
      case "foreignKey": {
        const selfReference = table.foreignKeys.some((fk) => fk.columns.includes(column.field) && fk.referencedTable === table.tableName);
        return [[column.field, (column.nullable && second) || selfReference ? "NULL" : String(row + 1)]];
      }
      case "data":
        return [[column.field, column.nullable && second ? "NULL" : rowValue(column.type, row)]];
    }
  });
  return `INSERT INTO ${quoteIdent(table.tableName)} (${values.map(([field]) => quoteIdent(field)).join(", ")}) VALUES (${values.map(([, value]) => value).join(", ")})`;
}

/** Referenced tables first (the generator never makes cycles). */
function tablesInReferenceOrder(ir: SchemaIR): TableIR[] {
  const pending = [...ir.tables];
  const done: TableIR[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((table) =>
      table.foreignKeys.every(
        (fk) => fk.referencedTable === table.tableName || !pending.some((other) => other !== table && other.tableName === fk.referencedTable),
      ),
    );
    done.push(...pending.splice(ready === -1 ? 0 : ready, 1));
  }
  return done;
}

/**
 * Row counts per table, to check that an evolution keeps the data it does not drop.
 *
 * @example
 * await rowCounts(db, ir) // { accounts: 4, projects: 4 }
 */
export async function rowCounts(db: { query<T>(sql: string): Promise<T[]> }, ir: SchemaIR): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ir.tables) {
    const [result] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${quoteIdent(table.tableName)}`);
    counts[table.tableName] = Number(result?.n ?? -1);
  }
  return counts;
}

/** A column of A and where it lives in B (by attribute, or through `renamedFrom`). */
export interface KeptColumn {
  tableA: string;
  fieldA: string;
  tableB: string;
  fieldB: string;
}

/**
 * Columns whose values an evolution must keep untouched: same type and no backfill in B, in tables
 * kept (or renamed). Renamed columns included: their values must follow them. A rename hint whose
 * old name `a` no longer has (an expand/contract rename still open) pairs the column by its name.
 *
 * @example
 * keptColumns(irA, irB) // [{ tableA: "accounts", fieldA: "title", tableB: "accounts", fieldB: "name" }]
 */
export function keptColumns(a: SchemaIR, b: SchemaIR): KeptColumn[] {
  return b.tables.flatMap((tableB) => {
    const tableA = a.tables.find((table) => table.key === (tableB.renamedFrom?.from ?? tableB.key)) ?? a.tables.find((table) => table.key === tableB.key);
    if (!tableA) return [];
    return tableB.columns.flatMap((columnB) => {
      const columnA =
        tableA.columns.find((column) => column.name === (columnB.renamedFrom?.from ?? columnB.name)) ??
        tableA.columns.find((column) => column.name === columnB.name);
      if (!columnA || columnB.backfill !== null || JSON.stringify(columnA.type) !== JSON.stringify(columnB.type)) return [];
      // NOT NULL from nullable fills NULLs from the default.
      if (columnA.nullable && !columnB.nullable) return [];
      return [{ tableA: tableA.tableName, fieldA: columnA.field, tableB: tableB.tableName, fieldB: columnB.field }];
    });
  });
}

/**
 * The values of a column as text, in id order.
 *
 * @example
 * await columnValues(db, "accounts", "title") // ["v0", null, "v2", null]
 */
export async function columnValues(db: { query<T>(sql: string): Promise<T[]> }, table: string, field: string): Promise<(string | null)[]> {
  const rows = await db.query<{ value: string | null }>(`SELECT ${quoteIdent(field)}::text AS value FROM ${quoteIdent(table)} ORDER BY "id"`);
  return rows.map((row) => row.value);
}
