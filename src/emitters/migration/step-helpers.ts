/** Small builders shared by the per-operation step planners. */
import type { CheckIR, ColumnIR, ForeignKeyIR, IndexIR } from "../../ir/types.js";
import { addForeignKeySql, createIndexSql } from "./alter-sql.js";
import type { ColumnDefinition, MigrationStep, OperationSteps, PhasedSteps } from "./steps.js";

/** How the plan runs, and the settings its steps need. */
export interface StepContext {
  /** The plan runs in one transaction (MigrationPlan.transaction). */
  transaction: boolean;
  backfillBatchSize: number;
  /** `table.field` covered by a unique index the plan drops (its down rebuilds it): see restoredUniqueFields. */
  restoredUnique: ReadonlySet<string>;
}

/**
 * A raw statement (in the migration's transaction, or its own short one).
 *
 * @example
 * sqlStep('ALTER INDEX "a" RENAME TO "b"') // { kind: "sql", sql: "...", concurrent: false }
 */
export function sqlStep(sql: string): MigrationStep {
  return { kind: "sql", sql, concurrent: false };
}

/**
 * A raw statement that must run outside any transaction.
 *
 * @example
 * concurrentStep('DROP INDEX CONCURRENTLY IF EXISTS "a"').concurrent // true
 */
export function concurrentStep(sql: string): MigrationStep {
  return { kind: "sql", sql, concurrent: true };
}

/**
 * Steps in the `main` phase only.
 *
 * @example
 * inMain([sqlStep("...")]) // { before: [], main: [...], after: [] }
 */
export function inMain(main: MigrationStep[]): PhasedSteps {
  return { before: [], main, after: [] };
}

/**
 * Both directions in the `main` phase.
 *
 * @example
 * mainSteps([renameUp], [renameDown]).down.main // [renameDown]
 */
export function mainSteps(up: MigrationStep[], down: MigrationStep[]): OperationSteps {
  return { up: inMain(up), down: inMain(down) };
}

/**
 * The `createTable`/`addColumn` attribute of a column.
 *
 * @example
 * columnDefinition(emailColumn) // { field: "email", type: { kind: "string", length: 255 }, allowNull: false, ... }
 */
export function columnDefinition(column: ColumnIR): ColumnDefinition {
  return {
    field: column.field,
    type: column.type,
    allowNull: column.nullable,
    default: column.default,
    primaryKey: column.primaryKey,
    autoIncrement: column.autoIncrement,
    comment: column.comment,
  };
}

/**
 * @example
 * addIndexStep("tickets", index).kind // "addIndex"
 */
export function addIndexStep(table: string, index: IndexIR): MigrationStep {
  // Sequelize's addIndex takes columns only: an expression key list is a raw CREATE INDEX.
  if (index.expression !== null) return sqlStep(createIndexSql(table, index));
  return {
    kind: "addIndex",
    table,
    name: index.name,
    columns: index.columns,
    unique: index.unique,
    method: index.method,
    where: index.where,
    constraint: index.constraint,
  };
}

/**
 * The step that removes an index: a UNIQUE constraint is dropped as a constraint (its index with it).
 *
 * @example
 * removeIndexStep("users", emailKey).kind // "removeIndex"
 */
export function removeIndexStep(table: string, index: IndexIR): MigrationStep {
  return index.constraint ? { kind: "removeConstraint", table, name: index.name } : { kind: "removeIndex", table, name: index.name };
}

/**
 * @example
 * addCheckStep("tickets", check).kind // "addCheck"
 */
export function addCheckStep(table: string, check: CheckIR): MigrationStep {
  return { kind: "addCheck", table, name: check.name, columns: check.columns, expression: check.expression };
}

/**
 * A foreign key, validated at once (a new table, or a down restoring it). Sequelize's addConstraint
 * takes one referenced field: a composite key is a raw ALTER TABLE.
 *
 * @example
 * addForeignKeyStep("tickets", fk).kind // "addForeignKey"
 * addForeignKeyStep("ratings", compositeFk).kind // "sql"
 */
export function addForeignKeyStep(table: string, fk: ForeignKeyIR): MigrationStep {
  if (fk.columns.length !== 1 || fk.referencedColumns.length !== 1 || fk.onDeleteColumns !== undefined) return sqlStep(addForeignKeySql(table, fk));
  return {
    kind: "addForeignKey",
    table,
    name: fk.name,
    columns: fk.columns,
    referencedTable: fk.referencedTable,
    referencedColumns: fk.referencedColumns,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
  };
}
