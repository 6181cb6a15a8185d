/**
 * The lock each operation of a change set takes on existing data.
 */
import { match } from "ts-pattern";
import type { Operation } from "../diff/operations.js";
import type { LockFact } from "./facts.js";

/**
 * The lock `op` takes on existing data. `created` names the tables this change set creates:
 * anything done to them locks nothing anybody uses yet.
 *
 * @example
 * lockOf({ kind: "alterColumnType", rewrite: true, ... }, new Set()) // { kind: "rewrite", table: "tickets" }
 */
export function lockOf(op: Operation, created: ReadonlySet<string>): LockFact {
  const table = op.table.tableName;
  const fresh = created.has(table);
  const metadata: LockFact = fresh ? { kind: "newTable", table } : { kind: "metadata", table };
  return match(op)
    .with({ kind: "createTable" }, (): LockFact => ({ kind: "newTable", table }))
    .with({ kind: "dropCompatibilityView" }, (o): LockFact => ({ kind: "view", view: o.view }))
    .with({ kind: "alterColumnType" }, (o): LockFact => (o.rewrite && !fresh ? { kind: "rewrite", table } : metadata))
    .with({ kind: "backfill" }, { kind: "remapEnumValues" }, (): LockFact => ({ kind: "rowBatches", table }))
    .with({ kind: "setNotNull" }, (): LockFact => ({ kind: "staged", table }))
    .with({ kind: "validateConstraint" }, (): LockFact => ({ kind: "validate", table }))
    .with({ kind: "alterColumnComment" }, { kind: "alterTableComment" }, { kind: "renameIndex" }, (): LockFact =>
      fresh ? metadata : { kind: "catalog", table },
    )
    .with({ kind: "addIndex" }, (o): LockFact => (fresh ? metadata : o.concurrently ? { kind: "concurrent", table } : { kind: "blockingIndex", table }))
    .with({ kind: "dropIndex" }, (o): LockFact => (o.concurrently ? { kind: "concurrent", table } : metadata))
    .with({ kind: "addCheck" }, (o): LockFact => (fresh || o.notValid ? metadata : { kind: "blockingScan", table }))
    .with({ kind: "addForeignKey" }, (o): LockFact => ({
      kind: "foreignKey",
      tables: [...new Set([table, o.foreignKey.referencedTable])],
      scan: !o.notValid && !fresh,
    }))
    .with(
      { kind: "dropTable" },
      { kind: "renameTable" },
      { kind: "addColumn" },
      { kind: "dropColumn" },
      { kind: "renameColumn" },
      { kind: "expandColumnRename" },
      { kind: "contractColumnRename" },
      { kind: "dropNotNull" },
      { kind: "alterDefault" },
      { kind: "dropCheck" },
      { kind: "dropForeignKey" },
      { kind: "renameConstraint" },
      { kind: "changeEnumValues" },
      { kind: "createEnumType" },
      { kind: "dropEnumType" },
      { kind: "addEnumValue" },
      { kind: "addIsolation" },
      { kind: "dropIsolation" },
      (): LockFact => metadata,
    )
    .exhaustive();
}
