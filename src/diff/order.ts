/**
 * Where each operation runs and in which order. Inside one transactional migration: table renames
 * first, drops of constraints before what they depend on, renames before anything uses the new
 * names, new tables before foreign keys to them, drops of columns and tables last.
 */
import { match } from "ts-pattern";
import type { Operation } from "./operations.js";

/** 0: transactional; 1: backfills and validations; 2: concurrent index builds and drops. */
export type Phase = 0 | 1 | 2;

/**
 * @example
 * phaseOf({ kind: "addIndex", table, index, concurrently: true }) // 2
 */
export function phaseOf(op: Operation): Phase {
  // After the new key it references, in the migration that builds it (src/diff/isolation.ts).
  if ("afterKey" in op && op.afterKey === true) return 2;
  return match(op)
    .with({ kind: "addIndex" }, { kind: "dropIndex" }, ({ concurrently }) => (concurrently ? 2 : 0) as Phase)
    // ADD VALUE must commit before the value is used, so it runs after the transactional migration.
    .with({ kind: "backfill" }, { kind: "remapEnumValues" }, { kind: "validateConstraint" }, { kind: "setNotNull" }, { kind: "addEnumValue" }, () => 1 as Phase)
    .otherwise(() => 0 as Phase);
}

/**
 * Order of an operation within its migration (stable sort key).
 *
 * @example
 * rankOf({ kind: "dropForeignKey", table, foreignKey }) < rankOf({ kind: "dropTable", table }) // true
 */
export function rankOf(op: Operation): number {
  // In the index migration, after the key builds (rank 2): add, validate, then drop the old reference.
  if ("afterKey" in op && op.afterKey === true) return op.kind === "addForeignKey" ? 3 : op.kind === "validateConstraint" ? 4 : 5;
  return match(op)
    // The other operations of a renamed table are computed against it renamed (new table and
    // object names), so the rename runs first; down, reversed, renames it back last.
    .with({ kind: "renameTable" }, () => 0)
    .with({ kind: "dropForeignKey" }, () => 1)
    .with({ kind: "dropCheck" }, () => 2)
    .with({ kind: "dropIndex" }, () => 2)
    // Before its table goes (dropTable would leave the trigger's function behind).
    .with({ kind: "dropIsolation" }, () => 2)
    .with({ kind: "contractColumnRename" }, { kind: "dropCompatibilityView" }, () => 3)
    .with({ kind: "renameColumn" }, { kind: "renameIndex" }, { kind: "renameConstraint" }, () => 4)
    // Before the tables and columns that use it; dropped after the last of them.
    .with({ kind: "createEnumType" }, () => 4.5)
    .with({ kind: "createTable" }, () => 5)
    .with(
      { kind: "addColumn" },
      { kind: "expandColumnRename" },
      { kind: "alterColumnType" },
      { kind: "dropNotNull" },
      { kind: "alterDefault" },
      { kind: "alterColumnComment" },
      { kind: "alterTableComment" },
      { kind: "changeEnumValues" },
      () => 6,
    )
    .with({ kind: "addCheck" }, { kind: "addForeignKey" }, { kind: "addIsolation" }, () => 7)
    .with({ kind: "dropColumn" }, () => 8)
    .with({ kind: "dropTable" }, () => 9)
    .with({ kind: "dropEnumType" }, () => 10)
    // A new value exists before the fills that may write it.
    .with({ kind: "addEnumValue" }, () => -1)
    // Backfills fill what the checks and NOT NULL then validate.
    .with({ kind: "backfill" }, { kind: "remapEnumValues" }, () => 0)
    .with({ kind: "validateConstraint" }, () => 1)
    .with({ kind: "setNotNull" }, () => 2)
    .with({ kind: "addIndex" }, () => 2)
    .exhaustive();
}

/**
 * Kahn's topological sort with a name tie-break, so the order is deterministic. Nodes left in a
 * cycle are appended in name order and returned separately so the caller can report them.
 *
 * @example
 * topologicalOrder(["b", "a"], (n) => (n === "a" ? ["b"] : [])).order // ["b", "a"]
 */
export function topologicalOrder(nodes: readonly string[], dependsOn: (node: string) => readonly string[]): { order: string[]; cyclic: string[] } {
  const pending = new Set(nodes);
  const order: string[] = [];
  for (;;) {
    const ready = [...pending].filter((node) => dependsOn(node).every((dependency) => !pending.has(dependency))).sort();
    const nextNode = ready[0];
    if (nextNode === undefined) break;
    order.push(nextNode);
    pending.delete(nextNode);
  }
  const cyclic = [...pending].sort();
  return { order: [...order, ...cyclic], cyclic };
}
