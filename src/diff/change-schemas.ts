/**
 * The schema before and after each change set of one emit: what a change set's doc describes (its
 * tables as they stand right after it) and compares with (right before it). The diff's knowledge:
 * which operations add, replace, rename away or drop a table.
 */
import type { SchemaIR, TableIR } from "../ir/types.js";
import type { ChangeSet } from "./operations.js";

/** Tables a change set touches take their next version (from `snapshot`), tables it drops or renames away leave. */
function applyChange(current: Map<string, TableIR>, change: ChangeSet, snapshot: SchemaIR): void {
  const nextByKey = new Map(snapshot.tables.map((table) => [table.key, table]));
  for (const operation of change.migrations.flatMap((plan) => plan.operations)) {
    if (operation.kind === "dropTable") {
      current.delete(operation.table.key);
      continue;
    }
    if (operation.kind === "renameTable") current.delete(operation.from.key);
    const next = nextByKey.get(operation.table.key);
    if (next !== undefined) current.set(next.key, next);
  }
}

const schemaOf = (snapshot: SchemaIR, current: ReadonlyMap<string, TableIR>): SchemaIR => ({
  ...snapshot,
  tables: [...current.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
});

/**
 * For each change set, in order: the schema right before it (null for the first change set of a
 * first emit) and right after it. `previous` is the last emit's snapshot, `snapshot` the schema
 * after all the change sets.
 *
 * @example
 * schemasAround(null, snapshot, changeSets)[0] // { before: null, after: { ...snapshot, tables: [users] } }
 */
export function schemasAround(previous: SchemaIR | null, snapshot: SchemaIR, changeSets: readonly ChangeSet[]): { before: SchemaIR | null; after: SchemaIR }[] {
  const current = new Map((previous?.tables ?? []).map((table) => [table.key, table]));
  return changeSets.map((change, index) => {
    const before = previous === null && index === 0 ? null : schemaOf(snapshot, current);
    applyChange(current, change, snapshot);
    return { before, after: schemaOf(snapshot, current) };
  });
}
