/** Steps of the column-level operations. */
import type { EnumRemap } from "../../diff/operations.js";
import type { ColumnIR, DefaultIR, TableIR } from "../../ir/types.js";
import { transitionNames, notNullCheckName } from "../../ir/naming.js";
import { alterTable, commentOn, syncFunction, syncTrigger, type SyncColumn } from "./alter-sql.js";
import { fillIsDistinct, fillValueSql } from "../../plan/neutral-value.js";
import { restoreFillsRows, restoreIsGuarded, restoreKeepsDefault } from "../../plan/restore-fill.js";
import { sqlType } from "../../ir/sql-type.js";
import { defaultValueSql, quoteIdent as q, quoteLiteral, raiseText } from "./sql-text.js";
import { columnDefinition, inMain, mainSteps, sqlStep, type StepContext } from "./step-helpers.js";
import type { MigrationStep, OperationSteps } from "./steps.js";

const alterColumn = (table: TableIR, column: ColumnIR, action: string) =>
  sqlStep(alterTable(table.tableName, `ALTER COLUMN ${q(column.field)} ${action}`));

/**
 * addColumn without its comment (Sequelize 5 and 6 would send it differently), then COMMENT ON.
 *
 * @example
 * addColumnSteps(tickets, priority, true) // [{ kind: "addColumn", ... allowNull: true }]
 * addColumnSteps(tickets, state, true, true) // [addColumn without its default, SET DEFAULT ...]
 */
export function addColumnSteps(table: TableIR, column: ColumnIR, nullable: boolean, filledLater = false): MigrationStep[] {
  // Added nullable to be filled by a backfill (a NOT NULL column, or `filledLater`: the new column
  // of an expand/contract rename): a default in ADD COLUMN would fill every existing row itself
  // (rewriting the table for a volatile one) and leave the backfill nothing to do, so the default
  // is set afterwards, for new rows only.
  const staged = nullable && (!column.nullable || filledLater) && column.default !== null;
  return [
    {
      kind: "addColumn",
      table: table.tableName,
      column: { ...columnDefinition(column), allowNull: nullable, comment: null, ...(staged ? { default: null } : {}) },
    },
    ...(staged && column.default !== null ? [alterColumn(table, column, `SET DEFAULT ${defaultValueSql(column.default, column.type)}`)] : []),
    ...(column.comment === null ? [] : [sqlStep(columnComment(table, column, column.comment))]),
  ];
}

const removeColumn = (table: TableIR, column: ColumnIR): MigrationStep => ({
  kind: "removeColumn",
  table: table.tableName,
  field: column.field,
});

const columnComment = (table: TableIR, column: ColumnIR, comment: string | null) =>
  commentOn("COLUMN", `${q(table.tableName)}.${q(column.field)}`, comment);

/**
 * A column re-added by a `down`, exactly as declared, on a table that may have rows (its data is
 * gone). `copyFrom`: the column whose values it gets back first (the new column of a contracted
 * rename). `unique`: a unique index the down rebuilds covers it (see restoredUniqueFields).
 * A column with a default, unless `unique`, is added with it (existing rows hold the default).
 * Otherwise: ADD COLUMN nullable without a default → copy → for NOT NULL, UPDATE the rows still NULL
 * with a value distinct per row (fillValueSql over the row's number in primary-key order; a DEFAULT
 * cannot refer to other columns) → SET NOT NULL → SET DEFAULT (new rows only), all in the down's
 * transaction. A nullable column then holds NULL, which a unique index accepts in every row.
 *
 * Limits: a foreign-key column cannot be given valid references; restoreGuardSteps stops such a
 * down before it alters anything. A CHECK declared over the column may reject the fill value (it is
 * positive, increasing and short); boolean, enum and jsonb columns get one constant in every row.
 *
 * @example
 * restoreColumnSteps(tickets, code).map((s) => s.kind) // ["addColumn", "sql", "sql"]  (ADD, UPDATE … SET "code" = "fill_rows"."n"::text, SET NOT NULL)
 */
export function restoreColumnSteps(table: TableIR, column: ColumnIR, copyFrom: ColumnIR | null = null, unique = false): MigrationStep[] {
  const keepDefault = restoreKeepsDefault(column, unique);
  // With its default, NOT NULL rows keep it where the copied column is NULL.
  const copy =
    copyFrom === null
      ? []
      : [
          sqlStep(
            `UPDATE ${q(table.tableName)} SET ${q(column.field)} = ${q(copyFrom.field)}${keepDefault && !column.nullable ? ` WHERE ${q(copyFrom.field)} IS NOT NULL` : ""}`,
          ),
        ];
  if (keepDefault) return [...addColumnSteps(table, column, column.nullable), ...copy];
  const [add, ...comment] = addColumnSteps(table, { ...column, default: null }, true);
  return [
    ...(add === undefined ? [] : [add]),
    ...copy,
    ...(restoreFillsRows(column, unique) ? [sqlStep(fillRowsSql(table, column)), alterColumn(table, column, "SET NOT NULL")] : []),
    ...(column.default === null ? [] : [alterColumn(table, column, `SET DEFAULT ${defaultValueSql(column.default, column.type)}`)]),
    ...comment,
  ];
}

/**
 * The alias of the numbered rows in the fill UPDATE; never the table's own name.
 *
 * @example
 * fillRowsAlias("tickets") // "fill_rows"
 */
export function fillRowsAlias(tableName: string): string {
  return tableName === "fill_rows" ? "fill_rows_" : "fill_rows";
}

/** UPDATE of the rows still NULL: each gets fillValueSql over its number in primary-key order. */
function fillRowsSql(table: TableIR, column: ColumnIR): string {
  const t = q(table.tableName);
  const c = q(column.field);
  if (!fillIsDistinct(column.type)) return `UPDATE ${t} SET ${c} = ${fillValueSql(column.type, "n") ?? "NULL"} WHERE ${c} IS NULL`;
  const primaryKey = table.columns.find((x) => x.primaryKey)?.field;
  if (primaryKey === undefined) throw new Error(`Restoring ${table.tableName}.${column.field}: the table has no primary key to number its rows by.`);
  const id = q(primaryKey);
  const rows = q(fillRowsAlias(table.tableName));
  return (
    `UPDATE ${t} SET ${c} = ${fillValueSql(column.type, `${rows}."n"`) ?? "NULL"} ` +
    `FROM (SELECT ${id}, row_number() OVER (ORDER BY ${id}) AS "n" FROM ${t} WHERE ${c} IS NULL) AS ${rows} ` +
    `WHERE ${t}.${id} = ${rows}.${id}`
  );
}

/**
 * What must hold before a down restores `column`: a NOT NULL foreign-key column without a default
 * has no valid reference to fill existing rows with (re-adding its foreign key would fail after
 * the table was altered), so the down raises a clear error first while the table has such rows
 * (with `copyFrom`: rows where it is NULL). Nothing is altered; the data comes from the backup.
 *
 * @example
 * restoreGuardSteps(tickets, assigneeId)[0].sql // 'DO $$ BEGIN IF EXISTS (SELECT 1 FROM "tickets") THEN RAISE EXCEPTION ...'
 */
export function restoreGuardSteps(table: TableIR, column: ColumnIR, copyFrom: ColumnIR | null = null, unique = false): MigrationStep[] {
  if (!restoreIsGuarded(column, copyFrom, unique)) return [];
  const where = copyFrom === null ? "" : ` WHERE ${q(copyFrom.field)} IS NULL`;
  const message =
    `tenant-schema: this down cannot restore the NOT NULL ${column.role === "foreignKey" ? "foreign-key " : ""}column ${q(table.tableName)}.${q(column.field)}: ` +
    `the table has rows and there is no valid ${column.role === "foreignKey" ? "reference" : "value"} to fill them with. Nothing was changed. ` +
    `Restore this column (or the table) from the backup taken before the migration, as the change doc says.`;
  // RAISE reads % as a placeholder.
  return [sqlStep(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM ${q(table.tableName)}${where}) THEN RAISE EXCEPTION ${quoteLiteral(raiseText(message))}; END IF; END $$`)];
}

/**
 * @example
 * dropColumnSteps(tickets, legacy).up // [{ kind: "removeColumn", table: "tickets", field: "legacy" }]
 */
export function dropColumnSteps(table: TableIR, column: ColumnIR, unique = false): OperationSteps {
  return {
    up: inMain([removeColumn(table, column)]),
    down: { before: restoreGuardSteps(table, column, null, unique), main: restoreColumnSteps(table, column, null, unique), after: [] },
  };
}

/**
 * A plain RENAME COLUMN (QueryInterface.renameColumn would first query the table's description).
 *
 * @example
 * renameColumnSteps(tickets, title, subject).up.main[0].sql // 'ALTER TABLE "tickets" RENAME COLUMN "title" TO "subject"'
 */
export function renameColumnSteps(table: TableIR, from: ColumnIR, to: ColumnIR): OperationSteps {
  const rename = (a: string, b: string) => sqlStep(alterTable(table.tableName, `RENAME COLUMN ${q(a)} TO ${q(b)}`));
  return mainSteps([rename(from.field, to.field)], [rename(to.field, from.field)]);
}

function syncSteps(table: TableIR, from: ColumnIR, to: ColumnIR): { create: MigrationStep[]; drop: MigrationStep[] } {
  const names = transitionNames(table.tableName, from.field, to.field);
  const side = (column: ColumnIR): SyncColumn => ({
    field: column.field,
    defaultSql: column.default === null ? null : defaultValueSql(column.default, column.type),
  });
  return {
    create: [sqlStep(syncFunction(names.function, side(from), side(to))), sqlStep(syncTrigger(table.tableName, names.trigger, names.function))],
    drop: [
      sqlStep(`DROP TRIGGER IF EXISTS ${q(names.trigger)} ON ${q(table.tableName)}`),
      sqlStep(`DROP FUNCTION IF EXISTS ${q(names.function)}()`),
    ],
  };
}

/**
 * Expand: the new column (nullable for now) and the trigger keeping it in sync with the old one.
 *
 * @example
 * expandColumnRenameSteps(tickets, title, subject).up.main.map((s) => s.kind) // ["addColumn", "sql", "sql"]
 */
export function expandColumnRenameSteps(table: TableIR, from: ColumnIR, to: ColumnIR): OperationSteps {
  const sync = syncSteps(table, from, to);
  // Existing rows are copied from the old column by the backfill, never filled with the default.
  return mainSteps([...addColumnSteps(table, to, true, true), ...sync.create], [...sync.drop, removeColumn(table, to)]);
}

/**
 * Contract: the trigger and the old column go. Down brings the old column back as declared (see
 * restoreColumnSteps), filled from the new one, and in sync again.
 *
 * @example
 * contractColumnRenameSteps(tickets, title, subject).up.main.at(-1) // { kind: "removeColumn", field: "title", ... }
 */
export function contractColumnRenameSteps(table: TableIR, from: ColumnIR, to: ColumnIR, unique = false): OperationSteps {
  const sync = syncSteps(table, from, to);
  return {
    up: inMain([...sync.drop, removeColumn(table, from)]),
    down: { before: restoreGuardSteps(table, from, to, unique), main: [...restoreColumnSteps(table, from, to, unique), ...sync.create], after: [] },
  };
}

/**
 * ALTER COLUMN TYPE, converting with `using` (down: `downUsing`) when an implicit cast is not enough.
 *
 * @example
 * alterColumnTypeSteps(tickets, from, to, "\"code\"::integer", "\"code\"::text").up.main[0].sql
 * // 'ALTER TABLE "tickets" ALTER COLUMN "code" TYPE INTEGER USING "code"::integer'
 */
export function alterColumnTypeSteps(
  table: TableIR,
  from: ColumnIR,
  to: ColumnIR,
  using: string | null,
  downUsing: string | null,
): OperationSteps {
  // The operation carries the default change too (the diff emits no separate alterDefault). A
  // default of the old type may not cast to the new one ("cannot be cast automatically"): when the
  // kind or the default changes, the default is dropped around the type change and set after it.
  const kindChanges = from.type.kind !== to.type.kind;
  const defaultChanges = JSON.stringify(from.default) !== JSON.stringify(to.default);
  const retype = (column: ColumnIR, conversion: string | null): MigrationStep[] => {
    const type = sqlStep(
      alterTable(table.tableName, `ALTER COLUMN ${q(to.field)} TYPE ${sqlType(column.type)}${conversion === null ? "" : ` USING ${conversion}`}`),
    );
    if ((!kindChanges && !defaultChanges) || (from.default === null && to.default === null)) return [type];
    return [
      alterColumn(table, to, "DROP DEFAULT"),
      type,
      ...(column.default === null ? [] : [alterColumn(table, to, `SET DEFAULT ${defaultValueSql(column.default, column.type)}`)]),
    ];
  };
  return mainSteps(retype(to, using), retype(from, downUsing));
}

/**
 * One batched, per-tenant fill; nothing to undo.
 *
 * @example
 * backfillSteps(tickets, priority, "0", context).up.main[0].kind // "backfill"
 */
export function backfillSteps(table: TableIR, column: ColumnIR, expression: string, context: StepContext, where: string | null = null): OperationSteps {
  const primaryKey = table.columns.find((c) => c.primaryKey)?.field;
  if (primaryKey === undefined) throw new Error(`Backfill of ${table.tableName}.${column.field}: the table has no primary key to batch by.`);
  const tenantField = table.scope.kind === "tenant" ? (table.columns.find((c) => c.role === "tenant")?.field ?? null) : null;
  return mainSteps(
    [
      {
        kind: "backfill",
        table: table.tableName,
        field: column.field,
        expression,
        where,
        tenantField,
        primaryKey,
        batchSize: context.backfillBatchSize,
      },
    ],
    [],
  );
}

/**
 * The `CASE` that maps each `from` to its `to`, and the condition selecting the rows it changes.
 *
 * @example
 * remapSql(status, [{ from: "pending", to: "open", reversible: false }])
 * // { expression: `CASE "status" WHEN 'pending' THEN 'open' END`, where: `"status" IN ('pending')` }
 */
export function remapSql(column: ColumnIR, pairs: readonly { from: string; to: string }[]): { expression: string; where: string } {
  const c = q(column.field);
  return {
    expression: `CASE ${c} ${pairs.map((p) => `WHEN ${quoteLiteral(p.from)} THEN ${quoteLiteral(p.to)}`).join(" ")} END`,
    where: `${c} IN (${pairs.map((p) => quoteLiteral(p.from)).join(", ")})`,
  };
}

/**
 * Rows holding removed enum values get their declared replacement in bounded batches (per
 * tenant), before the new CHECK is validated; the reverse is part of changeEnumValuesSteps' down.
 *
 * @example
 * remapEnumValuesSteps(tickets, status, [{ from: "pending", to: "open", reversible: false }], context).up.main[0].kind // "backfill"
 */
export function remapEnumValuesSteps(table: TableIR, column: ColumnIR, remap: readonly EnumRemap[], context: StepContext): OperationSteps {
  const { expression, where } = remapSql(column, remap);
  return backfillSteps(table, column, expression, context, where);
}

/**
 * In a migration without a transaction: staged, so no step holds ACCESS EXCLUSIVE during a scan
 * (the validated CHECK lets SET NOT NULL skip its own scan) and every step can run again.
 * Inside a transaction there is nothing to gain from staging: a plain SET NOT NULL. Either way NULL
 * rows stop it with their count (never filled here: a backfill is a declared step of its own).
 *
 * @example
 * setNotNullSteps(tickets, priority, { transaction: false, backfillBatchSize: 1000 }).up.main.length // 4
 */
export function setNotNullSteps(table: TableIR, column: ColumnIR, context: StepContext): OperationSteps {
  const down = [alterColumn(table, column, "DROP NOT NULL")];
  const t = q(table.tableName);
  const c = q(column.field);
  // Rows still NULL stop it first, before anything changes, with their count and the way out: it
  // never fills them itself. A read (ACCESS SHARE: it blocks no one) that the VALIDATE repeats; the
  // VALIDATE stays a plain statement so linters see the staged NOT NULL for what it is.
  const guard = sqlStep(
    `DO $$ DECLARE nulls bigint; BEGIN IF EXISTS (SELECT 1 FROM ${t} WHERE ${c} IS NULL) THEN SELECT count(*) INTO nulls FROM ${t} WHERE ${c} IS NULL; ` +
      `RAISE EXCEPTION ${quoteLiteral(nullRowsMessage(table, column))}, nulls; END IF; END $$`,
  );
  if (context.transaction) return mainSteps([guard, alterColumn(table, column, "SET NOT NULL")], down);
  const check = q(notNullCheckName(table.tableName, column.field));
  return mainSteps(
    [
      guard,
      sqlStep(
        alterTable(table.tableName, `DROP CONSTRAINT IF EXISTS ${check}, ADD CONSTRAINT ${check} CHECK (${c} IS NOT NULL) NOT VALID`),
      ),
      sqlStep(alterTable(table.tableName, `VALIDATE CONSTRAINT ${check}`)),
      alterColumn(table, column, "SET NOT NULL"),
      sqlStep(alterTable(table.tableName, `DROP CONSTRAINT IF EXISTS ${check}`)),
    ],
    down,
  );
}

/** The error of a SET NOT NULL that finds NULL rows; `%` is their count. */
const nullRowsMessage = (table: TableIR, column: ColumnIR): string => {
  const [t, c] = [q(table.tableName), q(column.field)].map(raiseText);
  return `tenant-schema: % row(s) of ${t} have ${c} NULL, so it cannot become NOT NULL; no row was changed. Fill them (UPDATE ${t} SET ${c} = ... WHERE ${c} IS NULL) or delete them, then run this migration again.`;
};

/**
 * @example
 * dropNotNullSteps(tickets, priority).down.main[0].sql // 'ALTER TABLE "tickets" ALTER COLUMN "priority" SET NOT NULL'
 */
export function dropNotNullSteps(table: TableIR, column: ColumnIR): OperationSteps {
  return mainSteps([alterColumn(table, column, "DROP NOT NULL")], [alterColumn(table, column, "SET NOT NULL")]);
}

/**
 * @example
 * alterDefaultSteps(tickets, priority, null, { kind: "literal", value: 0 }).up.main[0].sql
 * // 'ALTER TABLE "tickets" ALTER COLUMN "priority" SET DEFAULT 0'
 */
export function alterDefaultSteps(table: TableIR, column: ColumnIR, from: DefaultIR | null, to: DefaultIR | null): OperationSteps {
  const set = (value: DefaultIR | null) =>
    alterColumn(table, column, value === null ? "DROP DEFAULT" : `SET DEFAULT ${defaultValueSql(value, column.type)}`);
  return mainSteps([set(to)], [set(from)]);
}

/**
 * @example
 * alterColumnCommentSteps(tickets, title, null, "Shown in lists").up.main[0].sql
 * // `COMMENT ON COLUMN "tickets"."title" IS 'Shown in lists'`
 */
export function alterColumnCommentSteps(table: TableIR, column: ColumnIR, from: string | null, to: string | null): OperationSteps {
  return mainSteps([sqlStep(columnComment(table, column, to))], [sqlStep(columnComment(table, column, from))]);
}

/**
 * @example
 * alterTableCommentSteps(tickets, null, "Support tickets").up.main[0].sql // `COMMENT ON TABLE "tickets" IS 'Support tickets'`
 */
export function alterTableCommentSteps(table: TableIR, from: string | null, to: string | null): OperationSteps {
  const comment = (text: string | null) => sqlStep(commentOn("TABLE", q(table.tableName), text));
  return mainSteps([comment(to)], [comment(from)]);
}
