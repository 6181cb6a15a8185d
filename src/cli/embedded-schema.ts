/**
 * A schema IR built for real on the embedded PostgreSQL and read back: what a database that ran
 * every migration of the declarations holds, as PostgreSQL itself prints defaults, checks and
 * predicates. `drift` compares it with the live database, `verify` with what migrations made.
 */
import type { ResolvedConfig } from "../config/define-config.js";
import { planChanges } from "../diff/plan.js";
import { emitMigration } from "../emitters/migration/index.js";
import { readCatalog } from "../introspect/catalog.js";
import { catalogToIR } from "../introspect/to-ir.js";
import type { SchemaIR, TenantIR } from "../ir/types.js";
import { openEmbedded, type Database } from "./database.js";
import { CliError } from "./problem.js";

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The tenant root a schema references (never declared): its key column only.
 *
 * @example
 * tenantRootDdl({ tableName: "companies", key: "id", keyType: "integer", ... }) // 'CREATE TABLE "companies" ("id" serial PRIMARY KEY)'
 */
export function tenantRootDdl(tenant: TenantIR): string {
  const key = { integer: "serial PRIMARY KEY", bigint: "bigserial PRIMARY KEY", uuid: "uuid PRIMARY KEY DEFAULT gen_random_uuid()" }[tenant.keyType];
  return `CREATE TABLE ${quote(tenant.tableName)} (${quote(tenant.key)} ${key})`;
}

/**
 * The SQL that creates a whole schema from nothing, as the emitted migrations would send it, one
 * script per migration in run order. A schema no run of migrations can build (features that need
 * each other's tables) is a CliError naming the declaration, as emit would report it.
 *
 * @example
 * schemaScripts(snapshot, config)[0] // 'BEGIN;\nSET LOCAL lock_timeout = ...;\nCREATE TABLE "users" ...;\nCOMMIT;'
 */
export function schemaScripts(schema: SchemaIR, config: Pick<ResolvedConfig, "sequelize" | "migrations">): string[] {
  const planned = planChanges(null, { ...schema, tables: schema.tables.map((table) => ({ ...table, renamedFrom: null, transition: { view: null, columns: [] } })) }, "20000101000000", null);
  if (planned.issues.length > 0) {
    throw new CliError(planned.issues.map((issue) => ({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message })), 1);
  }
  const options = { sequelize: config.sequelize, ...config.migrations };
  return planned.changeSets.flatMap((change) =>
    change.migrations.map((plan) => {
      const statements = emitMigration(plan, options).sql.up.map((statement) => statement.replace(/;\s*$/, ""));
      const body = statements.map((statement) => `${statement};`).join("\n");
      return plan.transaction ? `BEGIN;\n${body}\nCOMMIT;` : body;
    }),
  );
}

/**
 * Builds `schema` on a fresh embedded PostgreSQL and reads it back as IR. A statement PostgreSQL
 * refuses is a CliError with PostgreSQL's words (the declarations cannot be what a database has).
 *
 * @example
 * const built = await buildEmbedded(snapshot, config);
 * compareSchemas(built, live) // [] when the live database matches the declarations
 */
export async function buildEmbedded(schema: SchemaIR, config: Pick<ResolvedConfig, "sequelize" | "migrations">): Promise<SchemaIR> {
  const db: Database = await openEmbedded();
  try {
    await db.run(tenantRootDdl(schema.tenant));
    for (const script of schemaScripts(schema, config)) {
      try {
        await db.run(script);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new CliError([{ file: null, line: null, message: `the declarations do not build on the embedded PostgreSQL: ${reason}` }], 1);
      }
    }
    const { tenant } = schema;
    return catalogToIR(await readCatalog(db.run), { tenant, naming: schema.naming }).schema;
  } finally {
    await db.close();
  }
}
