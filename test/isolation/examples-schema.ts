/**
 * What the attack tests attack: the bundled examples as their emitted migrations build them
 * (examples/backend/src/database/migrations, run with umzug as a user's runner does), with the
 * isolation layers the examples' config turns on (composite keys, immutable tenant, RLS), seeded
 * with two tenants; and the examples' emitted models (examples/backend/src/models), compiled as
 * committed, which install the runtime guard themselves.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Sequelize } from "sequelize";
import { createWorkspace, runTsc, writeSources, type Workspace } from "../emitters/model/harness.js";
import { migrator } from "../support/migrate.js";
import { SEED_SQL } from "./schema.js";

/** The examples' emitted migrations, in the repository. */
export const EXAMPLE_MIGRATIONS = fileURLToPath(new URL("../../examples/backend/src/database/migrations", import.meta.url));
/** The examples' emitted models, in the repository. */
export const EXAMPLE_MODELS = fileURLToPath(new URL("../../examples/backend/src/models", import.meta.url));

/** Every tenant table of every example (examples/schema/*.ts: each is a defineTenantTable). */
export const EXAMPLE_TENANT_TABLES: readonly string[] = [
  "audit_logs",
  "notifications",
  "payment_transactions",
  "tags",
  "ticket_tags",
  "tickets",
  "users",
  "webhook_deliveries",
  "webhook_endpoints",
];

/**
 * Creates the tenant root and runs every emitted migration of the examples on `url` (as whoever
 * `url` connects as: the owner role on a server).
 *
 * @example
 * await migrateExamples(db.url); // companies, users, tickets, ... with their keys, triggers and policies
 */
export async function migrateExamples(url: string): Promise<void> {
  const sequelize = new Sequelize(url, { dialect: "postgres", logging: false, pool: { max: 1 } });
  try {
    // The tenant root is the team's own table (tenant-schema references it, never creates it).
    await sequelize.query(`CREATE TABLE "companies" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL)`);
    await migrator(sequelize, EXAMPLE_MIGRATIONS).up();
  } finally {
    await sequelize.close();
  }
}

/**
 * Two tenants in every example table, with fixed ids so an attack can name the other tenant's rows:
 * SEED_SQL's users, tags, tickets and links (company 1: users 1-2, tickets 1-2, tag 1, link 1;
 * company 2: users 3-4, tickets 3-4, tag 2, link 2), and in each other table row 1 of company 1
 * (referencing user 2 / endpoint 1) and row 2 of company 2 (user 4 / endpoint 2). Company 3 has
 * no rows: a row moved there collides with no per-tenant unique key, so only isolation can refuse it.
 */
export const EXAMPLES_SEED_SQL = `${SEED_SQL}
  INSERT INTO companies (id, name) VALUES (3, 'Initech');
  INSERT INTO audit_logs (id, company_id, action, entity_type, entity_id, user_id, created_at, updated_at) VALUES
    (1, 1, 'ticket.close', 'ticket', 1, 2, now(), now()), (2, 2, 'ticket.close', 'ticket', 3, 4, now(), now());
  INSERT INTO notifications (id, company_id, title, user_id, created_at, updated_at) VALUES
    (1, 1, 'Welcome Bo', 2, now(), now()), (2, 2, 'Welcome Di', 4, now(), now());
  INSERT INTO payment_transactions (id, company_id, amount, provider, idempotency_key, user_id, created_at, updated_at) VALUES
    (1, 1, 10.00, 'stripe', 'order-1', 2, now(), now()), (2, 2, 20.00, 'stripe', 'order-1', 4, now(), now());
  INSERT INTO webhook_endpoints (id, company_id, url, secret, created_at, updated_at) VALUES
    (1, 1, 'https://acme.test/hook', 's1', now(), now()), (2, 2, 'https://globex.test/hook', 's2', now(), now());
  INSERT INTO webhook_deliveries (id, company_id, payload, webhook_endpoint_id, created_at, updated_at) VALUES
    (1, 1, '{"event":"ticket.closed"}', 1, now(), now()), (2, 2, '{"event":"ticket.closed"}', 2, now(), now());
  SELECT ${EXAMPLE_TENANT_TABLES.map((table) => `setval('${table}_id_seq', 100)`).join(", ")}
`;

/**
 * Every row of every example tenant table as text, read by the superuser: equal before and after
 * the attacks means no attack changed anything.
 */
export const EXAMPLES_FINGERPRINT_SQL = EXAMPLE_TENANT_TABLES.map(
  (table) => `SELECT '${table}' AS t, array_agg(r::text ORDER BY r.id) AS rows FROM "${table}" r`,
).join("\nUNION ALL ");

/** The examples' models compiled (Sequelize 6, CommonJS, as the examples' config emits them) and loaded. */
export interface ExampleModels {
  workspace: Workspace;
  /** sequelize-typescript (its `Sequelize` takes `{ models }`). */
  sequelizeTypescript: { Sequelize: new (url: string, options: object) => SequelizeLike };
  /** index.ts: `models` and each model by name. */
  module: Record<string, any> & { models: any[] };
  /** The package the models import the guard from (this checkout's dist/), as the application would import it. */
  runtime: typeof import("../../src/index.js");
}

/** The part of a Sequelize instance the tests use. */
export interface SequelizeLike {
  query(sql: string, options?: object): Promise<any>;
  transaction(options: object, callback: (transaction: any) => Promise<unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Compiles the committed example models with tsc --strict and loads them; nothing else touches
 * them, so the guard they have is the one their files install.
 *
 * @example
 * const { module: M, runtime } = await compileExampleModels(); // M.Ticket, runtime.tenantContext
 */
export async function compileExampleModels(): Promise<ExampleModels> {
  const files = await Promise.all(
    (await readdir(EXAMPLE_MODELS)).map(async (file) => ({ path: file, contents: await readFile(path.join(EXAMPLE_MODELS, file), "utf8") })),
  );
  const workspace = createWorkspace(6);
  writeSources(workspace, files);
  const result = await runTsc(workspace, true);
  if (result.status !== 0) {
    workspace.cleanup();
    throw new Error(`the example models do not compile:\n${result.output}`);
  }
  return {
    workspace,
    sequelizeTypescript: workspace.require("sequelize-typescript"),
    module: workspace.require(path.join(workspace.dir, "out/index.js")),
    runtime: workspace.require("tenant-schema"),
  };
}
