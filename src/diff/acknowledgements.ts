/**
 * Destructive operations need a written acknowledgement: `acknowledgeDataLoss(...)` exported from
 * a schema file, or `--allow-destructive` for everything at once. A dropped column that looks like
 * a rename needs its own acknowledgement, even with the flag.
 */
import type { AcknowledgementIR, ColumnIR, SchemaIssue, TableIR } from "../ir/types.js";
import type { Operation } from "./operations.js";
import type { EnumRemoval } from "./table-changes.js";

export interface DestructiveContext {
  acknowledgements: readonly AcknowledgementIR[];
  allowDestructive: boolean;
  /** Keys a table had before (for acknowledgements written against the old key). */
  previousKey: (table: TableIR) => string;
}

const REASON = `"<why this data can go>"`;
const ESCAPE = "or run `tenant-schema emit --allow-destructive`";

const columnAcknowledged = (context: DestructiveContext, table: TableIR, column: ColumnIR) =>
  context.acknowledgements.some(
    (ack) => ack.kind === "dropColumn" && (ack.table === table.key || ack.table === context.previousKey(table)) && ack.column === column.name,
  );

/**
 * Issues for every destructive operation nobody acknowledged.
 *
 * @example
 * unacknowledgedDataLoss([{ kind: "dropTable", table: legacy }], { acknowledgements: [], allowDestructive: false, previousKey })
 * // [{ code: "data-loss-drop-table", ... }]
 */
export function unacknowledgedDataLoss(operations: readonly Operation[], context: DestructiveContext): SchemaIssue[] {
  if (context.allowDestructive) return [];
  const issues: SchemaIssue[] = [];
  for (const op of operations) {
    if (op.kind === "dropTable") {
      const acknowledged = context.acknowledgements.some((ack) => ack.kind === "dropTable" && ack.table === op.table.key);
      if (acknowledged) continue;
      issues.push({
        code: "data-loss-drop-table",
        message: `table '${op.table.key}' is no longer declared: dropping it deletes its rows (down restores the structure, not the data). If intended, export acknowledgeDataLoss({ dropTable: "${op.table.key}" }, ${REASON}) from a schema file ${ESCAPE}; if it was renamed, declare .renamedFrom("${op.table.key}") on the new table`,
        table: op.table.key,
        source: op.table.source,
      });
    } else if (op.kind === "dropColumn") {
      if (columnAcknowledged(context, op.table, op.column)) continue;
      const key = context.previousKey(op.table);
      issues.push({
        code: "data-loss-drop-column",
        message: `column '${op.column.name}' of table '${op.table.key}' is no longer declared: dropping it deletes its values (down restores the column, not the data). If intended, export acknowledgeDataLoss({ dropColumn: "${key}.${op.column.name}" }, ${REASON}) from a schema file ${ESCAPE}`,
        table: op.table.key,
        source: op.table.source,
      });
    }
  }
  return issues;
}

/**
 * Issues for enum values a column no longer allows, unless acknowledged. Read from the table diff
 * rather than from `changeEnumValues`: when the column's type changes too, its CHECK is dropped and
 * added again around the type change and no `changeEnumValues` carries the removal.
 *
 * @example
 * unacknowledgedEnumRemovals(tickets, [{ column: status, removed: ["pending"] }], context)[0].code // "data-loss-enum-values"
 */
export function unacknowledgedEnumRemovals(table: TableIR, removals: readonly EnumRemoval[], context: DestructiveContext): SchemaIssue[] {
  if (context.allowDestructive) return [];
  return removals
    .filter(
      ({ column, removed }) =>
        !context.acknowledgements.some(
          (ack) =>
            ack.kind === "removeEnumValues" &&
            (ack.table === table.key || ack.table === context.previousKey(table)) &&
            ack.column === column.name &&
            removed.every((value) => ack.values.includes(value)),
        ),
    )
    .map(({ column, removed }) => {
      const values = removed.map((value) => JSON.stringify(value)).join(", ");
      return {
        code: "data-loss-enum-values",
        message: `column '${column.name}' of table '${table.key}' no longer allows ${values}: rows holding them make the new CHECK fail to validate until they are updated. If intended, export acknowledgeDataLoss({ removeEnumValues: "${table.key}.${column.name}", values: [${values}] }, ${REASON}) from a schema file ${ESCAPE}`,
        table: table.key,
        source: column.source ?? table.source,
      };
    });
}

/**
 * A dropped and an added column of one type, with no hint: probably a rename that would lose the
 * data. Only an acknowledgement of that very column lets it through.
 *
 * @example
 * possibleRenames(tickets, [{ dropped: title, added: subject }], context)[0].message // "... .renamedFrom(\"title\") ..."
 */
export function possibleRenames(table: TableIR, lookalikes: readonly { dropped: ColumnIR; added: ColumnIR }[], context: DestructiveContext): SchemaIssue[] {
  return lookalikes
    .filter(({ dropped }) => !columnAcknowledged(context, table, dropped))
    .map(({ dropped, added }) => ({
      code: "possible-rename",
      message: `column '${dropped.name}' of table '${table.key}' is gone and column '${added.name}' of the same type is new: if it is a rename, declare .renamedFrom("${dropped.name}") on '${added.name}' (the data is kept); if '${dropped.name}' really goes, export acknowledgeDataLoss({ dropColumn: "${context.previousKey(table)}.${dropped.name}" }, ${REASON}) from a schema file (--allow-destructive is not enough here)`,
      table: table.key,
      source: added.source ?? table.source,
    }));
}
