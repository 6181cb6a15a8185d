import type { ForeignKeyIR, SchemaIR } from "../../../ir/types.js";
import { tenantChecks } from "../../../ir/tenant-checks.js";
import type { DocContext } from "../context.js";
import type { RiskFact } from "../facts.js";
import { blocks, code, heading, table } from "../markdown.js";
import { changeRiskFacts } from "../../../plan/risk.js";
import { longLists } from "../long-lists.js";

/**
 * "Risks & Mitigations": a risk | impact | mitigation table computed from the created tables and
 * the operations; rows of accepted squawk findings name the rule. Lists that grow with the schema
 * (every table a tenant delete reaches, every new INTEGER column) are counted in the cell and
 * listed after the table.
 *
 * @example
 * risksSection(ctx) // "## Riscos e Mitigações\n\n| Risco | Impacto | Mitigação |..."
 */
export function risksSection(ctx: DocContext): string {
  const { m } = ctx;
  const lists = longLists(m);
  const rows = [
    ...riskFacts(ctx).map((f) => m.risks.risk(f, code, lists.list)),
    ...changeRiskFacts(
      ctx.operations.map((o) => o.op),
      ctx.createdNames,
    ).map((f) => m.changes.riskRow(f, code, lists.list)),
  ];
  return blocks([heading(2, m.headings.risks), rows.length === 0 ? m.risks.noneFound : table(m.risks.header, rows), lists.details()]);
}

/**
 * The risks of creating `ctx.created` in `ctx.input.schema`.
 *
 * @example
 * riskFacts(ctx).map((r) => r.kind) // ["tenantCascade", "crossTenantReference", ...]
 */
export function riskFacts(ctx: DocContext): RiskFact[] {
  const { schema } = ctx.input;
  const { m } = ctx;
  const createdNames = new Set(ctx.created.map((t) => t.tableName));
  const facts: RiskFact[] = [];

  const rootChildren = ctx.created.filter((t) =>
    t.foreignKeys.some((f) => f.referencedTable === schema.tenant.tableName && f.onDelete === "CASCADE"),
  );
  if (rootChildren.length > 0) {
    facts.push({ kind: "tenantCascade", root: schema.tenant.tableName, tables: rootChildren.map((t) => t.tableName) });
  }

  const deepest = cascadeDepths(schema);
  for (const t of ctx.created) {
    for (const f of t.foreignKeys) {
      const column = referenceColumn(f, schema.tenant.field);
      if (f.referencedTable === schema.tenant.tableName || column === null) continue;
      if (f.onDelete === "CASCADE") facts.push({ kind: "cascadeChain", path: [f.referencedTable, ...deepest(t.tableName)], column });
      if (f.onDelete === "SET NULL") facts.push({ kind: "setNull", table: t.tableName, column, target: f.referencedTable });
      const target = schema.tables.find((x) => x.tableName === f.referencedTable);
      // A composite tenant key (isolation.keys) makes the database refuse another tenant's row.
      if (t.scope.kind === "tenant" && target?.scope.kind === "tenant" && f.columns.length === 1) {
        facts.push({ kind: "crossTenantReference", table: t.tableName, column, target: f.referencedTable, tenantField: schema.tenant.field });
      }
      if (!t.indexes.some((i) => i.columns[0] === column && i.where === null)) {
        facts.push({ kind: "foreignKeyWithoutIndex", table: t.tableName, column, target: f.referencedTable });
      }
    }
    for (const c of t.columns) {
      if (c.type.kind === "jsonb" && !t.indexes.some((i) => i.method === "gin" && i.columns.includes(c.field))) {
        facts.push({ kind: "jsonbWithoutGin", table: t.tableName, column: c.field });
      }
    }
    const deletedAt = t.paranoid ? t.columns.find((c) => c.role === "deletedAt") : undefined;
    if (deletedAt) {
      for (const i of t.indexes.filter((i) => i.unique && !(i.where ?? "").includes(deletedAt.field))) {
        facts.push({ kind: "uniqueWithSoftDelete", table: t.tableName, index: i.name, deletedAt: deletedAt.field });
      }
    }
    for (const check of tenantChecks(t, schema, ctx.layers).filter((c) => !c.passed && c.severity === "required")) {
      facts.push({ kind: "tenantCheckFailed", table: t.tableName, check: m.tenant.label[check.id], detail: m.tenant.finding(check.finding, code) });
    }
  }

  const lockedTables = new Map<string, string[]>();
  for (const t of ctx.created) {
    for (const f of t.foreignKeys.filter((f) => !createdNames.has(f.referencedTable))) {
      const from = lockedTables.get(f.referencedTable) ?? [];
      if (!from.includes(t.tableName)) from.push(t.tableName);
      lockedTables.set(f.referencedTable, from);
    }
  }
  for (const [table, fromTables] of lockedTables) facts.push({ kind: "referencedTableLock", table, fromTables });
  return facts;
}

/**
 * The reference column of a foreign key: its one column, or the non-tenant column of a composite
 * tenant key `(tenant, column)`; null for any other composite key.
 */
function referenceColumn(f: ForeignKeyIR, tenantField: string): string | null {
  if (f.columns.length === 1) return f.columns[0]!;
  return f.columns.length === 2 && f.columns[0] === tenantField ? f.columns[1]! : null;
}

/**
 * For a table, itself followed by the deepest chain of tables an ON DELETE CASCADE from it reaches
 * (first child in schema order at each level), so the doc shows how far one delete travels. Each
 * table's chain is computed once (a chain of N tables costs N steps, not N² per row); a cycle ends
 * the chain where it comes back.
 */
function cascadeDepths(schema: SchemaIR): (start: string) => string[] {
  const children = new Map<string, string[]>();
  for (const t of schema.tables) {
    for (const f of t.foreignKeys) {
      if (f.onDelete !== "CASCADE" || f.referencedTable === t.tableName) continue;
      const list = children.get(f.referencedTable) ?? [];
      if (!list.includes(t.tableName)) list.push(t.tableName);
      children.set(f.referencedTable, list);
    }
  }
  const memo = new Map<string, string[]>();
  const visiting = new Set<string>();
  const deepest = (start: string): string[] => {
    const known = memo.get(start);
    if (known !== undefined) return known;
    if (visiting.has(start)) return [start];
    visiting.add(start);
    const longest = (children.get(start) ?? []).map(deepest).reduce<string[]>((best, p) => (p.length > best.length ? p : best), []);
    visiting.delete(start);
    const path = [start, ...longest];
    memo.set(start, path);
    return path;
  };
  return deepest;
}
