/**
 * What each operation of a change set does, as language-free facts: every variant a sentence would
 * branch on (a direct or an expand rename, a nullable column or a NOT NULL one, concurrently or
 * not, …) is a kind of its own, so a language only words each kind, interpolating its params.
 */
import { match } from "ts-pattern";
import type { Operation } from "../diff/operations.js";
import type { ColumnTypeIR, DefaultIR } from "../ir/types.js";
import { sqlType } from "../ir/sql-type.js";

/** A replacement of a removed enum value: its rows become `to`. */
export interface ValuePair {
  from: string;
  to: string;
}

/** One thing an operation does; names are database names, types and defaults as the IR holds them. */
export type OperationFact =
  | { kind: "createTable"; table: string }
  | { kind: "dropTable"; table: string }
  | { kind: "renameTableDirect"; from: string; to: string }
  /** The old name stays as an updatable view (expand). */
  | { kind: "renameTableExpand"; from: string; to: string }
  | { kind: "dropCompatibilityView"; view: string }
  | { kind: "addNullableColumn"; column: string }
  | { kind: "addNullableColumnWithDefault"; column: string; type: ColumnTypeIR; default: DefaultIR }
  | { kind: "addNotNullColumn"; column: string }
  | { kind: "addNotNullColumnWithDefault"; column: string; type: ColumnTypeIR; default: DefaultIR }
  | { kind: "dropColumn"; column: string }
  | { kind: "renameColumn"; from: string; to: string }
  | { kind: "expandColumnRename"; from: string; to: string }
  | { kind: "contractColumnRename"; old: string }
  /** `from` and `to` are SQL types; `using` the USING expression. */
  | { kind: "changeColumnType"; column: string; from: string; to: string }
  | { kind: "changeColumnTypeUsing"; column: string; from: string; to: string; using: string }
  | { kind: "rewriteColumnType"; column: string; from: string; to: string }
  | { kind: "rewriteColumnTypeUsing"; column: string; from: string; to: string; using: string }
  | { kind: "backfill"; column: string; expression: string }
  | { kind: "backfillPerTenant"; column: string; expression: string }
  | { kind: "setNotNull"; column: string }
  | { kind: "dropNotNull"; column: string }
  | { kind: "setDefault"; column: string; type: ColumnTypeIR; to: DefaultIR }
  | { kind: "dropDefault"; column: string; type: ColumnTypeIR; from: DefaultIR }
  | { kind: "changeDefault"; column: string; type: ColumnTypeIR; from: DefaultIR; to: DefaultIR }
  /** No default before or after (the diff does not emit it; kept so every operation has words). */
  | { kind: "keepNoDefault"; column: string }
  | { kind: "alterColumnComment"; column: string }
  | { kind: "alterTableComment" }
  | { kind: "addIndex"; index: string }
  | { kind: "addIndexConcurrently"; index: string }
  | { kind: "dropIndex"; index: string }
  | { kind: "dropIndexConcurrently"; index: string }
  | { kind: "renameIndex"; from: string; to: string }
  | { kind: "addCheck"; check: string }
  | { kind: "addCheckNotValid"; check: string }
  | { kind: "dropCheck"; check: string }
  | { kind: "addForeignKey"; foreignKey: string; referencedTable: string }
  | { kind: "addForeignKeyNotValid"; foreignKey: string; referencedTable: string }
  | { kind: "dropForeignKey"; foreignKey: string }
  | { kind: "renameConstraint"; from: string; to: string }
  | { kind: "validateConstraint"; name: string }
  /** The enum CHECK of `column` is replaced (NOT VALID, validated later); the facts below follow it. */
  | { kind: "replaceEnumCheck"; column: string }
  | { kind: "addEnumCheckValues"; values: string[] }
  /** Removed values whose rows become their replacement. */
  | { kind: "removeRemappedEnumValues"; pairs: ValuePair[] }
  /** Removed values without a replacement: up refuses, changing nothing, while rows hold them. */
  | { kind: "removeEnumValues"; values: string[] }
  | { kind: "remapEnumValues"; column: string; pairs: ValuePair[] }
  | { kind: "remapEnumValuesPerTenant"; column: string; pairs: ValuePair[] }
  | { kind: "createEnumType"; type: string; values: string[] }
  | { kind: "dropEnumType"; type: string }
  | { kind: "addEnumValue"; type: string; value: string }
  | { kind: "addImmutableTenant"; column: string; trigger: string }
  | { kind: "enableRowLevelSecurity"; policy: string; setting: string }
  | { kind: "dropImmutableTenant"; trigger: string }
  | { kind: "disableRowLevelSecurity"; policy: string };

/** Every kind of OperationFact, at run time (the check below fails the build when one is missing). */
export const OPERATION_FACT_KINDS = [
  "createTable",
  "dropTable",
  "renameTableDirect",
  "renameTableExpand",
  "dropCompatibilityView",
  "addNullableColumn",
  "addNullableColumnWithDefault",
  "addNotNullColumn",
  "addNotNullColumnWithDefault",
  "dropColumn",
  "renameColumn",
  "expandColumnRename",
  "contractColumnRename",
  "changeColumnType",
  "changeColumnTypeUsing",
  "rewriteColumnType",
  "rewriteColumnTypeUsing",
  "backfill",
  "backfillPerTenant",
  "setNotNull",
  "dropNotNull",
  "setDefault",
  "dropDefault",
  "changeDefault",
  "keepNoDefault",
  "alterColumnComment",
  "alterTableComment",
  "addIndex",
  "addIndexConcurrently",
  "dropIndex",
  "dropIndexConcurrently",
  "renameIndex",
  "addCheck",
  "addCheckNotValid",
  "dropCheck",
  "addForeignKey",
  "addForeignKeyNotValid",
  "dropForeignKey",
  "renameConstraint",
  "validateConstraint",
  "replaceEnumCheck",
  "addEnumCheckValues",
  "removeRemappedEnumValues",
  "removeEnumValues",
  "remapEnumValues",
  "remapEnumValuesPerTenant",
  "createEnumType",
  "dropEnumType",
  "addEnumValue",
  "addImmutableTenant",
  "enableRowLevelSecurity",
  "dropImmutableTenant",
  "disableRowLevelSecurity",
] as const satisfies readonly OperationFact["kind"][];

// Fails to compile while a kind of the union is missing from OPERATION_FACT_KINDS.
const everyKindListed: Exclude<OperationFact["kind"], (typeof OPERATION_FACT_KINDS)[number]> extends never ? true : never = true;
void everyKindListed;

/**
 * The facts of one operation, in the order a sentence states them: one for every operation but
 * `changeEnumValues`, which states its replaced check, then what it adds, converts and removes.
 *
 * @example
 * operationFacts({ kind: "addIndex", table: tickets, index: statusIndex, concurrently: true })
 * // [{ kind: "addIndexConcurrently", index: "tickets_status" }]
 */
export function operationFacts(op: Operation): OperationFact[] {
  return match(op)
    .returnType<OperationFact[]>()
    .with({ kind: "createTable" }, (o) => [{ kind: "createTable", table: o.table.tableName }])
    .with({ kind: "dropTable" }, (o) => [{ kind: "dropTable", table: o.table.tableName }])
    .with({ kind: "renameTable" }, (o) => [
      { kind: o.strategy === "direct" ? "renameTableDirect" : "renameTableExpand", from: o.from.tableName, to: o.table.tableName },
    ])
    .with({ kind: "dropCompatibilityView" }, (o) => [{ kind: "dropCompatibilityView", view: o.view }])
    .with({ kind: "addColumn" }, (o) => {
      const column = o.column.field;
      if (o.column.default === null) return [{ kind: o.nullable ? "addNullableColumn" : "addNotNullColumn", column }];
      return [{ kind: o.nullable ? "addNullableColumnWithDefault" : "addNotNullColumnWithDefault", column, type: o.column.type, default: o.column.default }];
    })
    .with({ kind: "dropColumn" }, (o) => [{ kind: "dropColumn", column: o.column.field }])
    .with({ kind: "renameColumn" }, (o) => [{ kind: "renameColumn", from: o.from.field, to: o.to.field }])
    .with({ kind: "expandColumnRename" }, (o) => [{ kind: "expandColumnRename", from: o.from.field, to: o.to.field }])
    .with({ kind: "contractColumnRename" }, (o) => [{ kind: "contractColumnRename", old: o.from.field }])
    .with({ kind: "alterColumnType" }, (o) => {
      const types = { column: o.to.field, from: sqlType(o.from.type), to: sqlType(o.to.type) };
      if (o.using) return [{ kind: o.rewrite ? "rewriteColumnTypeUsing" : "changeColumnTypeUsing", ...types, using: o.using }];
      return [{ kind: o.rewrite ? "rewriteColumnType" : "changeColumnType", ...types }];
    })
    .with({ kind: "backfill" }, (o) => [
      { kind: o.table.scope.kind === "tenant" ? "backfillPerTenant" : "backfill", column: o.column.field, expression: o.expression },
    ])
    .with({ kind: "setNotNull" }, (o) => [{ kind: "setNotNull", column: o.column.field }])
    .with({ kind: "dropNotNull" }, (o) => [{ kind: "dropNotNull", column: o.column.field }])
    .with({ kind: "alterDefault" }, (o): OperationFact[] => {
      const column = o.column.field;
      const type = o.column.type;
      if (o.from !== null && o.to !== null) return [{ kind: "changeDefault", column, type, from: o.from, to: o.to }];
      if (o.from !== null) return [{ kind: "dropDefault", column, type, from: o.from }];
      if (o.to !== null) return [{ kind: "setDefault", column, type, to: o.to }];
      return [{ kind: "keepNoDefault", column }];
    })
    .with({ kind: "alterColumnComment" }, (o) => [{ kind: "alterColumnComment", column: o.column.field }])
    .with({ kind: "alterTableComment" }, () => [{ kind: "alterTableComment" }])
    .with({ kind: "addIndex" }, (o) => [{ kind: o.concurrently ? "addIndexConcurrently" : "addIndex", index: o.index.name }])
    .with({ kind: "dropIndex" }, (o) => [{ kind: o.concurrently ? "dropIndexConcurrently" : "dropIndex", index: o.index.name }])
    .with({ kind: "renameIndex" }, (o) => [{ kind: "renameIndex", from: o.from, to: o.to }])
    .with({ kind: "addCheck" }, (o) => [{ kind: o.notValid ? "addCheckNotValid" : "addCheck", check: o.check.name }])
    .with({ kind: "dropCheck" }, (o) => [{ kind: "dropCheck", check: o.check.name }])
    .with({ kind: "addForeignKey" }, (o) => [
      { kind: o.notValid ? "addForeignKeyNotValid" : "addForeignKey", foreignKey: o.foreignKey.name, referencedTable: o.foreignKey.referencedTable },
    ])
    .with({ kind: "dropForeignKey" }, (o) => [{ kind: "dropForeignKey", foreignKey: o.foreignKey.name }])
    .with({ kind: "renameConstraint" }, (o) => [{ kind: "renameConstraint", from: o.from, to: o.to }])
    .with({ kind: "validateConstraint" }, (o) => [{ kind: "validateConstraint", name: o.name }])
    .with({ kind: "changeEnumValues" }, (o) => {
      const unmapped = o.removed.filter((value) => !o.remap.some((pair) => pair.from === value));
      const pairs = o.remap.map(({ from, to }) => ({ from, to }));
      return [
        { kind: "replaceEnumCheck", column: o.column.field },
        ...(o.added.length > 0 ? [{ kind: "addEnumCheckValues" as const, values: o.added }] : []),
        ...(pairs.length > 0 ? [{ kind: "removeRemappedEnumValues" as const, pairs }] : []),
        ...(unmapped.length > 0 ? [{ kind: "removeEnumValues" as const, values: unmapped }] : []),
      ];
    })
    .with({ kind: "remapEnumValues" }, (o) => [
      {
        kind: o.table.scope.kind === "tenant" ? "remapEnumValuesPerTenant" : "remapEnumValues",
        column: o.column.field,
        pairs: o.remap.map(({ from, to }) => ({ from, to })),
      },
    ])
    .with({ kind: "createEnumType" }, (o) => [{ kind: "createEnumType", type: o.name, values: o.values }])
    .with({ kind: "dropEnumType" }, (o) => [{ kind: "dropEnumType", type: o.name }])
    .with({ kind: "addEnumValue" }, (o) => [{ kind: "addEnumValue", type: o.name, value: o.value }])
    .with({ kind: "addIsolation" }, (o) => [
      o.object.kind === "immutableTenant"
        ? { kind: "addImmutableTenant", column: o.object.immutable.tenantColumn, trigger: o.object.immutable.trigger }
        : { kind: "enableRowLevelSecurity", policy: o.object.rls.policy, setting: o.object.rls.setting },
    ])
    .with({ kind: "dropIsolation" }, (o) => [
      o.object.kind === "immutableTenant"
        ? { kind: "dropImmutableTenant", trigger: o.object.immutable.trigger }
        : { kind: "disableRowLevelSecurity", policy: o.object.rls.policy },
    ])
    .exhaustive();
}
