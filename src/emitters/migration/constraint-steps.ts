/** Steps of index and constraint operations. */
import type { CheckIR, ColumnIR, ForeignKeyIR, IndexIR, TableIR } from "../../ir/types.js";
import { addCheckNotValid, addForeignKeyNotValid, addUniqueUsingIndex, alterTable, createIndexConcurrently, dropIndexConcurrently } from "./alter-sql.js";
import type { EnumRemap } from "../../diff/operations.js";
import { remapSql } from "./column-steps.js";
import { quoteIdent as q, quoteLiteral, raiseText } from "./sql-text.js";
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
 * VALIDATE scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); nothing to undo. When rows
 * break the constraint, PostgreSQL names one of them; the migration instead stops with how many
 * rows break it, the keys of the first 20, and the query that lists them all (in the hint), having
 * changed nothing: existing data that breaks a new reference (a ticket pointing at another
 * tenant's user, when composite tenant keys are switched on) is reported, never "fixed". The rows
 * are looked up only when the VALIDATE has failed, so a clean table is scanned once.
 *
 * @example
 * validateConstraintSteps(tickets, "c").up.main[0].sql
 * // 'DO $$ DECLARE offending bigint; keys text; BEGIN ALTER TABLE "tickets" VALIDATE CONSTRAINT "c"; EXCEPTION WHEN check_violation THEN ...'
 */
export function validateConstraintSteps(table: TableIR, name: string): OperationSteps {
  const validate = alterTable(table.tableName, `VALIDATE CONSTRAINT ${q(name)}`);
  const offending = offendingRows(table, name);
  if (offending === null) return mainSteps([sqlStep(validate)], []);
  const list = `SELECT ${offending.key} AS offending_key FROM ${offending.from} WHERE ${offending.where} ORDER BY ${offending.order}`;
  const [t, c] = [q(table.tableName), q(name)].map(raiseText);
  const message = `tenant-schema: % row(s) of ${t} break ${c} (${raiseText(offending.what)}), so it cannot be validated; nothing was changed. The first by key: %. Fix or delete them, then run this migration again.`;
  return mainSteps(
    [
      sqlStep(
        `DO $$ DECLARE offending bigint; keys text; BEGIN ${validate}; ` +
          `EXCEPTION WHEN ${offending.error} THEN ` +
          `SELECT count(*) INTO offending FROM ${offending.from} WHERE ${offending.where}; ` +
          `SELECT string_agg(offending_key, ', ') INTO keys FROM (${list} LIMIT ${OFFENDING_IDS_SHOWN}) AS first_rows; ` +
          `RAISE EXCEPTION ${quoteLiteral(message)}, offending, keys USING ERRCODE = '${offending.errcode}', HINT = ${quoteLiteral(`All of them: ${list}`)}; END $$`,
      ),
    ],
    [],
  );
}

/** How many offending row keys a failed VALIDATE prints (the hint's query lists them all). */
const OFFENDING_IDS_SHOWN = 20;

/**
 * The rows of `table` that break its constraint `name`, as SQL: a foreign key's rows whose
 * columns are all set (MATCH SIMPLE) and match no referenced row, a CHECK's rows for which it is
 * false; null for anything else. `key` prints a row's primary key (its ctid without one).
 */
function offendingRows(table: TableIR, name: string): { from: string; where: string; key: string; order: string; what: string; error: string; errcode: string } | null {
  const t = q(table.tableName);
  const pk = (table.primaryKey?.columns ?? table.columns.filter((column) => column.primaryKey).map((column) => column.field)).map((column) => `${t}.${q(column)}`);
  const order = pk.length === 0 ? `${t}.ctid` : pk.join(", ");
  const key = pk.length === 0 ? `${t}.ctid::text` : pk.length === 1 ? `${pk[0]}::text` : `ROW(${order})::text`;
  const foreignKey = table.foreignKeys.find((fk) => fk.name === name);
  if (foreignKey !== undefined) {
    const set = foreignKey.columns.map((column) => `${t}.${q(column)} IS NOT NULL`).join(" AND ");
    const match = foreignKey.columns.map((column, index) => `referenced.${q(foreignKey.referencedColumns[index]!)} = ${t}.${q(column)}`).join(" AND ");
    return {
      from: t,
      where: `${set} AND NOT EXISTS (SELECT 1 FROM ${q(foreignKey.referencedTable)} AS referenced WHERE ${match})`,
      key,
      order,
      what: `(${foreignKey.columns.join(", ")}) → ${foreignKey.referencedTable} (${foreignKey.referencedColumns.join(", ")}) has no such row`,
      error: "foreign_key_violation",
      errcode: "23503",
    };
  }
  const check = table.checks.find((candidate) => candidate.name === name);
  if (check !== undefined) return { from: t, where: `(${check.expression}) IS FALSE`, key, order, what: `CHECK (${check.expression}) is false`, error: "check_violation", errcode: "23514" };
  return null;
}

/**
 * The enum CHECK is replaced: the new one NOT VALID (validated later). Removed values nobody
 * remapped are first counted: while rows hold them, the migration raises (count and fix) before it
 * changes anything, instead of failing in its validation after this migration committed. Down
 * drops the new CHECK, maps the reversible remaps back (one UPDATE, in its transaction: neither
 * CHECK stands in the way only there) and restores the old CHECK validated, so it still fails
 * loudly if rows hold values the old list lacks.
 *
 * @example
 * changeEnumValuesSteps(tickets, status, from, to, ["pending"], []).up.before[0].sql // 'DO $$ DECLARE n bigint; BEGIN SELECT count(*) ...'
 */
export function changeEnumValuesSteps(table: TableIR, column: ColumnIR, from: CheckIR, to: CheckIR, removed: readonly string[], remap: readonly EnumRemap[]): OperationSteps {
  const unmapped = removed.filter((value) => !remap.some((pair) => pair.from === value));
  const back = remap.filter((pair) => pair.reversible).map((pair) => ({ from: pair.to, to: pair.from }));
  const restore = back.length === 0 ? [] : [sqlStep(remapUpdate(table, column, back))];
  return {
    up: { before: unmapped.length === 0 ? [] : [removedValuesGuard(table, column, unmapped)], main: [removeConstraint(table, from.name), sqlStep(addCheckNotValid(table.tableName, to))], after: [] },
    down: { before: [], main: [removeConstraint(table, to.name), ...restore, addCheckStep(table.tableName, from)], after: [] },
  };
}

/** One UPDATE mapping every `from` to its `to`. */
function remapUpdate(table: TableIR, column: ColumnIR, pairs: readonly { from: string; to: string }[]): string {
  const { expression, where } = remapSql(column, pairs);
  return `UPDATE ${q(table.tableName)} SET ${q(column.field)} = ${expression} WHERE ${where}`;
}

/**
 * Raises, changing nothing, while rows hold enum values the change removes without a remap: the
 * message gives the count and the two ways out.
 */
function removedValuesGuard(table: TableIR, column: ColumnIR, values: readonly string[]): MigrationStep {
  const list = values.map((v) => `'${v}'`).join(", ");
  const example = `.remap({ ${values.map((v) => `${JSON.stringify(v)}: "<a kept value>"`).join(", ")} })`;
  const message =
    `tenant-schema: % rows of ${q(table.tableName)} hold ${q(column.field)} values this change removes (${list}); nothing was changed. ` +
    `Declare what they become with ${example} on the column in the schema and emit again, or update those rows to kept values first.`;
  // RAISE reads % as a placeholder: the count is the only one.
  const format = quoteLiteral(raiseText(message).replace("%%", "%"));
  return sqlStep(
    `DO $$ DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM ${q(table.tableName)} WHERE ${q(column.field)} IN (${values.map(quoteLiteral).join(", ")}); ` +
      `IF n > 0 THEN RAISE EXCEPTION ${format}, n; END IF; END $$`,
  );
}
