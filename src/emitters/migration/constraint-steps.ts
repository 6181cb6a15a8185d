/** Steps of index and constraint operations. */
import type { CheckIR, ColumnIR, ForeignKeyIR, IndexIR, TableIR } from "../../ir/types.js";
import { addCheckNotValid, addForeignKeyNotValid, addUniqueUsingIndex, alterTable, createIndexConcurrently, dropIndexConcurrently } from "./alter-sql.js";
import { quoteIdent as q } from "./sql-text.js";
import { addCheckStep, addForeignKeyStep, addIndexStep, concurrentStep, mainSteps, removeIndexStep, sqlStep } from "./step-helpers.js";
import type { MigrationStep, OperationSteps } from "./steps.js";

const removeConstraint = (table: TableIR, name: string): MigrationStep => ({ kind: "removeConstraint", table: table.tableName, name });

/**
 * @example
 * addIndexSteps(tickets, index, true).up.main[0].sql // 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ...'
 */
export function addIndexSteps(table: TableIR, index: IndexIR, concurrently: boolean): OperationSteps {
  if (!concurrently) return mainSteps([addIndexStep(table.tableName, index)], [removeIndexStep(table.tableName, index)]);
  // A UNIQUE constraint on an existing table: its index is built without blocking writes, then
  // attached as the constraint (brief lock, no scan). Dropping the constraint drops its index.
  if (index.constraint) {
    return mainSteps(
      [concurrentStep(createIndexConcurrently(table.tableName, index)), sqlStep(addUniqueUsingIndex(table.tableName, index.name))],
      [sqlStep(alterTable(table.tableName, `DROP CONSTRAINT IF EXISTS ${q(index.name)}`))],
    );
  }
  return mainSteps([concurrentStep(createIndexConcurrently(table.tableName, index))], [concurrentStep(dropIndexConcurrently(index.name))]);
}

/**
 * @example
 * dropIndexSteps(tickets, index, true).up.main[0].sql // 'DROP INDEX CONCURRENTLY IF EXISTS ...'
 */
export function dropIndexSteps(table: TableIR, index: IndexIR, concurrently: boolean): OperationSteps {
  const add = addIndexSteps(table, index, concurrently);
  return { up: add.down, down: add.up };
}

/**
 * @example
 * renameIndexSteps("a", "b").up.main[0].sql // 'ALTER INDEX "a" RENAME TO "b"'
 */
export function renameIndexSteps(from: string, to: string): OperationSteps {
  const rename = (a: string, b: string) => sqlStep(`ALTER INDEX ${q(a)} RENAME TO ${q(b)}`);
  return mainSteps([rename(from, to)], [rename(to, from)]);
}

/**
 * NOT VALID on an existing table (validated by a later migration); down drops it.
 *
 * @example
 * addCheckSteps(tickets, check, true).up.main[0].sql // 'ALTER TABLE "tickets" ADD CONSTRAINT ... NOT VALID'
 */
export function addCheckSteps(table: TableIR, check: CheckIR, notValid: boolean): OperationSteps {
  const add = notValid ? sqlStep(addCheckNotValid(table.tableName, check)) : addCheckStep(table.tableName, check);
  return mainSteps([add], [removeConstraint(table, check.name)]);
}

/**
 * Down restores the check validated, as it was.
 *
 * @example
 * dropCheckSteps(tickets, check).down.main[0].kind // "addCheck"
 */
export function dropCheckSteps(table: TableIR, check: CheckIR): OperationSteps {
  return mainSteps([removeConstraint(table, check.name)], [addCheckStep(table.tableName, check)]);
}

/**
 * Added in the `after` phase (after any table of the plan it references), removed in `before`.
 *
 * @example
 * addForeignKeySteps(tickets, fk, true).up.after[0].sql // '... FOREIGN KEY ... NOT VALID'
 */
export function addForeignKeySteps(table: TableIR, fk: ForeignKeyIR, notValid: boolean): OperationSteps {
  const add = notValid ? sqlStep(addForeignKeyNotValid(table.tableName, fk)) : addForeignKeyStep(table.tableName, fk);
  return {
    up: { before: [], main: [], after: [add] },
    down: { before: [removeConstraint(table, fk.name)], main: [], after: [] },
  };
}

/**
 * Removed in the `before` phase (before the tables or columns it needs go); down restores it validated.
 *
 * @example
 * dropForeignKeySteps(tickets, fk).up.before[0].kind // "removeConstraint"
 */
export function dropForeignKeySteps(table: TableIR, fk: ForeignKeyIR): OperationSteps {
  return {
    up: { before: [removeConstraint(table, fk.name)], main: [], after: [] },
    down: { before: [], main: [], after: [addForeignKeyStep(table.tableName, fk)] },
  };
}

/**
 * @example
 * renameConstraintSteps(tickets, "a", "b").up.main[0].sql // 'ALTER TABLE "tickets" RENAME CONSTRAINT "a" TO "b"'
 */
export function renameConstraintSteps(table: TableIR, from: string, to: string): OperationSteps {
  const rename = (a: string, b: string) => sqlStep(alterTable(table.tableName, `RENAME CONSTRAINT ${q(a)} TO ${q(b)}`));
  return mainSteps([rename(from, to)], [rename(to, from)]);
}

/**
 * VALIDATE scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); nothing to undo.
 *
 * @example
 * validateConstraintSteps(tickets, "c").up.main[0].sql // 'ALTER TABLE "tickets" VALIDATE CONSTRAINT "c"'
 */
export function validateConstraintSteps(table: TableIR, name: string): OperationSteps {
  return mainSteps([sqlStep(alterTable(table.tableName, `VALIDATE CONSTRAINT ${q(name)}`))], []);
}

/**
 * The enum CHECK is replaced: the new one NOT VALID (validated later); down restores the old one
 * validated, so it fails loudly if rows already hold values the old list lacks.
 *
 * @example
 * changeEnumValuesSteps(tickets, status, from, to).up.main.map((s) => s.kind) // ["removeConstraint", "sql"]
 */
export function changeEnumValuesSteps(table: TableIR, _column: ColumnIR, from: CheckIR, to: CheckIR): OperationSteps {
  return mainSteps(
    [removeConstraint(table, from.name), sqlStep(addCheckNotValid(table.tableName, to))],
    [removeConstraint(table, to.name), addCheckStep(table.tableName, from)],
  );
}
