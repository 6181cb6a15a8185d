import { match } from "ts-pattern";
import type { MigrationPlan, Operation } from "../../diff/operations.js";
import * as column from "./column-steps.js";
import * as constraint from "./constraint-steps.js";
import * as enumType from "./enum-type-steps.js";
import * as isolation from "./isolation-steps.js";
import { restoredUniqueFields } from "../../plan/restore-fill.js";
import type { StepContext } from "./step-helpers.js";
import type { MigrationStep, MigrationSteps, OperationSteps, PhasedSteps } from "./steps.js";
import * as table from "./table-steps.js";

export { columnDefinition } from "./step-helpers.js";
export type { StepContext } from "./step-helpers.js";

/**
 * Turns a plan into the ordered steps of `up` and `down`. `up` runs the operations in plan order;
 * `down` runs each operation's inverse in reverse plan order. Within a direction, all `before`
 * steps run first, then all `main`, then all `after` (see PhasedSteps).
 *
 * @example
 * planSteps({ feature: "users", description: "create-users", timestamp: "20261125120000", transaction: true,
 *   operations: [{ kind: "createTable", table: users }] }, { backfillBatchSize: 1000 }).down
 * // [{ kind: "removeConstraint", table: "users", name: "users_company_id_fkey" },
 * //  { kind: "dropTable", table: "users" }]
 */
export function planSteps(plan: MigrationPlan, options: { backfillBatchSize: number }): MigrationSteps {
  const context: StepContext = {
    transaction: plan.transaction,
    backfillBatchSize: options.backfillBatchSize,
    restoredUnique: restoredUniqueFields(plan.operations),
  };
  const perOperation = plan.operations.map((operation) => operationSteps(operation, context));
  const reversed = [...perOperation].reverse();
  return {
    up: flattenPhases(perOperation.map((steps) => steps.up)),
    down: flattenPhases(reversed.map((steps) => steps.down)),
  };
}

/**
 * The steps of one operation in both directions.
 *
 * @example
 * operationSteps({ kind: "createTable", table: users }, context).up.main[0].kind // "createTable"
 */
export function operationSteps(operation: Operation, context: StepContext): OperationSteps {
  const unique = (tableName: string, field: string) => context.restoredUnique.has(`${tableName}.${field}`);
  return match(operation)
    .returnType<OperationSteps>()
    .with({ kind: "createTable" }, (o) => table.createTableSteps(o.table))
    .with({ kind: "dropTable" }, (o) => table.dropTableSteps(o.table))
    .with({ kind: "renameTable" }, (o) => table.renameTableSteps(o.from, o.table, o.strategy))
    .with({ kind: "dropCompatibilityView" }, (o) => table.dropCompatibilityViewSteps(o.table, o.view))
    .with({ kind: "addColumn" }, (o) => {
      const add = column.addColumnSteps(o.table, o.column, o.nullable);
      return { up: { before: [], main: add, after: [] }, down: { before: [], main: [removeColumn(o.table.tableName, o.column.field)], after: [] } };
    })
    .with({ kind: "dropColumn" }, (o) => column.dropColumnSteps(o.table, o.column, unique(o.table.tableName, o.column.field)))
    .with({ kind: "renameColumn" }, (o) => column.renameColumnSteps(o.table, o.from, o.to))
    .with({ kind: "expandColumnRename" }, (o) => column.expandColumnRenameSteps(o.table, o.from, o.to))
    .with({ kind: "contractColumnRename" }, (o) => column.contractColumnRenameSteps(o.table, o.from, o.to, unique(o.table.tableName, o.from.field)))
    .with({ kind: "alterColumnType" }, (o) => column.alterColumnTypeSteps(o.table, o.from, o.to, o.using, o.downUsing))
    .with({ kind: "backfill" }, (o) => column.backfillSteps(o.table, o.column, o.expression, context))
    .with({ kind: "setNotNull" }, (o) => column.setNotNullSteps(o.table, o.column, context))
    .with({ kind: "dropNotNull" }, (o) => column.dropNotNullSteps(o.table, o.column))
    .with({ kind: "alterDefault" }, (o) => column.alterDefaultSteps(o.table, o.column, o.from, o.to))
    .with({ kind: "alterColumnComment" }, (o) => column.alterColumnCommentSteps(o.table, o.column, o.from, o.to))
    .with({ kind: "alterTableComment" }, (o) => column.alterTableCommentSteps(o.table, o.from, o.to))
    .with({ kind: "addIndex" }, (o) => constraint.addIndexSteps(o.table, o.index, o.concurrently))
    .with({ kind: "dropIndex" }, (o) => constraint.dropIndexSteps(o.table, o.index, o.concurrently))
    .with({ kind: "renameIndex" }, (o) => constraint.renameIndexSteps(o.from, o.to))
    .with({ kind: "addCheck" }, (o) => constraint.addCheckSteps(o.table, o.check, o.notValid))
    .with({ kind: "dropCheck" }, (o) => constraint.dropCheckSteps(o.table, o.check))
    .with({ kind: "addForeignKey" }, (o) =>
      o.afterKey === true ? isolation.addForeignKeyAfterKeySteps(o.table, o.foreignKey) : constraint.addForeignKeySteps(o.table, o.foreignKey, o.notValid),
    )
    .with({ kind: "dropForeignKey" }, (o) => (o.afterKey === true ? isolation.dropForeignKeyAfterKeySteps(o.table, o.foreignKey) : constraint.dropForeignKeySteps(o.table, o.foreignKey)))
    .with({ kind: "renameConstraint" }, (o) => constraint.renameConstraintSteps(o.table, o.from, o.to))
    .with({ kind: "validateConstraint" }, (o) => constraint.validateConstraintSteps(o.table, o.name))
    .with({ kind: "changeEnumValues" }, (o) => constraint.changeEnumValuesSteps(o.table, o.column, o.from, o.to, o.removed, o.remap))
    .with({ kind: "remapEnumValues" }, (o) => column.remapEnumValuesSteps(o.table, o.column, o.remap, context))
    .with({ kind: "createEnumType" }, (o) => enumType.createEnumTypeSteps(o.name, o.values))
    .with({ kind: "dropEnumType" }, (o) => enumType.dropEnumTypeSteps(o.name, o.values))
    .with({ kind: "addEnumValue" }, (o) => enumType.addEnumValueSteps(o))
    .with({ kind: "addIsolation" }, (o) => isolation.addIsolationSteps(o.table, o.object))
    .with({ kind: "dropIsolation" }, (o) => isolation.dropIsolationSteps(o.table, o.object))
    .exhaustive();
}

const removeColumn = (tableName: string, field: string): MigrationStep => ({ kind: "removeColumn", table: tableName, field });

function flattenPhases(phases: PhasedSteps[]): MigrationStep[] {
  return [...phases.flatMap((p) => p.before), ...phases.flatMap((p) => p.main), ...phases.flatMap((p) => p.after)];
}
