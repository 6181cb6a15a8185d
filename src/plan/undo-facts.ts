/**
 * What down does to undo each operation, as language-free facts: every variant an undo sentence
 * would branch on (a direct or an expand rename, a USING expression or none, a reversible remap or
 * a merge, …) is a kind of its own, so a language only words each kind, interpolating its params.
 */
import { match } from "ts-pattern";
import type { Operation } from "../diff/operations.js";
import { sqlType } from "../ir/sql-type.js";

/** One thing down does; names are database names, `to` of a type change an SQL type. */
export type UndoFact =
  | { kind: "dropCreatedTable"; table: string }
  | { kind: "recreateTable"; table: string }
  /** `table` is renamed back to `to`. */
  | { kind: "renameTableBack"; table: string; to: string }
  /** The compatibility view `to` is dropped first, then `table` is renamed back to it. */
  | { kind: "renameTableBackDroppingView"; table: string; to: string }
  | { kind: "recreateCompatibilityView"; view: string; table: string }
  | { kind: "dropAddedColumn"; column: string; table: string }
  | { kind: "restoreColumn"; column: string; table: string }
  /** `column` is renamed back to `to`. */
  | { kind: "renameColumnBack"; column: string; to: string }
  /** The new `column` and its sync trigger are dropped; `old` still holds every value. */
  | { kind: "dropExpandedColumn"; column: string; old: string }
  | { kind: "restoreContractedColumn"; column: string }
  | { kind: "changeColumnTypeBack"; column: string; to: string }
  | { kind: "changeColumnTypeBackUsing"; column: string; to: string; using: string }
  | { kind: "keepBackfilledValues"; column: string }
  | { kind: "makeNullableAgain"; column: string }
  | { kind: "makeNotNullAgain"; column: string }
  | { kind: "restoreDefault"; column: string }
  | { kind: "restoreColumnComment"; column: string }
  | { kind: "restoreTableComment"; table: string }
  | { kind: "dropAddedIndex"; index: string }
  | { kind: "recreateIndex"; index: string }
  /** `index` is renamed back to `to`. */
  | { kind: "renameIndexBack"; index: string; to: string }
  | { kind: "dropAddedCheck"; check: string }
  | { kind: "recreateCheck"; check: string }
  | { kind: "dropAddedForeignKey"; foreignKey: string }
  | { kind: "recreateForeignKey"; foreignKey: string }
  /** `constraint` is renamed back to `to`. */
  | { kind: "renameConstraintBack"; constraint: string; to: string }
  | { kind: "keepValidated"; name: string }
  | { kind: "restoreEnumCheck"; check: string; column: string }
  /** Rows holding `to` become `from` again. */
  | { kind: "remapEnumValueBack"; from: string; to: string }
  /** A merge into `to`, a value that existed: its rows cannot be told apart and stay `to`. */
  | { kind: "keepMergedEnumValue"; from: string; to: string }
  | { kind: "dropCreatedEnumType"; type: string }
  | { kind: "recreateEnumType"; type: string }
  /** The type is swapped for one without `value`; `columns` ("table.column") are converted. */
  | { kind: "rebuildEnumTypeWithoutValue"; type: string; value: string; columns: string[] }
  | { kind: "dropImmutableTenant"; trigger: string }
  | { kind: "disableRowLevelSecurity"; policy: string }
  | { kind: "recreateImmutableTenant"; trigger: string }
  | { kind: "reenableRowLevelSecurity"; policy: string };

/** Every kind of UndoFact, at run time (the check below fails the build when one is missing). */
export const UNDO_FACT_KINDS = [
  "dropCreatedTable",
  "recreateTable",
  "renameTableBack",
  "renameTableBackDroppingView",
  "recreateCompatibilityView",
  "dropAddedColumn",
  "restoreColumn",
  "renameColumnBack",
  "dropExpandedColumn",
  "restoreContractedColumn",
  "changeColumnTypeBack",
  "changeColumnTypeBackUsing",
  "keepBackfilledValues",
  "makeNullableAgain",
  "makeNotNullAgain",
  "restoreDefault",
  "restoreColumnComment",
  "restoreTableComment",
  "dropAddedIndex",
  "recreateIndex",
  "renameIndexBack",
  "dropAddedCheck",
  "recreateCheck",
  "dropAddedForeignKey",
  "recreateForeignKey",
  "renameConstraintBack",
  "keepValidated",
  "restoreEnumCheck",
  "remapEnumValueBack",
  "keepMergedEnumValue",
  "dropCreatedEnumType",
  "recreateEnumType",
  "rebuildEnumTypeWithoutValue",
  "dropImmutableTenant",
  "disableRowLevelSecurity",
  "recreateImmutableTenant",
  "reenableRowLevelSecurity",
] as const satisfies readonly UndoFact["kind"][];

// Fails to compile while a kind of the union is missing from UNDO_FACT_KINDS.
const everyKindListed: Exclude<UndoFact["kind"], (typeof UNDO_FACT_KINDS)[number]> extends never ? true : never = true;
void everyKindListed;

/**
 * What down does for one operation, in the order a sentence states it: one fact for every
 * operation but `remapEnumValues`, which has one per remapped value.
 *
 * @example
 * undoFacts({ kind: "addIndex", table: tickets, index: statusIndex, concurrently: true })
 * // [{ kind: "dropAddedIndex", index: "tickets_status" }]
 */
export function undoFacts(op: Operation): UndoFact[] {
  return match(op)
    .returnType<UndoFact[]>()
    .with({ kind: "createTable" }, (o) => [{ kind: "dropCreatedTable", table: o.table.tableName }])
    .with({ kind: "dropTable" }, (o) => [{ kind: "recreateTable", table: o.table.tableName }])
    .with({ kind: "renameTable" }, (o) => [
      { kind: o.strategy === "direct" ? "renameTableBack" : "renameTableBackDroppingView", table: o.table.tableName, to: o.from.tableName },
    ])
    .with({ kind: "dropCompatibilityView" }, (o) => [{ kind: "recreateCompatibilityView", view: o.view, table: o.table.tableName }])
    .with({ kind: "addColumn" }, (o) => [{ kind: "dropAddedColumn", column: o.column.field, table: o.table.tableName }])
    .with({ kind: "dropColumn" }, (o) => [{ kind: "restoreColumn", column: o.column.field, table: o.table.tableName }])
    .with({ kind: "renameColumn" }, (o) => [{ kind: "renameColumnBack", column: o.to.field, to: o.from.field }])
    .with({ kind: "expandColumnRename" }, (o) => [{ kind: "dropExpandedColumn", column: o.to.field, old: o.from.field }])
    .with({ kind: "contractColumnRename" }, (o) => [{ kind: "restoreContractedColumn", column: o.from.field }])
    .with({ kind: "alterColumnType" }, (o) => {
      const types = { column: o.to.field, to: sqlType(o.from.type) };
      return [o.downUsing ? { kind: "changeColumnTypeBackUsing", ...types, using: o.downUsing } : { kind: "changeColumnTypeBack", ...types }];
    })
    .with({ kind: "backfill" }, (o) => [{ kind: "keepBackfilledValues", column: o.column.field }])
    .with({ kind: "setNotNull" }, (o) => [{ kind: "makeNullableAgain", column: o.column.field }])
    .with({ kind: "dropNotNull" }, (o) => [{ kind: "makeNotNullAgain", column: o.column.field }])
    .with({ kind: "alterDefault" }, (o) => [{ kind: "restoreDefault", column: o.column.field }])
    .with({ kind: "alterColumnComment" }, (o) => [{ kind: "restoreColumnComment", column: o.column.field }])
    .with({ kind: "alterTableComment" }, (o) => [{ kind: "restoreTableComment", table: o.table.tableName }])
    .with({ kind: "addIndex" }, (o) => [{ kind: "dropAddedIndex", index: o.index.name }])
    .with({ kind: "dropIndex" }, (o) => [{ kind: "recreateIndex", index: o.index.name }])
    .with({ kind: "renameIndex" }, (o) => [{ kind: "renameIndexBack", index: o.to, to: o.from }])
    .with({ kind: "addCheck" }, (o) => [{ kind: "dropAddedCheck", check: o.check.name }])
    .with({ kind: "dropCheck" }, (o) => [{ kind: "recreateCheck", check: o.check.name }])
    .with({ kind: "addForeignKey" }, (o) => [{ kind: "dropAddedForeignKey", foreignKey: o.foreignKey.name }])
    .with({ kind: "dropForeignKey" }, (o) => [{ kind: "recreateForeignKey", foreignKey: o.foreignKey.name }])
    .with({ kind: "renameConstraint" }, (o) => [{ kind: "renameConstraintBack", constraint: o.to, to: o.from }])
    .with({ kind: "validateConstraint" }, (o) => [{ kind: "keepValidated", name: o.name }])
    .with({ kind: "changeEnumValues" }, (o) => [{ kind: "restoreEnumCheck", check: o.from.name, column: o.column.field }])
    .with({ kind: "remapEnumValues" }, (o) =>
      o.remap.map((pair) => ({ kind: pair.reversible ? "remapEnumValueBack" : "keepMergedEnumValue", from: pair.from, to: pair.to })),
    )
    .with({ kind: "createEnumType" }, (o) => [{ kind: "dropCreatedEnumType", type: o.name }])
    .with({ kind: "dropEnumType" }, (o) => [{ kind: "recreateEnumType", type: o.name }])
    .with({ kind: "addEnumValue" }, (o) => [
      { kind: "rebuildEnumTypeWithoutValue", type: o.name, value: o.value, columns: o.columns.map((c) => `${c.tableName}.${c.column.field}`) },
    ])
    .with({ kind: "addIsolation" }, (o) => [
      o.object.kind === "immutableTenant"
        ? { kind: "dropImmutableTenant", trigger: o.object.immutable.trigger }
        : { kind: "disableRowLevelSecurity", policy: o.object.rls.policy },
    ])
    .with({ kind: "dropIsolation" }, (o) => [
      o.object.kind === "immutableTenant"
        ? { kind: "recreateImmutableTenant", trigger: o.object.immutable.trigger }
        : { kind: "reenableRowLevelSecurity", policy: o.object.rls.policy },
    ])
    .exhaustive();
}
