/**
 * Column order, which the catalogs leave out (they list columns by name): what `down` promises
 * about it, checked exactly. PostgreSQL can only add a column at the end of a table, so a column
 * that `down` re-adds (dropped by up, or the old column of a contracted rename) comes last; every
 * other column keeps its place. A table `down` recreates is not compared (its columns come in
 * declaration order).
 */
import { expect } from "vitest";
import type { TestDatabase } from "./database.js";
import { quoteLiteral } from "./database.js";

/** A column and its position number (`attnum`): a rename keeps it, a re-added column gets a new one. */
export interface PlacedColumn {
  name: string;
  attnum: number;
}

/** Per table, its columns in `attnum` order. */
export type ColumnOrders = Record<string, PlacedColumn[]>;

/**
 * The column order of every table of a schema.
 *
 * @example
 * await columnOrders(db) // { tickets: ["id", "company_id", "subject", ...] }
 */
export async function columnOrders(db: Pick<TestDatabase, "query">, schema = "public"): Promise<ColumnOrders> {
  const rows = await db.query<{ table: string; column: string; attnum: number }>(
    `SELECT c.relname AS "table", a.attname AS "column", a.attnum::int AS "attnum" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ${quoteLiteral(schema)} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
  );
  const orders: ColumnOrders = {};
  for (const row of rows) (orders[row.table] ??= []).push({ name: row.column, attnum: row.attnum });
  return orders;
}

/**
 * What a table's column names must be after `down`, in order, from the table before `up` and after
 * it: a column `up` removed (its position is gone after up; a rename keeps it) is re-added by down
 * at the end (in the order down added them, read from `afterDown`); every other column is where it
 * was, under the name it had.
 *
 * @example
 * orderAfterDown([id, a, b, c], [id, a, c], [id, a, c, b2]) // ["id", "a", "c", "b"]
 */
export function orderAfterDown(before: readonly PlacedColumn[], afterUp: readonly PlacedColumn[], afterDown: readonly PlacedColumn[]): string[] {
  const kept = new Set(afterUp.map((column) => column.attnum));
  const removed = before.filter((column) => !kept.has(column.attnum)).map((column) => column.name);
  const maxBefore = Math.max(0, ...before.map((column) => column.attnum));
  return [...before.filter((column) => kept.has(column.attnum)).map((column) => column.name), ...afterDown.filter((column) => column.attnum > maxBefore && removed.includes(column.name)).map((column) => column.name)];
}

/**
 * Asserts the column order `down` promises, for every table that existed before `up` and exists
 * after it and after `down` under the same name.
 *
 * @example
 * expectColumnOrderRestored(before, afterUp, await columnOrders(db), "after B's migrations down");
 */
export function expectColumnOrderRestored(before: ColumnOrders, afterUp: ColumnOrders, afterDown: ColumnOrders, message: string): void {
  for (const [table, columns] of Object.entries(before)) {
    const up = afterUp[table];
    const down = afterDown[table];
    if (up === undefined || down === undefined) continue;
    expect(down.map((column) => column.name), `${message}: column order of ${table}`).toEqual(orderAfterDown(columns, up, down));
  }
}
