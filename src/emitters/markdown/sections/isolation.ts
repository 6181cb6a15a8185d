import type { RowLevelSecurityIR, TableIR } from "../../../ir/types.js";
import { isolationLayers } from "../../../ir/tenant-checks.js";
import { quoteLiteral } from "../../../ir/sql-quote.js";
import { tenantPolicyCondition } from "../../../isolation/ddl.js";
import type { DocContext } from "../context.js";
import { blocks, bulletList, code, codeBlock, heading, quoteIdent, table } from "../markdown.js";

/** The application role the recipes name (README, "Tenant isolation", "The roles"). */
const APP_ROLE = "app_user";

/**
 * "Isolation": per tenant table of the change set which layers protect it (database keys, the
 * immutable tenant column, row-level security, the runtime guard), then, with row-level security,
 * the policies as the migrations create them, the roles they assume, and SQL that shows a tenant
 * cannot see another's rows.
 *
 * @example
 * isolationSection(ctx) // "## Isolation\n\n...### Layers per table\n\n| Table | Database keys | ..."
 */
export function isolationSection(ctx: DocContext): string {
  const { m, input } = ctx;
  const tables = [...ctx.created, ...ctx.altered].filter((t) => t.scope.kind === "tenant");
  if (tables.length === 0) return blocks([heading(2, m.headings.isolation), m.isolation.noTenantTables]);
  const protectedBy = tables.map((t) => ({ t, layers: isolationLayers(t, input.schema, ctx.layers) }));
  const mark = (on: boolean) => (on ? m.yes : m.no);
  const policies = protectedBy.flatMap(({ t, layers }) => (layers.rls === null ? [] : [{ t, rls: layers.rls }]));
  const first = policies[0];
  return blocks([
    heading(2, m.headings.isolation),
    m.isolation.intro,
    heading(3, m.isolation.layersTitle),
    table(
      m.isolation.layersHeader,
      protectedBy.map(({ t, layers }) => [code(t.tableName), mark(layers.keys), mark(layers.immutableTenant), layers.rls === null ? m.no : code(layers.rls.policy), mark(layers.guard)]),
    ),
    first === undefined
      ? m.isolation.noPolicies
      : blocks([
          heading(3, m.isolation.policiesTitle),
          m.isolation.policiesIntro(code(first.rls.setting)),
          table(m.isolation.policiesHeader, policies.map(({ t, rls }) => [code(t.tableName), code(rls.policy), code(tenantPolicyCondition(rls.tenantColumn, rls.keyType, rls.setting))])),
          heading(3, m.isolation.rolesTitle),
          bulletList(m.isolation.roles),
          m.isolation.rolesCheck,
          codeBlock("sql", rolesQueries(ctx)),
          heading(3, m.isolation.testTitle),
          m.isolation.testIntro(code(APP_ROLE)),
          codeBlock("sql", tenantRecipe(ctx, first.t, first.rls)),
        ]),
  ]);
}

/** As the application role, each returns no rows. */
function rolesQueries(ctx: DocContext): string {
  const { m } = ctx;
  return [
    `-- ${m.isolation.rolesBypass}`,
    "SELECT rolname FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls);",
    "",
    `-- ${m.isolation.rolesOwner}`,
    "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user AND c.relrowsecurity;",
  ].join("\n");
}

/** One transaction, rolled back: the tenant's own rows, none of another tenant's, none without a tenant. */
function tenantRecipe(ctx: DocContext, t: TableIR, rls: RowLevelSecurityIR): string {
  const { m } = ctx;
  const tenant = rls.keyType === "uuid" ? "00000000-0000-0000-0000-000000000001" : "1";
  const name = quoteIdent(t.tableName);
  return [
    "BEGIN;",
    `SET LOCAL ROLE ${APP_ROLE};`,
    `SET LOCAL ${rls.setting} = ${quoteLiteral(tenant)};`,
    `-- ${m.isolation.testOwnRows}`,
    `SELECT count(*) FROM ${name};`,
    `-- ${m.isolation.testOtherTenant}`,
    `SELECT count(*) FROM ${name} WHERE ${quoteIdent(rls.tenantColumn)} IS DISTINCT FROM ${quoteLiteral(tenant)}::${rls.keyType};`,
    `-- ${m.isolation.testNoTenant}`,
    `SET LOCAL ${rls.setting} = '';`,
    `SELECT count(*) FROM ${name};`,
    "ROLLBACK;",
  ].join("\n");
}
