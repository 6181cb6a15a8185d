/**
 * How risky each operation of a change set is, and the risks of the whole change set (with the
 * accepted squawk findings they explain). The messages word them; the doc sections only pick.
 */
import { match } from "ts-pattern";
import type { Operation } from "../diff/operations.js";
import type { ColumnIR, TableIR } from "../ir/types.js";
import { notNullCheckName } from "../ir/naming.js";
import { sqlType } from "../ir/sql-type.js";
import type { ChangeRiskFact, RiskLevel } from "./facts.js";
import { removedEnumValues } from "./enum-values.js";
import { fillIsDistinct, fillValueSql } from "./neutral-value.js";
import { restoredUniqueFields, restoreFillsRows, restoreIsGuarded } from "./restore-fill.js";

/**
 * How much `op` can hurt: high when data can be lost, old code breaks or the table is locked for
 * a rewrite; medium when writes wait for a scan or code must follow; low otherwise.
 *
 * @example
 * riskLevelOf({ kind: "dropColumn", ... }, new Set()) // "high"
 */
export function riskLevelOf(op: Operation, created: ReadonlySet<string>): RiskLevel {
  if (created.has(op.table.tableName) && op.kind !== "createTable") return "low";
  return match(op)
    .with({ kind: "dropTable" }, { kind: "dropColumn" }, (): RiskLevel => "high")
    .with({ kind: "changeEnumValues" }, (o): RiskLevel => (removedEnumValues(o) !== null ? "high" : "low"))
    .with({ kind: "alterColumnType" }, (o): RiskLevel => (o.rewrite || removedEnumValues(o) !== null ? "high" : "low"))
    .with({ kind: "renameTable" }, { kind: "renameColumn" }, (o): RiskLevel => ("strategy" in o && o.strategy === "expand-contract" ? "medium" : "high"))
    .with({ kind: "contractColumnRename" }, { kind: "dropCompatibilityView" }, { kind: "dropNotNull" }, { kind: "expandColumnRename" }, (): RiskLevel => "medium")
    .with({ kind: "addIndex" }, (o): RiskLevel => (o.concurrently ? "low" : "medium"))
    .with({ kind: "dropIndex" }, (o): RiskLevel => (o.concurrently ? "low" : "medium"))
    .with({ kind: "addCheck" }, (o): RiskLevel => (o.notValid ? "low" : "medium"))
    .with({ kind: "addForeignKey" }, (o): RiskLevel => (o.notValid ? "low" : "medium"))
    .with({ kind: "backfill" }, { kind: "remapEnumValues" }, { kind: "setNotNull" }, { kind: "validateConstraint" }, (): RiskLevel => "medium")
    // Turning an isolation layer off removes a protection.
    .with({ kind: "dropIsolation" }, (): RiskLevel => "medium")
    .with(
      { kind: "createTable" },
      { kind: "addColumn" },
      { kind: "alterDefault" },
      { kind: "alterColumnComment" },
      { kind: "alterTableComment" },
      { kind: "renameIndex" },
      { kind: "dropCheck" },
      { kind: "dropForeignKey" },
      { kind: "renameConstraint" },
      { kind: "createEnumType" },
      { kind: "dropEnumType" },
      { kind: "addEnumValue" },
      { kind: "addIsolation" },
      (): RiskLevel => "low",
    )
    .exhaustive();
}

/**
 * The risks of the change set's operations, in operation order, then the accepted type
 * conventions of new columns and what rollback drops. `created` names the created tables.
 *
 * @example
 * changeRiskFacts(ops, new Set()).map((r) => r.kind) // ["typeChange", "droppedColumn", ...]
 */
export function changeRiskFacts(ops: Operation[], created: ReadonlySet<string>): ChangeRiskFact[] {
  const existing = ops.filter((op) => !created.has(op.table.tableName));
  const restoredUnique = restoredUniqueFields(ops);
  return [
    ...existing.flatMap((op) => operationRisks(op, restoredUnique)),
    ...typeConventions(ops),
    ...rollbackDrops(ops),
    ...concurrentIndexWaits(existing),
    ...rerunnableSteps(existing),
    ...rollbackNotNull(existing),
    ...rollbackIndexes(existing),
    ...rollbackConstraints(existing),
  ];
}

function operationRisks(op: Operation, restoredUnique: ReadonlySet<string>): ChangeRiskFact[] {
  const table = op.table.tableName;
  const unique = (field: string) => restoredUnique.has(`${table}.${field}`);
  return match(op)
    .returnType<ChangeRiskFact[]>()
    .with({ kind: "alterColumnType" }, (o) => [
      { kind: "typeChange", table, column: o.to.field, from: sqlType(o.from.type), to: sqlType(o.to.type), rewrite: o.rewrite, using: o.using, rules: ["changing-column-type"] },
      ...removedEnumValueFacts(table, o),
    ])
    .with({ kind: "addColumn" }, (o) =>
      o.column.default?.kind === "sql" ? [{ kind: "sqlDefault", table, column: o.column.field, expression: o.column.default.sql, rules: ["adding-field-with-default"] }] : [],
    )
    .with({ kind: "dropTable" }, () => [{ kind: "droppedTable", table, rules: ["ban-drop-table"] }])
    .with({ kind: "dropColumn" }, (o) => [{ kind: "droppedColumn", table, column: o.column.field, rules: ["ban-drop-column"] }, ...restoredNotNull(table, o.column, null, unique(o.column.field))])
    .with({ kind: "changeEnumValues" }, (o) => removedEnumValueFacts(table, o))
    .with({ kind: "renameTable" }, (o) => [
      o.strategy === "direct"
        ? { kind: "directRename", table, from: o.from.tableName, to: table, target: "table", rules: ["renaming-table"] }
        : { kind: "expandRename", table, from: o.from.tableName, to: table, target: "table", rules: ["renaming-table"] },
    ])
    .with({ kind: "renameColumn" }, (o) => [{ kind: "directRename", table, from: o.from.field, to: o.to.field, target: "column", rules: ["renaming-column"] }])
    .with({ kind: "expandColumnRename" }, (o) => [{ kind: "expandRename", table, from: o.from.field, to: o.to.field, target: "column", rules: [] }])
    .with({ kind: "contractColumnRename" }, (o) => [
      { kind: "contractRename", table, old: o.from.field, target: "column", rules: ["ban-drop-column"] },
      ...restoredNotNull(table, o.from, o.to, unique(o.from.field)),
    ])
    .with({ kind: "dropCompatibilityView" }, (o) => [{ kind: "contractRename", table, old: o.view, target: "table", rules: [] }])
    // Down sets NOT NULL again with a plain scan under ACCESS EXCLUSIVE.
    .with({ kind: "dropNotNull" }, (o) => [{ kind: "droppedNotNull", table, column: o.column.field, rules: ["ban-drop-not-null", "adding-not-nullable-field"] }])
    .with({ kind: "setNotNull" }, (o) => [{ kind: "stagedNotNull", table, column: o.column.field, check: notNullCheckName(table, o.column.field), rules: [] }])
    .with({ kind: "backfill" }, (o) => [{ kind: "backfill", table, column: o.column.field, perTenant: o.table.scope.kind === "tenant", rules: [] }])
    .with({ kind: "remapEnumValues" }, (o) => [{ kind: "remappedEnumValues", table, column: o.column.field, pairs: o.remap, rules: [] }])
    .with({ kind: "addCheck" }, (o) =>
      o.notValid
        ? [{ kind: "notValidConstraint", table, name: o.check.name, rules: [] }]
        : [{ kind: "validatedOnAdd", table, name: o.check.name, foreignKey: false, rules: ["constraint-missing-not-valid"] }],
    )
    .with({ kind: "addForeignKey" }, (o) =>
      o.notValid
        ? [{ kind: "notValidConstraint", table, name: o.foreignKey.name, rules: [] }]
        : [{ kind: "validatedOnAdd", table, name: o.foreignKey.name, foreignKey: true, rules: ["adding-foreign-key-constraint", "constraint-missing-not-valid"] }],
    )
    .with({ kind: "addIndex" }, (o) =>
      o.concurrently ? [] : [{ kind: "blockingIndex", table, index: o.index.name, drop: false, rules: ["require-concurrent-index-creation"] }],
    )
    .with({ kind: "dropIndex" }, (o) =>
      o.concurrently ? [] : [{ kind: "blockingIndex", table, index: o.index.name, drop: true, rules: ["require-concurrent-index-deletion"] }],
    )
    .with(
      { kind: "createTable" },
      { kind: "alterDefault" },
      { kind: "alterColumnComment" },
      { kind: "alterTableComment" },
      { kind: "renameIndex" },
      { kind: "dropCheck" },
      { kind: "dropForeignKey" },
      { kind: "renameConstraint" },
      { kind: "validateConstraint" },
      { kind: "createEnumType" },
      { kind: "dropEnumType" },
      { kind: "addIsolation" },
      { kind: "dropIsolation" },
      () => [],
    )
    .with({ kind: "addEnumValue" }, (o): ChangeRiskFact[] => [
      {
        kind: "enumValueAdded",
        type: o.name,
        value: o.value,
        columns: o.columns.map((c) => `${c.tableName}.${c.column.field}`),
        rules: ["changing-column-type"],
      },
    ])
    .exhaustive();
}

/** Columns the change set creates (new tables and added columns), as `table.column`. */
function newColumns(ops: Operation[]): { name: string; column: ColumnIR }[] {
  const of = (t: TableIR, c: ColumnIR) => ({ name: `${t.tableName}.${c.field}`, column: c });
  return ops.flatMap((op) =>
    op.kind === "createTable"
      ? op.table.columns.map((c) => of(op.table, c))
      : op.kind === "addColumn" || op.kind === "expandColumnRename"
        ? [of(op.table, op.kind === "addColumn" ? op.column : op.to)]
        : op.kind === "alterColumnType"
          ? [of(op.table, op.to)]
          : [],
  );
}

/**
 * Project conventions squawk flags on every new column of these types: VARCHAR(n) (enums too, a
 * length plus a CHECK), INTEGER keys and SERIAL primary keys (Sequelize's own defaults).
 */
function typeConventions(ops: Operation[]): ChangeRiskFact[] {
  const columns = newColumns(ops);
  const pick = (test: (c: ColumnIR) => boolean) => columns.filter((c) => test(c.column)).map((c) => c.name);
  const varchar = pick((c) => c.type.kind === "string" || c.type.kind === "enum" || (c.type.kind === "array" && c.type.element.kind === "string"));
  const integer = pick((c) => c.type.kind === "integer" || (c.type.kind === "array" && c.type.element.kind === "integer"));
  const serial = pick((c) => c.autoIncrement);
  return [
    ...(varchar.length > 0 ? [{ kind: "typeConvention" as const, convention: "varchar" as const, columns: varchar, rules: ["prefer-text-field" as const] }] : []),
    ...(integer.length > 0 ? [{ kind: "typeConvention" as const, convention: "integer" as const, columns: integer, rules: ["prefer-bigint-over-int" as const] }] : []),
    ...(serial.length > 0 ? [{ kind: "typeConvention" as const, convention: "serial" as const, columns: serial, rules: ["prefer-identity" as const] }] : []),
  ];
}

/** The down of a created table or added column drops it again: squawk sees that in the down SQL. */
function rollbackDrops(ops: Operation[]): ChangeRiskFact[] {
  const tables = ops.flatMap((op) => (op.kind === "createTable" ? [op.table.tableName] : []));
  const columns = ops.flatMap((op) =>
    op.kind === "addColumn" ? [`${op.table.tableName}.${op.column.field}`] : op.kind === "expandColumnRename" ? [`${op.table.tableName}.${op.to.field}`] : [],
  );
  if (tables.length === 0 && columns.length === 0) return [];
  const rules = [...(tables.length > 0 ? (["ban-drop-table"] as const) : []), ...(columns.length > 0 ? (["ban-drop-column"] as const) : [])];
  return [{ kind: "rollbackDrops", tables, columns, rules }];
}

/**
 * A NOT NULL column that down adds back to a table with rows: the migration emitter gives the
 * existing rows the column's own default (unless a restored unique index covers it), else (after
 * copying `copyFrom` back) its fill value over the row number `n` (see restoreColumnSteps), and
 * guards a foreign-key column.
 */
function restoredNotNull(table: string, column: ColumnIR, copyFrom: ColumnIR | null, unique: boolean): ChangeRiskFact[] {
  if (column.nullable) return [];
  const filled = restoreFillsRows(column, unique);
  return [
    {
      kind: "restoredNotNull",
      table,
      column: column.field,
      type: column.type,
      value: filled || column.default === null ? { kind: "sql", sql: fillValueSql(column.type, "n") ?? "NULL" } : column.default,
      ownDefault: !filled,
      perRow: filled && fillIsDistinct(column.type),
      copiedFrom: copyFrom?.field ?? null,
      guarded: restoreIsGuarded(column, copyFrom, unique),
      rules: ["adding-not-nullable-field"],
    },
  ];
}

/** CONCURRENTLY cannot run in a transaction, so neither up nor down can bound its lock wait with SET LOCAL. */
function concurrentIndexWaits(ops: Operation[]): ChangeRiskFact[] {
  const indexes = ops.flatMap((op) => ((op.kind === "addIndex" || op.kind === "dropIndex") && op.concurrently ? [op.index.name] : []));
  return indexes.length === 0 ? [] : [{ kind: "concurrentIndexWait", indexes, rules: ["require-lock-timeout", "require-statement-timeout"] }];
}

/** Plain ALTERs of the migrations without a transaction: squawk wants them guarded; they are re-runnable instead. */
function rerunnableSteps(ops: Operation[]): ChangeRiskFact[] {
  const items = ops.flatMap((op) =>
    op.kind === "setNotNull" ? [`${op.table.tableName}.${op.column.field}`] : op.kind === "validateConstraint" ? [op.name] : [],
  );
  return items.length === 0 ? [] : [{ kind: "rerunnableSteps", items, rules: ["prefer-robust-stmts"] }];
}

/** The down of a staged SET NOT NULL makes the column nullable again. */
function rollbackNotNull(ops: Operation[]): ChangeRiskFact[] {
  const columns = ops.flatMap((op) => (op.kind === "setNotNull" ? [`${op.table.tableName}.${op.column.field}`] : []));
  return columns.length === 0 ? [] : [{ kind: "rollbackDropsNotNull", columns, rules: ["ban-drop-not-null"] }];
}

/** Indexes dropped with their column (or a contracted old column): down rebuilds them in its transaction. */
function rollbackIndexes(ops: Operation[]): ChangeRiskFact[] {
  const indexes = ops.flatMap((op) => (op.kind === "dropIndex" && !op.concurrently ? [op.index.name] : []));
  return indexes.length === 0 ? [] : [{ kind: "rollbackIndexes", indexes, rules: ["require-concurrent-index-creation"] }];
}

/**
 * Checks and foreign keys that down adds back validated in its transaction: dropped ones (alone or
 * with their column) and replaced enum checks. A dropped table comes back with them in CREATE TABLE.
 */
function rollbackConstraints(ops: Operation[]): ChangeRiskFact[] {
  const checks = ops.flatMap((op) => (op.kind === "dropCheck" ? [op.check.name] : op.kind === "changeEnumValues" ? [op.from.name] : []));
  const foreignKeys = ops.flatMap((op) => (op.kind === "dropForeignKey" ? [op.foreignKey.name] : []));
  if (checks.length === 0 && foreignKeys.length === 0) return [];
  const rules = [...(foreignKeys.length > 0 ? (["adding-foreign-key-constraint"] as const) : []), "constraint-missing-not-valid" as const];
  return [{ kind: "rollbackConstraints", checks, foreignKeys, rules }];
}

function removedEnumValueFacts(table: string, op: Operation): ChangeRiskFact[] {
  const removed = removedEnumValues(op);
  return removed === null ? [] : [{ kind: "removedEnumValues", table, column: removed.column.field, values: removed.values, rules: [] }];
}
