import type { Operation } from "../../diff/operations.js";
import type { MigrationExtension } from "../types.js";
import type { DocEmitOptions } from "../types.js";
import type { TableIR } from "../../ir/types.js";
import type { LayerOptions } from "../../ir/tenant-checks.js";
import type { DocMigration, SchemaDocInput } from "./input.js";
import { DEFAULT_LAYOUT, type MarkdownLayout } from "./markdown.js";
import { messagesFor, type Messages } from "./messages/index.js";

/** One operation with the migration file that runs it. */
export interface PlacedOperation {
  op: Operation;
  migration: DocMigration;
}

/** Everything a section reads, computed once so sections stay small and agree with each other. */
export interface DocContext {
  input: SchemaDocInput;
  m: Messages;
  /** Every operation of the change set, in the order the migrations run them. */
  operations: PlacedOperation[];
  /** Tables the change set creates, in operation order. */
  created: TableIR[];
  /** Database names of `created`. */
  createdNames: ReadonlySet<string>;
  /** Existing tables the change set alters (as they are after it), in order of first change. */
  altered: TableIR[];
  /** Tables the change set drops (as they were). */
  dropped: TableIR[];
  /** How the project's runner records migration names in SequelizeMeta. */
  extension: MigrationExtension;
  /** What the IR does not show of the isolation layers: whether the models install the guard. */
  layers: LayerOptions;
  /** The prettier options the doc is printed for. */
  layout: MarkdownLayout;
}

/**
 * Builds the shared context of one doc.
 *
 * @example
 * docContext(input, { language: "en" }).created.map((t) => t.tableName)
 */
export function docContext(input: SchemaDocInput, options: DocEmitOptions): DocContext {
  const operations = input.migrations.flatMap((migration) => migration.plan.operations.map((op) => ({ op, migration })));
  const ops = operations.map((o) => o.op);
  const created = ops.flatMap((op) => (op.kind === "createTable" ? [op.table] : []));
  const createdNames = new Set(created.map((t) => t.tableName));
  const dropped = ops.flatMap((op) => (op.kind === "dropTable" ? [op.table] : []));
  const droppedNames = new Set(dropped.map((t) => t.tableName));
  const altered: TableIR[] = [];
  for (const op of ops) {
    const name = op.table.tableName;
    if (createdNames.has(name) || droppedNames.has(name) || altered.some((t) => t.tableName === name)) continue;
    altered.push(input.schema.tables.find((t) => t.tableName === name) ?? op.table);
  }
  return {
    input,
    m: messagesFor(options.language),
    operations,
    created,
    createdNames,
    altered,
    dropped,
    extension: options.migrationExtension ?? ".ts",
    layers: { guard: options.isolationGuard ?? false },
    layout: options.layout ?? DEFAULT_LAYOUT,
  };
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
 * Whether the change set creates the table named `tableName`.
 *
 * @example
 * isCreated(ctx, "tickets") // true
 */
export function isCreated(ctx: DocContext, tableName: string): boolean {
  return ctx.createdNames.has(tableName);
}
