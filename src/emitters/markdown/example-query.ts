import { match } from "ts-pattern";
import type { ColumnIR, IndexIR, SchemaIR, TableIR } from "../../ir/types.js";
import { quoteIdent } from "./markdown.js";

/**
 * An example query an index serves, scoped by the tenant column on tenant tables: equality on the
 * leading columns, ORDER BY a trailing timestamp DESC with a LIMIT, the partial predicate repeated,
 * `@>` for GIN, a point lookup for unique indexes. Paranoid tables get the `deleted_at IS NULL`
 * filter Sequelize adds to every query. Placeholders are numbered `$1..$n` in order of use.
 *
 * @example
 * exampleQuery(tickets, tickets.indexes[0], schema)
 * // SELECT * FROM "tickets" WHERE "company_id" = $1 AND "status" = 'open' ... ORDER BY "created_at" DESC LIMIT 50;
 */
export function exampleQuery(t: TableIR, index: IndexIR, schema: SchemaIR): string {
  const params = { next: 1 };
  const placeholder = () => `$${params.next++}`;
  const tenantField = t.scope.kind === "tenant" ? schema.tenant.field : null;
  const columnOf = (field: string) => t.columns.find((c) => c.field === field);

  const trailing = index.columns.at(-1);
  const orderBy =
    index.method === "btree" && !index.unique && index.columns.length > 1 && trailing && isTemporal(columnOf(trailing))
      ? trailing
      : null;
  const filtered = index.columns.filter((c) => c !== orderBy);

  const conditions: string[] = [];
  if (tenantField && !filtered.includes(tenantField)) conditions.push(`${quoteIdent(tenantField)} = ${placeholder()}`);
  for (const field of filtered) conditions.push(condition(index, field, columnOf(field), placeholder));
  if (index.where) conditions.push(`(${index.where})`);
  const deletedAt = t.paranoid ? t.columns.find((c) => c.role === "deletedAt") : undefined;
  const softDeleteFilter = deletedAt ? `${quoteIdent(deletedAt.field)} IS NULL` : null;
  if (softDeleteFilter && !(index.where ?? "").includes(softDeleteFilter)) conditions.push(softDeleteFilter);

  const lines = [`SELECT *`, `FROM ${quoteIdent(t.tableName)}`, `WHERE ${conditions.join("\n  AND ")}`];
  if (orderBy) lines.push(`ORDER BY ${quoteIdent(orderBy)} DESC`);
  lines.push(`LIMIT ${index.unique ? 1 : 50};`);
  return lines.join("\n");
}

function condition(index: IndexIR, field: string, column: ColumnIR | undefined, placeholder: () => string): string {
  const ident = quoteIdent(field);
  return match(index.method)
    .with("gin", () => `${ident} @> ${placeholder()}${column?.type.kind === "jsonb" ? "::jsonb" : ""}`)
    .with("btree", "hash", "gist", () => `${ident} = ${sampleValue(column) ?? placeholder()}`)
    .exhaustive();
}

/** A readable literal when the type has an obvious one; otherwise the caller uses a placeholder. */
function sampleValue(column: ColumnIR | undefined): string | null {
  if (!column) return null;
  return match(column.type)
    .with({ kind: "enum" }, (t) => (t.values[0] === undefined ? null : `'${t.values[0].replace(/'/g, "''")}'`))
    .with({ kind: "boolean" }, () => "true")
    .otherwise(() => null);
}

function isTemporal(column: ColumnIR | undefined): boolean {
  return column?.type.kind === "timestamp" || column?.type.kind === "date";
}
