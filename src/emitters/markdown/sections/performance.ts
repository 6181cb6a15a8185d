import type { IndexIR, TableIR } from "../../../ir/types.js";
import type { DocContext } from "../context.js";
import { exampleQuery } from "../example-query.js";
import { indexReasonText } from "../index-reason.js";
import type { PerformanceNote } from "../facts.js";
import { blocks, bulletList, code, codeBlock, heading } from "../markdown.js";
import { longLists } from "../long-lists.js";

/**
 * "Performance": per table (created, then existing ones that gain indexes) each index with its
 * reason and an example query, then notes on write cost.
 *
 * @example
 * performanceSection(ctx) // "## Performance\n\n...### `tickets`\n\n#### `tickets_company_id_idx`..."
 */
export function performanceSection(ctx: DocContext): string {
  const { m, input, created } = ctx;
  const indexBlock = (t: TableIR, i: IndexIR) =>
    blocks([heading(4, code(i.name)), m.performance.reason(indexReasonText(m, i.reason)), codeBlock("sql", exampleQuery(t, i, input.schema))]);
  const tableBlock = (t: TableIR, indexes: IndexIR[]) => blocks([heading(3, code(t.tableName)), ...indexes.map((i) => indexBlock(t, i))]);
  const indexed = created.filter((t) => t.indexes.length > 0);
  const added = addedIndexes(ctx);
  const notes = [...performanceNotes(created), ...changeNotes(ctx)];
  const lists = longLists(m);
  return blocks([
    heading(2, m.headings.performance),
    indexed.length > 0 ? m.performance.intro(created.some((t) => t.scope.kind === "tenant")) : "",
    ...indexed.map((t) => tableBlock(t, t.indexes)),
    added.length > 0 ? m.performance.existingIntro : "",
    ...added.map(({ table, indexes }) => tableBlock(table, indexes)),
    indexed.length + added.length + notes.length === 0 ? m.none : "",
    notes.length > 0 ? heading(3, m.headings.notes) : "",
    bulletList(notes.map((n) => m.performance.note(n, code, lists.list))),
    lists.details(),
  ]);
}

/**
 * Notes computed from the created tables.
 *
 * @example
 * performanceNotes([tickets]) // [{ kind: "emptyTables", ... }, { kind: "writeAmplification", ... }, ...]
 */
export function performanceNotes(created: TableIR[]): PerformanceNote[] {
  if (created.length === 0) return [];
  return [
    { kind: "emptyTables", tables: created.map((t) => t.tableName) },
    ...created.flatMap((t): PerformanceNote[] => {
      const hasPk = t.columns.some((c) => c.primaryKey) ? 1 : 0;
      const deletedAt = t.paranoid ? t.columns.find((c) => c.role === "deletedAt") : undefined;
      return [
        { kind: "writeAmplification", table: t.tableName, indexes: t.indexes.length + hasPk },
        ...(deletedAt ? [{ kind: "paranoidFilter" as const, table: t.tableName, deletedAt: deletedAt.field }] : []),
        ...t.indexes.filter((i) => i.method === "gin").map((i) => ({ kind: "ginWriteCost" as const, table: t.tableName, index: i.name })),
        ...t.indexes.flatMap((i) => (i.where ? [{ kind: "partialIndex" as const, table: t.tableName, index: i.name, where: i.where }] : [])),
      ];
    }),
  ];
}

/** Indexes the change set adds to tables that already exist, per table (as it is after), in operation order. */
function addedIndexes(ctx: DocContext): { table: TableIR; indexes: IndexIR[] }[] {
  const byTable = new Map<string, { table: TableIR; indexes: IndexIR[] }>();
  for (const { op } of ctx.operations) {
    if (op.kind !== "addIndex" || ctx.createdNames.has(op.table.tableName)) continue;
    const entry = byTable.get(op.table.tableName) ?? { table: ctx.input.schema.tables.find((t) => t.tableName === op.table.tableName) ?? op.table, indexes: [] };
    entry.indexes.push(op.index);
    byTable.set(op.table.tableName, entry);
  }
  return [...byTable.values()];
}

/** Notes on the cost of changes to existing tables: concurrent builds and rewrites. */
function changeNotes(ctx: DocContext): PerformanceNote[] {
  return ctx.operations.flatMap(({ op }): PerformanceNote[] => {
    if (ctx.createdNames.has(op.table.tableName)) return [];
    if (op.kind === "addIndex" && op.concurrently) return [{ kind: "concurrentBuild", table: op.table.tableName, index: op.index.name }];
    if (op.kind === "alterColumnType" && op.rewrite) {
      const hasPk = op.table.columns.some((c) => c.primaryKey) ? 1 : 0;
      return [{ kind: "rewriteRebuild", table: op.table.tableName, indexes: op.table.indexes.length + hasPk }];
    }
    return [];
  });
}
