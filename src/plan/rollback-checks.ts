/**
 * What must hold once a change set's down has run, as names (after down: a renamed table has its
 * old name again). The doc turns each list into a query that returns rows while the rollback is
 * incomplete.
 */
import type { Operation } from "../diff/operations.js";

/** The objects a complete rollback removed or brought back; `[table, column]` pairs for columns. */
export interface RollbackChecks {
  /** Tables created (or renamed to) by up: gone after down. */
  tablesGone: string[];
  /** Tables dropped (or renamed from) by up: back after down. */
  tablesBack: string[];
  columnsGone: [string, string][];
  columnsBack: [string, string][];
  /** Indexes up added to existing tables (those of created tables go with their table). */
  indexesGone: string[];
}

/**
 * The checks of a complete rollback of `ops`; `created` names the tables the change set creates.
 *
 * @example
 * rollbackChecks([{ kind: "addColumn", table: tickets, column: priority, nullable: true }], new Set())
 * // { tablesGone: [], tablesBack: [], columnsGone: [["tickets", "priority"]], columnsBack: [], indexesGone: [] }
 */
export function rollbackChecks(ops: readonly Operation[], created: ReadonlySet<string>): RollbackChecks {
  const renamedBack = new Map(ops.flatMap((op) => (op.kind === "renameTable" ? [[op.table.tableName, op.from.tableName] as const] : [])));
  const before = (table: string) => renamedBack.get(table) ?? table;
  const tablesGone = ops.flatMap((op) => (op.kind === "createTable" || op.kind === "renameTable" ? [op.table.tableName] : []));
  const tablesBack = ops.flatMap((op) => (op.kind === "dropTable" ? [op.table.tableName] : op.kind === "renameTable" ? [op.from.tableName] : []));
  const columnsGone = ops.flatMap((op): [string, string][] =>
    op.kind === "addColumn" ? [[before(op.table.tableName), op.column.field]] : op.kind === "expandColumnRename" ? [[before(op.table.tableName), op.to.field]] : [],
  );
  const columnsBack = ops.flatMap((op): [string, string][] =>
    op.kind === "dropColumn"
      ? [[before(op.table.tableName), op.column.field]]
      : op.kind === "contractColumnRename" || op.kind === "renameColumn"
        ? [[before(op.table.tableName), op.from.field]]
        : [],
  );
  const indexesGone = ops.flatMap((op) => (op.kind === "addIndex" && !created.has(op.table.tableName) ? [op.index.name] : []));
  return { tablesGone, tablesBack, columnsGone, columnsBack, indexesGone };
}
