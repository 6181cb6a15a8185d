import { match } from "ts-pattern";
import type { MigrationPlan, Operation } from "../../diff/operations.js";
import type { ColumnIR, TableIR } from "../../ir/types.js";
import type { ColumnDefinition, MigrationStep, MigrationSteps, OperationSteps, PhasedSteps } from "./steps.js";

/**
 * Turns a plan into the ordered steps of `up` and `down`. `up` runs the operations in plan order;
 * `down` runs each operation's inverse in reverse plan order. Within a direction, all `before`
 * steps run first, then all `main`, then all `after` (see PhasedSteps).
 *
 * @example
 * planSteps({ feature: "users", description: "create-users", timestamp: "20261125120000",
 *   operations: [{ kind: "createTable", table: users }] }).down
 * // [{ kind: "removeConstraint", table: "users", name: "users_company_id_fkey" },
 * //  { kind: "dropTable", table: "users" }]
 */
export function planSteps(plan: MigrationPlan): MigrationSteps {
  const perOperation = plan.operations.map(operationSteps);
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
 * operationSteps({ kind: "createTable", table: users }).up.main[0].kind // "createTable"
 */
export function operationSteps(operation: Operation): OperationSteps {
  return match(operation)
    .with({ kind: "createTable" }, ({ table }) => createTableSteps(table))
    .exhaustive();
}

function flattenPhases(phases: PhasedSteps[]): MigrationStep[] {
  return [...phases.flatMap((p) => p.before), ...phases.flatMap((p) => p.main), ...phases.flatMap((p) => p.after)];
}

function createTableSteps(table: TableIR): OperationSteps {
  const foreignKeys: MigrationStep[] = table.foreignKeys.map((fk) => ({
    kind: "addForeignKey",
    table: table.tableName,
    name: fk.name,
    columns: fk.columns,
    referencedTable: fk.referencedTable,
    referencedColumns: fk.referencedColumns,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
  }));
  return {
    up: {
      before: [],
      main: [
        {
          kind: "createTable",
          table: table.tableName,
          columns: table.columns.map(columnDefinition),
          comment: table.description,
        },
        ...table.checks.map(
          (check): MigrationStep => ({
            kind: "addCheck",
            table: table.tableName,
            name: check.name,
            columns: check.columns,
            expression: check.expression,
          }),
        ),
        ...table.indexes.map(
          (index): MigrationStep => ({
            kind: "addIndex",
            table: table.tableName,
            name: index.name,
            columns: index.columns,
            unique: index.unique,
            method: index.method,
            where: index.where,
          }),
        ),
      ],
      after: foreignKeys,
    },
    down: {
      // Foreign keys go first, so dropping tables that reference each other never blocks.
      before: [...table.foreignKeys]
        .reverse()
        .map((fk): MigrationStep => ({ kind: "removeConstraint", table: table.tableName, name: fk.name })),
      // Checks and indexes go with the table.
      main: [{ kind: "dropTable", table: table.tableName }],
      after: [],
    },
  };
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
