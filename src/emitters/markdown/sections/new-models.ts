import type { ColumnIR, TableIR } from "../../../ir/types.js";
import { indexReasonText } from "../index-reason.js";
import type { DocContext } from "../context.js";
import { blocks, bulletList, code, heading, table } from "../markdown.js";
import { sqlType } from "../../../ir/sql-type.js";
import { defaultText } from "../sql-type.js";

/**
 * "New Sequelize Models": one sub-section per created table.
 *
 * @example
 * newModelsSection(ctx) // "## Novos Models Sequelize\n\n### `Ticket` (`tickets`)..."
 */
export function newModelsSection(ctx: DocContext): string {
  return blocks([heading(2, ctx.m.headings.newModels), ctx.created.length === 0 ? ctx.m.none : "", ...ctx.created.map((t) => modelBlock(ctx, t))]);
}

function modelBlock(ctx: DocContext, t: TableIR): string {
  const { m } = ctx;
  const { tenant } = ctx.input.schema;
  const scope =
    t.scope.kind === "tenant"
      ? m.models.tenantScope(code(tenant.field), code(`${tenant.tableName}.${tenant.key}`))
      : m.models.globalScope(t.scope.reason);
  return blocks([
    heading(3, `${code(t.modelName)} (${code(t.tableName)})`),
    bulletList([
      ...(t.description ? [`**${m.models.description}:** ${t.description}`] : []),
      `**${m.models.scope}:** ${scope}`,
    ]),
    table(m.models.columnsHeader, t.columns.map((c) => columnRow(ctx, t, c))),
    heading(4, m.headings.relations),
    t.associations.length === 0 ? m.none : bulletList(t.associations.map((a) => m.models.association(a, code))),
    heading(4, m.headings.indexes),
    t.indexes.length === 0 ? m.none : indexTable(ctx, t),
    heading(4, m.headings.constraints),
    constraintTable(ctx, t),
  ]);
}

function columnRow(ctx: DocContext, t: TableIR, c: ColumnIR): string[] {
  const { m } = ctx;
  // A composite key is noted on each of its columns, with the whole column list.
  const foreignKeys = t.foreignKeys.filter((f) => f.columns.includes(c.field));
  const target = (f: (typeof foreignKeys)[number]) =>
    f.columns.length === 1 ? `${f.referencedTable}.${f.referencedColumns.join(", ")}` : `(${f.columns.join(", ")}) → ${f.referencedTable} (${f.referencedColumns.join(", ")})`;
  const notes = [
    c.primaryKey ? m.models.primaryKey : "",
    c.autoIncrement ? m.models.autoIncrement : "",
    c.role === "tenant" ? m.models.tenant : "",
    ...foreignKeys.map((f) => m.models.foreignKey(code(target(f)), f.onDelete)),
    c.type.kind === "enum" ? m.models.enumValues(c.type.values.map(code).join(", ")) : "",
    c.comment ?? "",
  ].filter(Boolean);
  return [
    code(c.name),
    code(c.field),
    code(sqlType(c.type)),
    c.nullable ? m.yes : m.no,
    c.default ? code(defaultText(c.default, c.type)) : "",
    notes.join("; "),
  ];
}

function indexTable(ctx: DocContext, t: TableIR): string {
  const { m } = ctx;
  return table(
    m.models.indexesHeader,
    t.indexes.map((i) => [
      code(i.name),
      i.expression === null ? i.columns.map(code).join(", ") : code(i.expression),
      i.unique ? m.yes : m.no,
      i.method,
      i.where ? code(i.where) : "",
      indexReasonText(m, i.reason),
    ]),
  );
}

/** The primary key under its name (PostgreSQL's `<table>_pkey` unless the table has its own). */
function constraintTable(ctx: DocContext, t: TableIR): string {
  const kinds = ctx.m.models.constraintKind;
  const pk = t.primaryKey;
  const rows = [
    ...(pk !== null ? [[code(pk.name), kinds.primaryKey, code(`PRIMARY KEY (${pk.columns.join(", ")})`)]] : []),
    ...t.foreignKeys.map((f) => [
      code(f.name),
      kinds.foreignKey,
      code(
        `FOREIGN KEY (${f.columns.join(", ")}) REFERENCES ${f.referencedTable} (${f.referencedColumns.join(", ")}) ` +
          `ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`,
      ),
    ]),
    ...t.checks.map((c) => [code(c.name), kinds.check, code(`CHECK (${c.expression})`)]),
  ];
  return rows.length === 0 ? ctx.m.none : table(ctx.m.models.constraintsHeader, rows);
}
