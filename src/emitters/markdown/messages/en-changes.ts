import { match } from "ts-pattern";
import type { ChangeMessages } from "./types.js";
import { defaultText } from "../sql-type.js";

const join = (xs: string[]) => xs.join(", ");
const squawk = (rules: string[], code: (s: string) => string) => (rules.length === 0 ? "" : ` (squawk: ${join(rules.map(code))})`);

/** English wording of evolution operations. */
export const enChanges: ChangeMessages = {
  operation: {
    createTable: (f, code) => `creates ${code(f.table)}`,
    dropTable: (f, code) => `drops table ${code(f.table)} and its data`,
    renameTableDirect: (f, code) => `renames ${code(f.from)} to ${code(f.to)} (with its sequence, indexes and constraints)`,
    renameTableExpand: (f, code) => `renames ${code(f.from)} to ${code(f.to)} and keeps ${code(f.from)} as an updatable view (expand)`,
    dropCompatibilityView: (f, code) => `drops the compatibility view ${code(f.view)} (contract)`,
    addNullableColumn: (f, code) => `adds column ${code(f.column)} (nullable)`,
    addNullableColumnWithDefault: (f, code) => `adds column ${code(f.column)} (nullable, default ${code(defaultText(f.default, f.type))})`,
    addNotNullColumn: (f, code) => `adds column ${code(f.column)} (NOT NULL)`,
    addNotNullColumnWithDefault: (f, code) => `adds column ${code(f.column)} (NOT NULL, default ${code(defaultText(f.default, f.type))})`,
    dropColumn: (f, code) => `drops column ${code(f.column)} and its data`,
    renameColumn: (f, code) => `renames column ${code(f.from)} to ${code(f.to)}`,
    expandColumnRename: (f, code) => `adds ${code(f.to)} next to ${code(f.from)}, kept in sync both ways by a trigger (expand)`,
    contractColumnRename: (f, code) => `drops the old column ${code(f.old)} with its sync trigger, indexes and constraints (contract)`,
    changeColumnType: (f, code) => `changes ${code(f.column)} from ${code(f.from)} to ${code(f.to)} (no rewrite)`,
    changeColumnTypeUsing: (f, code) => `changes ${code(f.column)} from ${code(f.from)} to ${code(f.to)} using ${code(f.using)} (no rewrite)`,
    rewriteColumnType: (f, code) => `changes ${code(f.column)} from ${code(f.from)} to ${code(f.to)} (rewrites the table)`,
    rewriteColumnTypeUsing: (f, code) => `changes ${code(f.column)} from ${code(f.from)} to ${code(f.to)} using ${code(f.using)} (rewrites the table)`,
    backfill: (f, code) => `fills NULLs of ${code(f.column)} with ${code(f.expression)} in batches`,
    backfillPerTenant: (f, code) => `fills NULLs of ${code(f.column)} with ${code(f.expression)} in batches per tenant`,
    setNotNull: (f, code) => `makes ${code(f.column)} NOT NULL, staged through a validated CHECK`,
    dropNotNull: (f, code) => `makes ${code(f.column)} nullable`,
    setDefault: (f, code) => `changes the default of ${code(f.column)} from none to ${code(defaultText(f.to, f.type))}`,
    dropDefault: (f, code) => `changes the default of ${code(f.column)} from ${code(defaultText(f.from, f.type))} to none`,
    changeDefault: (f, code) => `changes the default of ${code(f.column)} from ${code(defaultText(f.from, f.type))} to ${code(defaultText(f.to, f.type))}`,
    keepNoDefault: (f, code) => `changes the default of ${code(f.column)} from none to none`,
    alterColumnComment: (f, code) => `changes the comment of ${code(f.column)}`,
    alterTableComment: () => "changes the table comment",
    addIndex: (f, code) => `adds index ${code(f.index)}`,
    addIndexConcurrently: (f, code) => `adds index ${code(f.index)} concurrently`,
    dropIndex: (f, code) => `drops index ${code(f.index)}`,
    dropIndexConcurrently: (f, code) => `drops index ${code(f.index)} concurrently`,
    renameIndex: (f, code) => `renames index ${code(f.from)} to ${code(f.to)}`,
    addCheck: (f, code) => `adds check ${code(f.check)}`,
    addCheckNotValid: (f, code) => `adds check ${code(f.check)} NOT VALID`,
    dropCheck: (f, code) => `drops check ${code(f.check)}`,
    addForeignKey: (f, code) => `adds foreign key ${code(f.foreignKey)} → ${code(f.referencedTable)}`,
    addForeignKeyNotValid: (f, code) => `adds foreign key ${code(f.foreignKey)} → ${code(f.referencedTable)} NOT VALID`,
    dropForeignKey: (f, code) => `drops foreign key ${code(f.foreignKey)}`,
    renameConstraint: (f, code) => `renames constraint ${code(f.from)} to ${code(f.to)}`,
    validateConstraint: (f, code) => `validates ${code(f.name)} against existing rows`,
    replaceEnumCheck: (f, code) => `replaces the enum check of ${code(f.column)} (NOT VALID, validated later)`,
    addEnumCheckValues: (f, code) => `adds ${join(f.values.map(code))}`,
    removeRemappedEnumValues: (f, code) => `removes ${join(f.pairs.map((pair) => `${code(pair.from)} (its rows become ${code(pair.to)})`))}`,
    removeEnumValues: (f, code) => `removes ${join(f.values.map(code))} (first refuses, changing nothing, while rows hold them)`,
    remapEnumValues: (f, code) => `converts the rows of ${code(f.column)} in batches: ${join(f.pairs.map((pair) => `${code(pair.from)} → ${code(pair.to)}`))}`,
    remapEnumValuesPerTenant: (f, code) => `converts the rows of ${code(f.column)} in batches per tenant: ${join(f.pairs.map((pair) => `${code(pair.from)} → ${code(pair.to)}`))}`,
    createEnumType: (f, code) => `creates the PostgreSQL ENUM type ${code(f.type)} (${join(f.values.map((v) => code(`'${v}'`)))})`,
    dropEnumType: (f, code) => `drops the PostgreSQL ENUM type ${code(f.type)}, used by no column any more`,
    addEnumValue: (f, code) => `adds ${code(`'${f.value}'`)} to the PostgreSQL ENUM type ${code(f.type)} (outside a transaction)`,
    addImmutableTenant: (f, code) => `makes ${code(f.column)} immutable after insert (trigger ${code(f.trigger)})`,
    enableRowLevelSecurity: (f, code) => `enables and forces row-level security with the policy ${code(f.policy)} (${code(f.setting)})`,
    dropImmutableTenant: (f, code) => `drops the immutable-tenant trigger ${code(f.trigger)}`,
    disableRowLevelSecurity: (f, code) => `drops the policy ${code(f.policy)} and disables row-level security`,
  },
  undo: {
    dropCreatedTable: (f, code) => `drops ${code(f.table)} with its indexes, foreign keys and checks`,
    recreateTable: (f, code) => `recreates ${code(f.table)} with its indexes and constraints, empty`,
    renameTableBack: (f, code) => `renames ${code(f.table)} back to ${code(f.to)}`,
    renameTableBackDroppingView: (f, code) => `drops the view ${code(f.to)}, then renames ${code(f.table)} back to ${code(f.to)}`,
    recreateCompatibilityView: (f, code) => `recreates the view ${code(f.view)} over ${code(f.table)}`,
    dropAddedColumn: (f, code) => `drops ${code(f.column)} from ${code(f.table)}`,
    restoreColumn: (f, code) => `restores ${code(f.column)} on ${code(f.table)} with its indexes and constraints, without its values`,
    renameColumnBack: (f, code) => `renames ${code(f.column)} back to ${code(f.to)}`,
    dropExpandedColumn: (f, code) => `drops the sync trigger and ${code(f.column)}; ${code(f.old)} still holds every value`,
    restoreContractedColumn: (f, code) => `restores ${code(f.column)} with its indexes, constraints and sync trigger`,
    changeColumnTypeBack: (f, code) => `changes ${code(f.column)} back to ${code(f.to)}`,
    changeColumnTypeBackUsing: (f, code) => `changes ${code(f.column)} back to ${code(f.to)} using ${code(f.using)}`,
    keepBackfilledValues: (f, code) => `nothing: the values written to ${code(f.column)} stay`,
    makeNullableAgain: (f, code) => `makes ${code(f.column)} nullable again`,
    makeNotNullAgain: (f, code) => `makes ${code(f.column)} NOT NULL again (fails if NULLs were written meanwhile)`,
    restoreDefault: (f, code) => `restores the default of ${code(f.column)}`,
    restoreColumnComment: (f, code) => `restores the comment of ${code(f.column)}`,
    restoreTableComment: (f, code) => `restores the comment of ${code(f.table)}`,
    dropAddedIndex: (f, code) => `drops index ${code(f.index)}`,
    recreateIndex: (f, code) => `recreates index ${code(f.index)}`,
    renameIndexBack: (f, code) => `renames index ${code(f.index)} back to ${code(f.to)}`,
    dropAddedCheck: (f, code) => `drops check ${code(f.check)}`,
    recreateCheck: (f, code) => `recreates check ${code(f.check)}`,
    dropAddedForeignKey: (f, code) => `drops foreign key ${code(f.foreignKey)}`,
    recreateForeignKey: (f, code) => `recreates foreign key ${code(f.foreignKey)}`,
    renameConstraintBack: (f, code) => `renames constraint ${code(f.constraint)} back to ${code(f.to)}`,
    keepValidated: (f, code) => `nothing: ${code(f.name)} stays valid`,
    restoreEnumCheck: (f, code) => `restores the previous enum check ${code(f.check)} on ${code(f.column)}`,
    remapEnumValueBack: (f, code) => `maps ${code(f.to)} back to ${code(f.from)} (with the enum check, in one UPDATE)`,
    keepMergedEnumValue: (f, code) => `nothing for ${code(f.from)}: its rows stay ${code(f.to)} (a merge into a value that existed cannot be told apart)`,
    dropCreatedEnumType: (f, code) => `drops the type ${code(f.type)}`,
    recreateEnumType: (f, code) => `recreates the type ${code(f.type)}`,
    rebuildEnumTypeWithoutValue: (f, code, list) =>
      `rebuilds ${code(f.type)} without ${code(`'${f.value}'`)} (PostgreSQL cannot drop an enum value): the type is swapped and ${list(f.columns.map(code))} converted, rewriting those tables; fails if a row holds the value`,
    dropImmutableTenant: (f, code) => `drops the trigger ${code(f.trigger)} and its function`,
    disableRowLevelSecurity: (f, code) => `drops the policy ${code(f.policy)} and disables row-level security`,
    recreateImmutableTenant: (f, code) => `recreates the trigger ${code(f.trigger)}`,
    reenableRowLevelSecurity: (f, code) => `re-enables row-level security with the policy ${code(f.policy)}`,
  },
  lock: (l, code) =>
    match(l)
      .with({ kind: "newTable" }, (x) => `none on existing data (${code(x.table)} is new)`)
      .with({ kind: "metadata" }, (x) => `ACCESS EXCLUSIVE on ${code(x.table)}, brief: metadata only`)
      .with({ kind: "rewrite" }, (x) => `ACCESS EXCLUSIVE on ${code(x.table)} for the whole table rewrite: reads and writes wait`)
      .with({ kind: "catalog" }, (x) => `SHARE UPDATE EXCLUSIVE on ${code(x.table)}, brief: reads and writes go on`)
      .with({ kind: "view" }, (x) => `ACCESS EXCLUSIVE on the view ${code(x.view)} only, brief`)
      .with({ kind: "validate" }, (x) => `SHARE UPDATE EXCLUSIVE on ${code(x.table)} while it is scanned: reads and writes go on`)
      .with({ kind: "concurrent" }, (x) => `SHARE UPDATE EXCLUSIVE on ${code(x.table)} (CONCURRENTLY): reads and writes go on`)
      .with({ kind: "blockingIndex" }, (x) => `SHARE on ${code(x.table)} for the whole build: reads go on, writes wait`)
      .with({ kind: "blockingScan" }, (x) => `ACCESS EXCLUSIVE on ${code(x.table)} while every row is checked`)
      .with({ kind: "foreignKey" }, (x) =>
        `SHARE ROW EXCLUSIVE on ${join(x.tables.map(code))}${x.scan ? " for the whole scan: writes wait" : ", brief: writes wait only for the catalog change"}`,
      )
      .with({ kind: "rowBatches" }, (x) => `ROW EXCLUSIVE on ${code(x.table)}; row locks of one batch at a time`)
      .with({ kind: "staged" }, (x) => `ACCESS EXCLUSIVE on ${code(x.table)}, brief, three times; SHARE UPDATE EXCLUSIVE during the validation scan`)
      .exhaustive(),
  level: { low: "Low", medium: "Medium", high: "High" },
  risk: {
    newTable: () => "new table: nothing uses it yet.",
    tableDataLost: () => "data is lost; code still using the model breaks. Acknowledged in the schema.",
    columnDataLost: () => "data is lost; code still reading the column breaks. Acknowledged in the schema.",
    oldNameBreaks: () => "running code that uses the old name breaks until the new code is deployed.",
    oldNameThroughView: () => "old code keeps working through the view until the contract phase.",
    syncTriggerCost: () => "the trigger adds a little cost to every write until the contract phase.",
    contractDropsOldName: (r, code) => `code still using ${code(r.name)} breaks: contract only after none is deployed.`,
    tableRewrite: () => "the table is unavailable during the rewrite; time grows with its size.",
    catalogOnly: () => "catalog change only.",
    rowBatches: () => "many small UPDATEs: more WAL and replication lag, no long lock.",
    notNullValidationScan: () => "the validation scan reads the whole table without blocking it.",
    nullsAllowed: () => "code that assumes a value must handle NULL.",
    validationScan: () => "a full scan without blocking writes; fails if a row violates it.",
    enumValuesRemoved: () => "code must stop writing the removed values first; rows holding one without a remap stop the migration before it changes anything.",
    enumValuesAddedOnly: () => "only new values become valid.",
    concurrentIndexBuild: () => "no blocking; a failed build leaves an INVALID index that IF NOT EXISTS would skip: drop it before re-running.",
    blockingIndexBuild: () => "writes wait for the build.",
    indexDropped: () => "queries that used it get slower.",
    indexDroppedWithColumn: () => "dropped with its column, in the same transaction.",
    checkedWhenValidated: () => "new rows are checked now; existing rows when validated.",
    checkedNow: () => "every existing row is checked while writes wait.",
    enumValueAfterCommit: () => "catalog change only; code may write the new value once this migration committed.",
    immutableTenant: () => "an UPDATE that moves a row to another tenant now fails.",
    rowLevelSecurity: (r, code) => `a connection without ${code(r.setting)} (withTenant) sees no rows; migrations run as the owner with BYPASSRLS.`,
    isolationDropped: () => "removes a tenant isolation layer: only the others protect the table.",
  },
  migrationKind: (transaction, reasons) =>
    transaction
      ? "Runs in one transaction under `SET LOCAL lock_timeout` and `statement_timeout`: all or nothing, and it gives up instead of queueing behind a long lock."
      : `Runs without a transaction, each statement on its own, and is safe to re-run after a failure: ${join(
          reasons.map((r) =>
            match(r)
              .with("concurrentIndex", () => "CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction")
              .with("backfill", () => "each backfill batch commits on its own so row locks stay short")
              .with("validate", () => "VALIDATE holds only SHARE UPDATE EXCLUSIVE when it is not in the transaction that added the constraint")
              .with("stagedNotNull", () => "each step of the staged NOT NULL takes its short lock in its own transaction")
              .exhaustive(),
          ),
        )}.`,
  riskRow: (r, code, list) =>
    match(r)
      .with({ kind: "typeChange" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)}: ${code(x.from)} → ${code(x.to)}${x.rewrite ? " rewrites the table" : " (no rewrite)"}${squawk(x.rules, code)}`,
        x.rewrite
          ? `ACCESS EXCLUSIVE on ${code(x.table)} for the whole rewrite and index rebuild: reads and writes wait; down converts back${x.using ? "" : " with a cast"}.`
          : "Only the catalog changes: the lock is brief; clients that cache the column type may need a reconnect.",
        x.rewrite
          ? `Run off-peak; measure first: ${code(`SELECT pg_size_pretty(pg_total_relation_size('"${x.table}"'))`)}; for a large table prefer a new column with backfill and a rename.`
          : "None needed (accepted).",
      ])
      .with({ kind: "sqlDefault" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} added with the expression default ${code(x.expression)}${squawk(x.rules, code)}`,
        "A stable default (now()) is stored once without a rewrite; a volatile one (random(), gen_random_uuid(), clock_timestamp()) rewrites the table under ACCESS EXCLUSIVE.",
        "Keep the default stable, or declare a backfill so existing rows are filled in batches.",
      ])
      .with({ kind: "droppedTable" }, (x): [string, string, string] => [
        `Table ${code(x.table)} is dropped${squawk(x.rules, code)}`,
        "Its rows are gone; down recreates the structure, not the data. Running code that uses the model fails.",
        "Deploy code without the model first; back it up before up (commands in Rollback Strategy).",
      ])
      .with({ kind: "droppedColumn" }, (x): [string, string, string] => [
        `Column ${code(`${x.table}.${x.column}`)} is dropped${squawk(x.rules, code)}`,
        "Its values are gone; down restores the column empty (structure, not data). Code that reads it fails.",
        "Deploy code that no longer reads it first; back it up before up (commands in Rollback Strategy).",
      ])
      .with({ kind: "enumValueAdded" }, (x): [string, string, string] => [
        `Value ${code(`'${x.value}'`)} added to the ENUM type ${code(x.type)}${squawk(x.rules, code)}`,
        "ADD VALUE runs in a short transaction of its own under lock_timeout (the value is usable once it commits); it waits for transactions using the type. Down cannot drop the value: it rebuilds the type and converts " +
          `${list(x.columns.map(code))}, rewriting those tables under ACCESS EXCLUSIVE, and fails while a row holds the value.`,
        "Run it when no long transaction uses the type; before a down, move rows off the value.",
      ])
      .with({ kind: "removedEnumValues" }, (x): [string, string, string] => [
        `Values ${join(x.values.map(code))} removed from ${code(`${x.table}.${x.column}`)}`,
        "While rows hold them the first migration refuses, changing nothing, and its error gives the count; rows you rewrite are not restored by down (it only restores the check).",
        `Deploy code that stops writing them; declare what they become with ${code(`.remap({ ${x.values.map((v) => `${JSON.stringify(v)}: "<a kept value>"`).join(", ")} })`)} on the column, or back up and migrate the rows first: ${code(`SELECT "id", "${x.column}" FROM "${x.table}" WHERE "${x.column}" IN (${x.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`)}.`,
      ])
      .with({ kind: "remappedEnumValues" }, (x): [string, string, string] => [
        `Rows of ${code(`${x.table}.${x.column}`)} holding removed values are converted: ${join(x.pairs.map((p) => `${code(p.from)} → ${code(p.to)}`))}`,
        [
          "Batched UPDATEs before the validation: more WAL, no long lock.",
          x.pairs.some((p) => p.reversible) ? `Down maps ${join(x.pairs.filter((p) => p.reversible).map((p) => `${code(p.to)} back to ${code(p.from)}`))} (the target is new, so every row holding it was converted or written by new code).` : "",
          x.pairs.some((p) => !p.reversible) ? `Irreversible for ${join(x.pairs.filter((p) => !p.reversible).map((p) => code(p.from)))}: merged into a value that existed, down cannot tell those rows apart and leaves them converted.` : "",
        ].filter(Boolean).join(" "),
        `Deploy code that stops writing the removed values first; to keep the distinction, back up the rows before up: ${code(`SELECT "id", "${x.column}" FROM "${x.table}" WHERE "${x.column}" IN (${x.pairs.map((p) => `'${p.from.replace(/'/g, "''")}'`).join(", ")})`)}.`,
      ])
      .with({ kind: "directRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? "Table" : "Column"} ${code(x.from)} renamed to ${code(x.to)} directly${squawk(x.rules, code)}`,
        "Code deployed before the rename fails on the old name until the new code runs.",
        "Deploy code and migration together, or use the default expand-contract strategy.",
      ])
      .with({ kind: "expandRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? `Table ${code(x.from)} renamed to ${code(x.to)}, old name kept as a view` : `Column ${code(x.from)} expanded to ${code(x.to)}, kept in sync by a trigger`}${squawk(x.rules, code)}`,
        x.target === "table" ? "Old code keeps working through the updatable view." : "Old and new code both work; every write pays for the trigger.",
        "Remove the .renamedFrom hint only once no deployed code uses the old name; the next emit contracts.",
      ])
      .with({ kind: "contractRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? "View" : "Old column"} ${code(x.old)} dropped (contract)${squawk(x.rules, code)}`,
        "Code still using the old name fails.",
        "Apply only after every deployed version uses the new name.",
      ])
      .with({ kind: "droppedNotNull" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} becomes nullable${squawk(x.rules, code)}`,
        "Code that assumes a value may meet NULL; down sets NOT NULL again with a plain scan under ACCESS EXCLUSIVE, and fails once NULLs exist.",
        "Handle NULL in code before the migration; fill NULLs and roll back off-peak.",
      ])
      .with({ kind: "stagedNotNull" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} becomes NOT NULL in stages`,
        `A plain SET NOT NULL scans the table under ACCESS EXCLUSIVE; here ${code(x.check)} is added NOT VALID, validated under SHARE UPDATE EXCLUSIVE, then SET NOT NULL uses it and skips the scan.`,
        "If a NULL remains the validation fails: backfill and re-run (every step is re-runnable).",
      ])
      .with({ kind: "notValidConstraint" }, (x): [string, string, string] => [
        `${code(x.name)} on ${code(x.table)} is added NOT VALID and validated in a later migration`,
        "Adding and validating in one step would block writes while every row is checked.",
        "If validation fails, fix the offending rows and re-run the migration.",
      ])
      .with({ kind: "validatedOnAdd" }, (x): [string, string, string] => [
        `${code(x.name)} on ${code(x.table)} is validated as it is added${squawk(x.rules, code)}`,
        x.foreignKey ? "SHARE ROW EXCLUSIVE on both tables for the whole scan." : "ACCESS EXCLUSIVE for the whole scan.",
        "Run off-peak on small tables only.",
      ])
      .with({ kind: "backfill" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} is backfilled${x.perTenant ? " per tenant" : ""} in batches`,
        "Many short UPDATEs: WAL volume and replication lag grow with the table; no long lock.",
        "Run off-peak; watch replication lag; the backfill resumes where it stopped if re-run.",
      ])
      .with({ kind: "blockingIndex" }, (x): [string, string, string] => [
        `${code(x.index)} ${x.drop ? "dropped" : "built"} without CONCURRENTLY${squawk(x.rules, code)}`,
        x.drop ? "Dropped together with its column in the transactional migration: brief ACCESS EXCLUSIVE." : "Writes to the table wait for the whole build.",
        x.drop ? "None needed (accepted): the column drop takes the same lock." : "Build it concurrently on large tables.",
      ])
      .with({ kind: "typeConvention" }, (x): [string, string, string] => [
        `${match(x.convention)
          .with("varchar", () => "VARCHAR(n) columns (enums included)")
          .with("integer", () => "INTEGER columns")
          .with("serial", () => "SERIAL primary keys")
          .exhaustive()}: ${list(x.columns.map(code))}${squawk(x.rules, code)}`,
        match(x.convention)
          .with("varchar", () => "Widening the length later is a catalog change; shrinking rewrites.")
          .with("integer", () => "An INTEGER key runs out at 2,147,483,647.")
          .with("serial", () => "A sequence owned by the column, as Sequelize expects.")
          .exhaustive(),
        match(x.convention)
          .with("varchar", () => "Accepted project convention: enums are VARCHAR + CHECK; declare text() where no length limit is wanted.")
          .with("integer", () => "Accepted project convention (Sequelize's default); declare bigint keys where a table may exceed 2 billion rows.")
          .with("serial", () => "Accepted: Sequelize's autoIncrement creates SERIAL; nothing to do.")
          .exhaustive(),
      ])
      .with({ kind: "rollbackDrops" }, (x): [string, string, string] => [
        `Down drops what up created: ${list([...x.tables, ...x.columns].map(code))}${squawk(x.rules, code)}`,
        "Data written to them since the migration is lost on rollback.",
        "Back up before rolling back if the feature was used (see Rollback Strategy).",
      ])
      .with({ kind: "concurrentIndexWait" }, (x): [string, string, string] => [
        `${list(x.indexes.map(code))} built or dropped CONCURRENTLY, up and down, without a lock or statement timeout${squawk(x.rules, code)}`,
        "CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction, so the migration cannot bound it with SET LOCAL lock_timeout or statement_timeout (a session-level SET would stay on a pooled connection): it waits for every transaction that conflicts with its SHARE UPDATE EXCLUSIVE lock or still sees old rows (long queries, idle in transaction), and the build takes as long as the table needs. Reads and writes go on meanwhile.",
        `Run off-peak; watch ${code("SELECT pid, state, wait_event_type, now() - xact_start AS age, query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY age DESC")} and end what blocks it; if a build fails, drop the INVALID index before re-running (see Rollback Strategy).`,
      ])
      .with({ kind: "rerunnableSteps" }, (x): [string, string, string] => [
        `Staged NOT NULL and VALIDATE steps run without a wrapping transaction: ${list(x.items.map(code))}${squawk(x.rules, code)}`,
        "A failure part way leaves the earlier steps applied (a NOT VALID check, a validated constraint); nothing is half-done inside a step.",
        "Every step is re-runnable (DROP CONSTRAINT IF EXISTS before ADD, VALIDATE and SET NOT NULL are no-ops once done): fix the cause and run the migration again.",
      ])
      .with({ kind: "rollbackDropsNotNull" }, (x): [string, string, string] => [
        `Down makes ${list(x.columns.map(code))} nullable again${squawk(x.rules, code)}`,
        "Only on rollback: the previous schema allowed NULL there, which is what the previous code expects.",
        "None needed (accepted): code written for the new schema must not be running when you roll back.",
      ])
      .with({ kind: "restoredNotNull" }, (x): [string, string, string] => {
        const value = defaultText(x.value, x.type);
        const fill = x.perRow
          ? `${code(value)}, where ${code("n")} numbers the rows 1, 2, 3… in primary-key order (distinct per row, so a unique index restored with it can be built)`
          : `${code(value)} in every row (its type cannot hold distinct placeholders)`;
        const rows = x.copiedFrom === null ? "existing rows get" : `rows get ${code(x.copiedFrom)} back; where it is NULL they get`;
        return [
          `Down re-adds the NOT NULL column ${code(`${x.table}.${x.column}`)} to a table with rows${squawk(x.rules, code)}`,
          x.ownDefault
            ? `Its values are gone: existing rows get its own default ${code(value)}. ADD COLUMN with a non-volatile default is a catalog change: no scan, brief ACCESS EXCLUSIVE.`
            : x.guarded
              ? `A foreign key: no valid reference exists to fill rows with, so on a table with such rows the down stops first with an error and changes nothing. On an empty table it re-adds the column as declared.`
              : `Its values are gone: ADD COLUMN nullable, then an UPDATE (${rows} ${fill}), then SET NOT NULL (the column ends exactly as declared). The UPDATE rewrites every row under ACCESS EXCLUSIVE; a CHECK declared over the column may reject the placeholder.`,
          x.guarded
            ? "Roll back by restoring the table from the backup taken before the migration (see Rollback Strategy), not with this down."
            : `Restore the real values from the backup after the rollback (see Rollback Strategy); until then code sees placeholders.`,
        ];
      })
      .with({ kind: "rollbackIndexes" }, (x): [string, string, string] => [
        `Down rebuilds ${list(x.indexes.map(code))} without CONCURRENTLY${squawk(x.rules, code)}`,
        "Recreated with the restored column inside the transactional down (CONCURRENTLY cannot run there): SHARE lock for the whole build, reads go on, writes wait. The column holds no real values then, but the build still reads every row.",
        "Roll back off-peak; on a large table, time the build first (the statement_timeout of the migration aborts a build that is too long).",
      ])
      .with({ kind: "rollbackConstraints" }, (x): [string, string, string] => [
        `Down adds back ${list([...x.checks, ...x.foreignKeys].map(code))} validated, inside its transaction${squawk(x.rules, code)}`,
        `Every existing row is checked while the lock is held (${[
          ...(x.foreignKeys.length > 0 ? ["SHARE ROW EXCLUSIVE on both tables of a foreign key: writes wait"] : []),
          ...(x.checks.length > 0 ? ["ACCESS EXCLUSIVE on the table of a check: reads and writes wait"] : []),
        ].join("; ")}); down fails if a row written meanwhile violates one.`,
        "Roll back off-peak; on a large table fix violating rows first (the statement_timeout of the migration aborts a scan that is too long).",
      ])
      .exhaustive(),
  phase: (p, code) =>
    p.phase === "expand"
      ? [
          `**Expand (this change set):** ${p.target === "table" ? `${code(p.from)} is renamed to ${code(p.to)} and ${code(p.from)} stays as an updatable view` : `${code(`${p.table}.${p.to}`)} is added and kept in sync with ${code(p.from)}`}; code using the old name keeps working.`,
          `**Deploy:** the code that uses ${code(p.to)}. Keep the hint ${code(p.hint)} in the schema while any deployed version still uses ${code(p.from)}.`,
          `**Contract (a later change set):** remove ${code(p.hint)} and emit; that migration drops ${p.target === "table" ? `the view ${code(p.from)}` : `${code(`${p.table}.${p.from}`)} and its trigger`}.`,
        ]
      : [
          `**Contract (this change set):** drops ${p.target === "table" ? `the view ${code(p.from)}` : `${code(`${p.table}.${p.from}`)} and its sync trigger`}. Apply it only when no deployed code uses ${code(p.from)}.`,
        ],
};
