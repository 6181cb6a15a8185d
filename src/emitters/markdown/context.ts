import { match } from "ts-pattern";
import type { DocEmitOptions } from "../types.js";
import type { ColumnIR, TableIR } from "../../ir/types.js";
import type { SchemaDocInput } from "./input.js";
import { messagesFor, type Messages } from "./messages/index.js";

/** Everything a section reads, computed once so sections stay small and agree with each other. */
export interface DocContext {
  input: SchemaDocInput;
  m: Messages;
  /** Tables the plan creates, in operation order. */
  created: TableIR[];
}

/**
 * Builds the shared context of one doc.
 *
 * @example
 * docContext(input, { language: "en" }).created.map((t) => t.tableName)
 */
export function docContext(input: SchemaDocInput, options: DocEmitOptions): DocContext {
  const created = input.plan.operations.flatMap((op) =>
    match(op)
      .with({ kind: "createTable" }, (o) => [o.table])
      .exhaustive(),
  );
  return { input, m: messagesFor(options.language), created };
}

/**
 * The column of `table` stored in database column `field`.
 *
 * @example
 * columnByField(table, "company_id")?.name // "companyId"
 */
export function columnByField(table: TableIR, field: string): ColumnIR | undefined {
  return table.columns.find((c) => c.field === field);
}

/**
 * A table of the after-schema by its database name (referenced tables are named that way).
 *
 * @example
 * tableByName(ctx, "users")?.modelName // "User"
 */
export function tableByName(ctx: DocContext, tableName: string): TableIR | undefined {
  return ctx.input.schema.tables.find((t) => t.tableName === tableName);
}

/**
 * Whether the plan creates the table named `tableName`.
 *
 * @example
 * isCreated(ctx, "tickets") // true
 */
export function isCreated(ctx: DocContext, tableName: string): boolean {
  return ctx.created.some((t) => t.tableName === tableName);
}
