import type { SchemaIR, TableIR } from "../../../ir/types.js";
import { tenantChecks } from "../../../ir/tenant-checks.js";
import type { DocContext } from "../context.js";
import type { RiskFact } from "../facts.js";
import { blocks, code, heading, table } from "../markdown.js";
import { changeRiskFacts } from "../operation-facts.js";

/**
 * "Risks & Mitigations": a risk | impact | mitigation table computed from the created tables and
 * the operations; rows of accepted squawk findings name the rule.
 *
 * @example
 * risksSection(ctx) // "## Riscos e Mitigações\n\n| Risco | Impacto | Mitigação |..."
 */
export function risksSection(ctx: DocContext): string {
  const { m } = ctx;
  const rows = [
    ...riskFacts(ctx).map((f) => m.risks.risk(f, code)),
    ...changeRiskFacts(
      ctx.operations.map((o) => o.op),
      ctx.createdNames,
    ).map((f) => m.changes.riskRow(f, code)),
  ];
  return blocks([heading(2, m.headings.risks), rows.length === 0 ? m.risks.noneFound : table(m.risks.header, rows)]);
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

  for (const t of ctx.created) {
    for (const f of t.foreignKeys) {
      if (f.referencedTable === schema.tenant.tableName || f.columns.length !== 1) continue;
      const column = f.columns[0]!;
      if (f.onDelete === "CASCADE") facts.push({ kind: "cascadeChain", path: [f.referencedTable, ...cascadePath(schema, t.tableName)], column });
      if (f.onDelete === "SET NULL") facts.push({ kind: "setNull", table: t.tableName, column, target: f.referencedTable });
      const target = schema.tables.find((x) => x.tableName === f.referencedTable);
      if (t.scope.kind === "tenant" && target?.scope.kind === "tenant") {
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
    for (const check of tenantChecks(t, schema).filter((c) => !c.passed && c.severity === "required")) {
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
 * `start` followed by the deepest chain of tables an ON DELETE CASCADE from it reaches (first
 * child in schema order at each level), so the doc shows how far one delete travels.
 */
function cascadePath(schema: SchemaIR, start: string, seen: Set<string> = new Set()): string[] {
  if (seen.has(start)) return [start];
  const nextSeen = new Set([...seen, start]);
  const children = schema.tables.filter((t: TableIR) =>
    t.foreignKeys.some((f) => f.referencedTable === start && f.onDelete === "CASCADE" && t.tableName !== start),
  );
  const paths = children.map((c) => cascadePath(schema, c.tableName, nextSeen));
  const longest = paths.reduce<string[]>((best, p) => (p.length > best.length ? p : best), []);
  return [start, ...longest];
}
