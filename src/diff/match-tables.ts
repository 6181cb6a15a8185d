/**
 * Pairs the tables of the snapshot with the declared ones: by key, or by a declared
 * `.renamedFrom("oldKey")` whose old key is no longer declared.
 */
import type { SchemaIR, TableIR } from "../ir/types.js";

export interface TablePair {
  previous: TableIR;
  next: TableIR;
  /** How the database table is renamed, when its name changes; null: same name. */
  rename: "expand-contract" | "direct" | null;
}

export interface TableMatch {
  pairs: TablePair[];
  created: TableIR[];
  dropped: TableIR[];
}

/**
 * @example
 * matchTables(snapshot, declared).dropped.map((t) => t.key) // ["legacyItems"]
 */
export function matchTables(previous: SchemaIR, next: SchemaIR): TableMatch {
  const before = new Map(previous.tables.map((table) => [table.key, table]));
  const declared = new Set(next.tables.map((table) => table.key));
  const used = new Set<string>();
  const pairs: TablePair[] = [];
  const created: TableIR[] = [];
  for (const table of next.tables) {
    const same = before.get(table.key);
    const hint = table.renamedFrom;
    const old = same ?? (hint === null || declared.has(hint.from) || used.has(hint.from) ? undefined : before.get(hint.from));
    if (old === undefined) {
      created.push(table);
      continue;
    }
    used.add(old.key);
    // A table override changed under the same key: nothing keeps old code on the old name.
    const strategy = same !== undefined ? "direct" : (hint?.strategy ?? "direct");
    pairs.push({ previous: old, next: table, rename: old.tableName === table.tableName ? null : strategy });
  }
  const dropped = previous.tables.filter((table) => !used.has(table.key));
  return { pairs, created, dropped };
}
