import type { TableIR } from "../../../ir/types.js";
import type { DocContext } from "../context.js";
import { blocks, bulletList, code, heading } from "../markdown.js";

/**
 * The title and the metadata of the change set.
 *
 * @example
 * titleSection(ctx) // "# Schema Changes: tickets\n\n- **Migration:** ..."
 */
export function titleSection(ctx: DocContext): string {
  const { m, input } = ctx;
  const { tenant } = input.schema;
  const root = code(`${tenant.tableName}.${tenant.key}`);
  const files = input.migrations.map((x) => code(x.file));
  return blocks([
    heading(1, m.headings.title(input.change.feature)),
    bulletList([
      `**${m.meta.migrations(files.length)}:** ${files.join(", ")}`,
      `**${m.meta.date}:** ${formatTimestamp(input.migrations[0]?.plan.timestamp ?? "")}`,
      `**${m.meta.feature}:** ${code(input.change.feature)}`,
      `**${m.meta.tenantRoot}:** ${root} (${code(tenant.field)})`,
    ]),
  ]);
}

/**
 * The Summary section: what the change set creates, alters and drops.
 *
 * @example
 * summarySection(ctx) // "## Summary\n\nThis change creates 2 tables..."
 */
export function summarySection(ctx: DocContext): string {
  const { m, input, created, altered, dropped } = ctx;
  const { tenant } = input.schema;
  const root = code(`${tenant.tableName}.${tenant.key}`);
  const tenantCount = created.filter((t) => t.scope.kind === "tenant").length;
  const counts =
    created.length === 0
      ? ""
      : m.summary.counts({
          tables: created.length,
          tenant: tenantCount,
          global: created.length - tenantCount,
          columns: sum(created.map((t) => t.columns.length)),
          indexes: sum(created.map((t) => t.indexes.length)),
          constraints: sum(created.map((t) => constraintCount(t))),
        });
  const evolving = ctx.operations.filter((o) => o.op.kind !== "createTable");
  const changes =
    evolving.length === 0
      ? ""
      : m.summary.changes({ operations: ctx.operations.length, migrations: input.migrations.length, altered: altered.length, dropped: dropped.length });
  const opsOn = (t: TableIR) => evolving.filter((o) => o.op.table.tableName === t.tableName).length;
  const descriptions = bulletList([
    ...created.map((t) => `${code(t.tableName)} (${code(t.modelName)}): ${t.description ?? m.summary.noDescription}`),
    ...altered.map((t) => m.summary.alteredTable(code(t.tableName), code(t.modelName), opsOn(t))),
    ...dropped.map((t) => m.summary.droppedTable(code(t.tableName), code(t.modelName))),
  ]);
  return blocks([
    heading(2, m.headings.summary),
    [counts, tenantCount > 0 ? m.summary.tenantScope(code(tenant.field), root) : "", changes].filter(Boolean).join(" "),
    descriptions,
  ]);
}

/**
 * "20261125103000" → "2026-11-25 10:30:00"; anything else is shown as given.
 *
 * @example
 * formatTimestamp("20261125103000") // "2026-11-25 10:30:00"
 */
export function formatTimestamp(timestamp: string): string {
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  if (!parts) return timestamp;
  const [, y, mo, d, h, mi, s] = parts;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** Primary key + foreign keys + checks: the constraints PostgreSQL creates for the table. */
function constraintCount(table: TableIR): number {
  const hasPk = table.columns.some((c) => c.primaryKey) ? 1 : 0;
  return hasPk + table.foreignKeys.length + table.checks.length;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
