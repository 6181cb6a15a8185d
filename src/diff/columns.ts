/**
 * Operations for the columns of a table that exists before and after (its objects are diffed in
 * objects.ts). Columns that need a fill before they can be NOT NULL get a `backfill` and a staged
 * `setNotNull`, which the split moves to a migration without a wrapping transaction.
 */
import type { ColumnIR, DefaultIR, SchemaIssue, TableIR } from "../ir/types.js";
import { sameIgnoringSource } from "./canonical-json.js";
import type { Operation } from "./operations.js";
import { sqlType } from "../ir/sql-type.js";
import { quoteIdent } from "../ir/sql-quote.js";
import { literalSql } from "./sql-text.js";
import { classifyTypeChange } from "./type-change.js";

/**
 * The SQL a backfill writes into existing rows: the declared `.backfill(...)`, else the default.
 *
 * @example
 * fillExpression(column("priority", { default: { kind: "literal", value: "low" } })) // "'low'"
 */
export function fillExpression(column: ColumnIR): string | null {
  if (column.backfill !== null) return column.backfill;
  return defaultSql(column.default, column);
}

function defaultSql(value: DefaultIR | null, column: ColumnIR): string | null {
  if (value === null) return null;
  return value.kind === "sql" ? value.sql : literalSql(value.value, column.type);
}

const where = (table: TableIR, column: ColumnIR) => column.source ?? table.source;

/**
 * A column new to an existing table.
 *
 * @example
 * addedColumn(tickets, priority) // { operations: [{ kind: "addColumn", ..., nullable: false }], issues: [] }
 */
export function addedColumn(table: TableIR, column: ColumnIR): { operations: Operation[]; issues: SchemaIssue[] } {
  if (column.nullable) {
    const operations: Operation[] = [{ kind: "addColumn", table, column, nullable: true }];
    if (column.backfill !== null) operations.push({ kind: "backfill", table, column, expression: column.backfill });
    return { operations, issues: [] };
  }
  // PostgreSQL 11+ stores a constant default in the catalog: no rewrite, no fill needed.
  if (column.default?.kind === "literal" && column.backfill === null) {
    return { operations: [{ kind: "addColumn", table, column, nullable: false }], issues: [] };
  }
  const expression = fillExpression(column);
  if (expression === null) {
    return {
      operations: [],
      issues: [
        {
          code: "not-null-without-default",
          message: `column '${column.name}' added to existing table '${table.key}' is NOT NULL without a default: declare .default(...) or .backfill(sql\`...\`) to fill the existing rows, or make it .nullable()`,
          table: table.key,
          source: where(table, column),
        },
      ],
    };
  }
  return {
    operations: [
      { kind: "addColumn", table, column, nullable: true },
      { kind: "backfill", table, column, expression },
      { kind: "setNotNull", table, column },
    ],
    issues: [],
  };
}

/**
 * Changes of one column kept under the same database name (after a direct rename, if any):
 * type, nullability, default and comment. Enum values are handled with the table's checks.
 *
 * @example
 * changedColumn(tickets, title20, title80).operations[0].kind // "alterColumnType"
 */
export function changedColumn(table: TableIR, previous: ColumnIR, next: ColumnIR): { operations: Operation[]; issues: SchemaIssue[] } {
  const operations: Operation[] = [];
  const issues: SchemaIssue[] = [];
  const change = classifyTypeChange(previous.type, next.type);
  if (change.kind === "inPlace") {
    operations.push({ kind: "alterColumnType", table, from: previous, to: next, rewrite: false, using: null, downUsing: null });
  } else if (change.kind === "rewrite") {
    if (!change.implicitCast && next.using === null) {
      issues.push({
        code: "type-change-needs-using",
        message: `column '${next.name}' of table '${table.key}' changes type from ${sqlType(previous.type)} to ${sqlType(next.type)}, which PostgreSQL cannot convert safely on its own: declare .using(sql\`...\`) with the conversion (e.g. .using(sql\`${quoteIdent(next.field)}::${sqlType(next.type).toLowerCase()}\`))`,
        table: table.key,
        source: where(table, next),
      });
    } else {
      const downUsing = `${quoteIdent(next.field)}::${sqlType(previous.type)}`;
      operations.push({ kind: "alterColumnType", table, from: previous, to: next, rewrite: true, using: next.using, downUsing });
    }
  }
  // A type change carries the default with it (dropped before ALTER TYPE, set after, both ways):
  // a separate alterDefault would, in down, set the old default while the column has the new type.
  const retyped = operations.some((op) => op.kind === "alterColumnType");
  if (!retyped && !sameIgnoringSource(previous.default, next.default)) {
    operations.push({ kind: "alterDefault", table, column: next, from: previous.default, to: next.default });
  }
  if (previous.nullable && !next.nullable) {
    const expression = fillExpression(next);
    if (expression !== null) operations.push({ kind: "backfill", table, column: next, expression });
    operations.push({ kind: "setNotNull", table, column: next });
  } else if (!previous.nullable && next.nullable) {
    operations.push({ kind: "dropNotNull", table, column: next });
  }
  if (previous.comment !== next.comment) {
    operations.push({ kind: "alterColumnComment", table, column: next, from: previous.comment, to: next.comment });
  }
  return { operations, issues };
}
