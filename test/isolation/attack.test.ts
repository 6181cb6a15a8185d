/**
 * Proof by attack (issue 9 item 5) of the bundled examples as their emitted migrations build them
 * (composite keys, immutable tenant and RLS on, from the examples' config) and as their emitted
 * models use them, with two tenants' data in every tenant table. Every attack is counted by the
 * layer it tests, alone: the database keys through SQL as a role that bypasses row-level security
 * and through the models; the guard through the emitted example models (compiled as committed:
 * they install it themselves, nothing here does) on a connection that bypasses RLS; the RLS
 * policies through plain SQL as the application role. Each layer is attacked on every tenant
 * table of every example and every reference between them (foreign key, junction,
 * self-reference). 0 attacks may succeed, the data must be byte-for-byte the same afterwards, and
 * every legitimate same-tenant operation must still work.
 *
 * PGlite has no roles (everything runs as its superuser, which bypasses RLS), so the RLS attacks
 * are registered only when DATABASE_URL points at a real server (CI runs both); without it the
 * file says so in its output instead of pretending.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantIsolationError } from "../../src/index.js";
import { assertBuildIsFresh } from "../cli/project.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import {
  compileExampleModels,
  EXAMPLE_TENANT_TABLES,
  EXAMPLES_FINGERPRINT_SQL,
  EXAMPLES_SEED_SQL,
  migrateExamples,
  type ExampleModels,
  type SequelizeLike,
} from "./examples-schema.js";

const serverUrl = process.env.DATABASE_URL;
type Layer = "database keys" | "row-level security" | "guard" | "withTenant";
const LAYERS: readonly Layer[] = ["database keys", "row-level security", "guard", "withTenant"];
interface Outcome {
  layer: Layer;
  attack: string;
  refused: boolean;
  how: string;
}
const outcomes: Outcome[] = [];

/** Runs one attack; `verdict` says whether what came back is a refusal (and how), or a success. */
async function attack(layer: Layer, name: string, run: () => Promise<unknown>, verdict: (result: { error?: unknown; value?: unknown }) => string | null) {
  let result: { error?: unknown; value?: unknown };
  try {
    result = { value: await run() };
  } catch (error) {
    result = { error };
  }
  const how = verdict(result);
  outcomes.push({ layer, attack: name, refused: how !== null, how: how ?? `SUCCEEDED: ${describeResult(result)}` });
}

function describeResult(result: { error?: unknown; value?: unknown }): string {
  if (result.error !== undefined) {
    const error = result.error as { message?: string; code?: string; original?: { code?: string; message?: string } };
    return `error ${error.code ?? error.original?.code ?? ""} ${error.original?.message ?? error.message}`;
  }
  return JSON.stringify(result.value, (_key, value) => (typeof value === "bigint" ? String(value) : value))?.slice(0, 200) ?? "undefined";
}

/** Refused when PostgreSQL raised `sqlstate` (an unexpected error is not a refusal: the test must say why). */
const sqlstate = (expected: string | readonly string[], label: string) => (result: { error?: unknown }) => {
  const error = result.error as { code?: string; original?: { code?: string } } | undefined;
  const actual = error?.code ?? error?.original?.code;
  return actual !== undefined && [expected].flat().includes(actual) ? `${label} (${actual})` : null;
};
/** Refused when nothing of the other tenant came back or was touched. */
const nothing = (label: string) => (result: { error?: unknown; value?: unknown }) => {
  if (result.error !== undefined) return null;
  const value = result.value as { rowCount?: number | null; rows?: unknown[] } | unknown[] | number | null;
  if (value === null || value === 0) return label;
  if (Array.isArray(value)) return value.length === 0 ? label : null;
  if (typeof value === "object" && value !== null && "rowCount" in value) return value.rowCount === 0 ? label : null;
  return null;
};
/** Refused when the runtime threw its TenantIsolationError of `expected` code (`code`: the way that works across package copies). */
const runtime = (expected: TenantIsolationError["code"]) => (result: { error?: unknown }) => {
  const error = result.error as { name?: string; code?: string } | undefined;
  return error?.name === "TenantIsolationError" && error.code === expected ? expected : null;
};

/** A reference between two tenant tables, as the catalog has it. */
interface Reference {
  table: string;
  column: string;
  target: string;
}

/** A real change to a row of each example table (bulk update of `updatedAt` alone changes nothing). */
const CHANGE: Record<string, Record<string, unknown>> = {
  audit_logs: { action: "ticket.reopen" },
  notifications: { title: "Changed" },
  payment_transactions: { providerStatus: "refunded" },
  tags: { color: "#000000" },
  // The junction's only own columns are its references; createdAt is a real column Sequelize leaves to the caller here.
  ticket_tags: { createdAt: new Date("2001-01-01T00:00:00Z") },
  tickets: { status: "closed" },
  users: { name: "Changed" },
  webhook_deliveries: { attempts: 9 },
  webhook_endpoints: { active: false },
};

/**
 * What a new row of each example table needs, valid in tenant 1 (it references tenant 1's rows of
 * EXAMPLES_SEED_SQL); the tenant itself comes from the context.
 */
const CREATE: Record<string, Record<string, unknown>> = {
  audit_logs: { action: "ticket.open", entityType: "ticket", entityId: "2", userId: 2 },
  notifications: { title: "Hello", userId: 2 },
  payment_transactions: { amount: "5.00", provider: "stripe", idempotencyKey: "order-new" },
  tags: { name: "billing" },
  ticket_tags: { ticketId: 2, tagId: 1 },
  tickets: { subject: "New one" },
  users: { name: "Eve", email: "eve@acme.test" },
  webhook_deliveries: { payload: { event: "ticket.opened" }, webhookEndpointId: 1 },
  webhook_endpoints: { url: "https://acme.test/other", secret: "s3" },
};

describe("tenant isolation under attack", () => {
  let db: TestDatabase;
  let compiled: ExampleModels;
  let sequelize: SequelizeLike;
  let M: Record<string, any>;
  let R: ExampleModels["runtime"];
  let roles: { owner: string; app: string } | undefined;
  let appClient: pg.Client | undefined;
  let seedFingerprint: unknown;
  /** The tenant tables as the catalog has them, and the references between them. */
  let tenantTables: string[];
  let references: Reference[];
  /** Each tenant table's model, from the examples' `models` array. */
  const modelOf = (table: string) => {
    const model = M.models.find((candidate: any) => candidate.getTableName() === table);
    if (model === undefined) throw new Error(`no example model for ${table}`);
    return model;
  };
  /** The attribute of a table's model on `column`. */
  const attributeOf = (table: string, column: string) => {
    const found = Object.entries(modelOf(table).rawAttributes as Record<string, { field?: string }>).find(([, attribute]) => attribute.field === column);
    if (found === undefined) throw new Error(`no attribute on ${table}.${column}`);
    return found[0];
  };
  /** The first row of `table` of `companyId`, by SQL. */
  const rowOf = async (table: string, companyId: number) => (await db.query<{ id: number }>(`SELECT min(id) AS id FROM "${table}" WHERE company_id = ${companyId}`))[0]!.id;

  beforeAll(async () => {
    await assertBuildIsFresh(); // the models import the guard from this checkout's dist/
    db = await openTestDatabase();
    let modelsUrl = db.url;
    if (serverUrl !== undefined) {
      // The roles of the README: the owner runs migrations (and bypasses RLS so backfills see
      // every tenant); the application role owns nothing and is subject to every policy.
      const suffix = db.url.split("/").pop()!.slice(-12);
      roles = { owner: `ts_owner_${suffix}`, app: `ts_app_${suffix}` };
      await db.query(`CREATE ROLE "${roles.owner}" LOGIN BYPASSRLS; CREATE ROLE "${roles.app}" LOGIN NOBYPASSRLS;
        GRANT CREATE, USAGE ON SCHEMA public TO "${roles.owner}"`);
      // Migrations run as the owner, as the README says.
      await migrateExamples(withUser(db.url, roles.owner));
      await db.query(`SET ROLE "${roles.owner}"; ${EXAMPLES_SEED_SQL};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${roles.app}";
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${roles.app}"; RESET ROLE`);
      modelsUrl = withUser(db.url, roles.owner);
      appClient = new pg.Client({ connectionString: withUser(db.url, roles.app) });
      await appClient.connect();
    } else {
      await migrateExamples(db.url);
      await db.query(EXAMPLES_SEED_SQL);
    }
    compiled = await compileExampleModels();
    M = compiled.module;
    R = compiled.runtime;
    sequelize = new compiled.sequelizeTypescript.Sequelize(modelsUrl, { dialect: "postgres", logging: false, models: M.models, pool: { max: 1 } });
    seedFingerprint = await db.query(EXAMPLES_FINGERPRINT_SQL);
    tenantTables = (
      await db.query<{ table: string }>(
        `SELECT table_name::text AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'company_id' ORDER BY 1`,
      )
    ).map((row) => row.table);
    // Every foreign key from a tenant table to a tenant table, composite or not: each is attacked.
    references = await db.query<Reference>(`
      SELECT c.conrelid::regclass::text AS table, a.attname::text AS column, c.confrelid::regclass::text AS target
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND a.attname <> 'company_id'
        AND c.confrelid::regclass::text IN (${tenantTables.map((table) => `'${table}'`).join(", ")})
      ORDER BY 1, 2`);
  });

  afterAll(async () => {
    const count = (layer: Layer) => outcomes.filter((outcome) => outcome.layer === layer);
    const lines = [
      `tenant isolation attacks on ${serverUrl !== undefined ? "the PostgreSQL server (DATABASE_URL)" : "the embedded PostgreSQL (PGlite)"}: ` +
        `${outcomes.length} attempts, ${outcomes.filter((o) => o.refused).length} refused, ${outcomes.filter((o) => !o.refused).length} succeeded`,
      ...LAYERS.map((layer) =>
        layer === "row-level security" && serverUrl === undefined
          ? `  ${layer}: not run here: PGlite has no roles; these attacks run on the real server only (DATABASE_URL set, as in CI)`
          : `  ${layer}: ${count(layer).filter((o) => o.refused).length}/${count(layer).length} refused`,
      ),
      ...outcomes.filter((o) => !o.refused).map((o) => `  SUCCEEDED [${o.layer}] ${o.attack}: ${o.how}`),
    ];
    console.log(lines.join("\n"));
    await appClient?.end();
    await sequelize?.close();
    await db?.close();
    compiled?.workspace.cleanup();
    if (roles !== undefined) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS "${roles.owner}"; DROP ROLE IF EXISTS "${roles.app}"`);
      await admin.end();
    }
  });

  /** SQL as a role that bypasses RLS (superuser on PGlite, the owner on a server): layer 1 alone. */
  const asOwner = (text: string) => (serverUrl !== undefined ? db.query(`SET ROLE "${roles!.owner}"; ${text}; RESET ROLE`) : db.query(text));
  const in1 = <T>(fn: () => Promise<T>) => R.tenantContext.run(1, fn);

  it("attacks every tenant table of every example, and every reference between them", () => {
    expect(tenantTables).toEqual([...EXAMPLE_TENANT_TABLES]);
    // Each has a model in the emitted `models` (and no test code guards it: the model files do).
    expect(tenantTables.map((table) => modelOf(table).name).sort()).toEqual(M.models.map((model: any) => model.name).sort());
    // The references of examples/schema: belongsTo (to users, to webhook endpoints), the ticket-tag junction, the manager self-reference.
    expect(references.map((r) => `${r.table}.${r.column} -> ${r.target}`)).toEqual([
      "audit_logs.user_id -> users",
      "notifications.user_id -> users",
      "payment_transactions.user_id -> users",
      "ticket_tags.tag_id -> tags",
      "ticket_tags.ticket_id -> tickets",
      "tickets.assignee_id -> users",
      "users.manager_id -> users",
      "webhook_deliveries.webhook_endpoint_id -> webhook_endpoints",
    ]);
  });

  it("layer 1, the database keys: no reference to another tenant's row, no tenant change", async () => {
    const keys = (name: string, text: string, expected: string | string[], label: string) =>
      attack("database keys", name, () => asOwner(text), sqlstate(expected, label));
    const fk = "composite foreign key";
    for (const { table, column, target } of references) {
      const own = await rowOf(table, 1);
      const foreign = await rowOf(target, 2);
      await keys(`point ${table}.${column} of tenant 1 at ${target} ${foreign} of tenant 2`, `UPDATE "${table}" SET "${column}" = ${foreign} WHERE id = ${own}`, "23503", fk);
    }
    await keys("insert a ticket assigned to another tenant's user", `INSERT INTO tickets (company_id, subject, assignee_id, created_at, updated_at) VALUES (1, 'x', 3, now(), now())`, "23503", fk);
    await keys("link a ticket to another tenant's tag (junction)", `INSERT INTO ticket_tags (company_id, ticket_id, tag_id, created_at, updated_at) VALUES (1, 1, 2, now(), now())`, "23503", fk);
    await keys("link another tenant's ticket (junction)", `INSERT INTO ticket_tags (company_id, ticket_id, tag_id, created_at, updated_at) VALUES (1, 3, 1, now(), now())`, "23503", fk);
    await keys("junction row of a third tenant linking a tenant's rows", `INSERT INTO ticket_tags (company_id, ticket_id, tag_id, created_at, updated_at) VALUES (2, 2, 1, now(), now())`, "23503", fk);
    // To tenant 3, which has no rows (no per-tenant unique key collides). A referenced or
    // referencing row: the composite keys may refuse the move before the trigger does.
    for (const table of tenantTables) {
      await keys(`move a row of ${table} to another tenant`, `UPDATE "${table}" SET company_id = 3 WHERE id = ${await rowOf(table, 1)}`, ["23000", "23503"], "immutable tenant trigger or composite keys");
    }
    await keys("move a referenced user (and clear its manager) to another tenant", `UPDATE users SET company_id = 3, manager_id = NULL WHERE id = 2`, ["23503", "23000"], "composite keys or immutable tenant trigger");
  });

  it("layer 3, the guard (and layer 1 under it): the emitted models refuse what crosses or forgets the tenant", async () => {
    const { ALL_TENANTS } = R;
    const guard = (name: string, run: () => Promise<unknown>, verdict: Parameters<typeof attack>[3]) => attack("guard", name, run, verdict);
    for (const table of tenantTables) {
      const Model = modelOf(table);
      const name = Model.name as string;
      const ownId = await rowOf(table, 1);
      const foreignId = await rowOf(table, 2);
      const foreign = await Model.findByPk(foreignId, { tenantScope: ALL_TENANTS });
      await guard(`${name}: read without any tenant filter or context`, () => Model.findAll(), runtime("TENANT_MISSING"));
      await guard(`${name}: count without a tenant`, () => Model.count(), runtime("TENANT_MISSING"));
      await guard(`${name}: read another tenant by where, inside a tenant context`, () => in1(() => Model.findAll({ where: { companyId: 2 } })), runtime("TENANT_MISMATCH"));
      await guard(`${name}: read another tenant's row by id, inside a context`, () => in1(() => Model.findByPk(foreignId)), nothing("not found: the context's tenant was added"));
      await guard(`${name}: update another tenant's row by id`, () => in1(() => Model.update(CHANGE[table], { where: { id: foreignId } })).then((result: unknown) => (result as [number])[0]), nothing("0 rows: tenant added"));
      await guard(`${name}: update another tenant's loaded instance`, () => in1(() => foreign.update(CHANGE[table])), runtime("TENANT_MISMATCH"));
      await guard(`${name}: delete another tenant's row by id`, () => in1(() => Model.destroy({ where: { id: foreignId } })), nothing("0 rows: tenant added"));
      await guard(`${name}: delete another tenant's loaded instance`, () => in1(() => foreign.destroy()), runtime("TENANT_MISMATCH"));
      await guard(`${name}: delete by id without a tenant`, () => Model.destroy({ where: { id: foreignId } }), runtime("TENANT_MISSING"));
      await guard(`${name}: create a row in another tenant from a context`, () => in1(() => Model.create({ ...CREATE[table], companyId: 2 })), runtime("TENANT_MISMATCH"));
      await guard(`${name}: create a row with no tenant at all`, () => Model.create({ ...CREATE[table] }), runtime("TENANT_MISSING"));
      await guard(`${name}: move an own row to another tenant`, async () => in1(async () => (await Model.findByPk(ownId)).update({ companyId: 2 })), runtime("TENANT_CHANGE"));
      await guard(`${name}: move own rows in bulk`, () => Model.update({ companyId: 2 }, { where: { companyId: 1 } }), runtime("TENANT_CHANGE"));
    }
    const { Ticket, Tag } = M;
    await guard("Ticket: sum over every tenant", () => Ticket.sum("id"), runtime("TENANT_MISSING"));
    await guard("Ticket: read another tenant's ticket with its tags (an include), inside a context", () => in1(() => Ticket.findAll({ where: { id: 3 }, include: ["tags"] })), nothing("none: tenant added"));
    // References: the guard does not look rows up; the composite keys refuse them under it.
    const fk = sqlstate("23503", "composite foreign key, through the models");
    for (const { table, column, target } of references) {
      const attribute = attributeOf(table, column);
      const foreign = await rowOf(target, 2);
      await attack("database keys", `models: create ${modelOf(table).name} with ${attribute} of tenant 2`, () => in1(() => modelOf(table).create({ ...CREATE[table], [attribute]: foreign })), fk);
      await attack("database keys", `models: set ${modelOf(table).name}.${attribute} to tenant 2's ${target}`, async () => {
        const row = await in1(async () => modelOf(table).findByPk(await rowOf(table, 1)));
        return in1(() => row.update({ [attribute]: foreign }));
      }, fk);
    }
    const ownTicket = await Ticket.findOne({ where: { companyId: 1, id: 2 } });
    const foreignTag = await Tag.findByPk(2, { tenantScope: ALL_TENANTS });
    await attack("database keys", "models: link another tenant's tag (belongsToMany add)", () => in1(() => ownTicket.$add("tags", foreignTag)), fk);
    // The tenant switched under a unit of work by raw SQL: withTenant rolls it back.
    await attack(
      "withTenant",
      "switch app.company_id to another tenant mid-transaction, then write",
      () =>
        R.withTenant(sequelize as any, 1, async (transaction: any) => {
          await sequelize.query("SELECT set_config('app.company_id', '2', true)", { transaction });
          await M.TicketTag.create({ companyId: 1, ticketId: 2, tagId: 1 }, { transaction });
          await sequelize.query(`UPDATE tickets SET status = 'closed' WHERE id = 3`, { transaction });
        }),
      runtime("TENANT_SETTING_CHANGED"),
    );
    await attack("withTenant", "open another tenant's unit of work inside one", () => R.withTenant(sequelize as any, 1, () => R.withTenant(sequelize as any, 2, () => Ticket.findAll())), runtime("TENANT_MISMATCH"));
  });

  if (serverUrl !== undefined) {
    it("layer 2, row-level security: plain SQL as the application role", async () => {
      const app = appClient!;
      /** One transaction as the app role: the tenant set as withTenant sets it, or not at all. */
      const asApp = async (tenant: number | null, ...statements: string[]) => {
        await app.query("BEGIN");
        try {
          if (tenant !== null) await app.query("SELECT set_config('app.company_id', $1, true)", [String(tenant)]);
          let last: pg.QueryResult | undefined;
          for (const statement of statements) last = await app.query(statement);
          await app.query("COMMIT");
          return last!;
        } catch (error) {
          await app.query("ROLLBACK");
          throw error;
        }
      };
      const rls = (name: string, run: () => Promise<unknown>, verdict: Parameters<typeof attack>[3]) => attack("row-level security", name, run, verdict);
      const none = nothing("no row: the policy hides it");
      const check = sqlstate("42501", "policy WITH CHECK");
      for (const table of tenantTables) {
        await rls(`read ${table} of another tenant by its tenant column`, () => asApp(1, `SELECT * FROM ${table} WHERE company_id = 2`), none);
        await rls(`read ${table} with no tenant filter: another tenant's rows`, () => asApp(1, `SELECT * FROM ${table}`).then((r) => r.rows.filter((row) => row.company_id !== 1)), none);
        await rls(`update ${table} of another tenant`, () => asApp(1, `UPDATE ${table} SET updated_at = now() WHERE company_id = 2`), none);
        await rls(`delete ${table} of another tenant`, () => asApp(1, `DELETE FROM ${table} WHERE company_id = 2`), none);
        await rls(`read ${table} having forgotten SET LOCAL`, () => asApp(null, `SELECT * FROM ${table}`), none);
        await rls(`delete ${table} having forgotten SET LOCAL`, () => asApp(null, `DELETE FROM ${table}`), none);
      }
      await rls("insert a row into another tenant", () => asApp(1, `INSERT INTO tags (company_id, name, created_at, updated_at) VALUES (2, 'planted', now(), now())`), check);
      await rls("insert having forgotten SET LOCAL", () => asApp(null, `INSERT INTO tags (company_id, name, created_at, updated_at) VALUES (1, 'planted', now(), now())`), check);
      await rls("move an own ticket to another tenant", () => asApp(1, `UPDATE tickets SET company_id = 2 WHERE id = 2`), check);
      await rls("read another tenant by id through a join", () => asApp(1, `SELECT t.* FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.id = 4`), none);
      // Mid-transaction: the rows written as tenant 1 are out of reach once the setting says 2.
      await rls(
        "switch the tenant mid-transaction and touch the first tenant's rows",
        () =>
          asApp(
            1,
            `INSERT INTO tags (id, company_id, name, created_at, updated_at) VALUES (900, 1, 'mine', now(), now())`,
            `SELECT set_config('app.company_id', '2', true)`,
            `UPDATE tags SET name = 'stolen' WHERE id IN (1, 900) OR company_id = 1`,
          ).finally(() => db.query(`DELETE FROM tags WHERE id = 900`)),
        none,
      );
      await rls("SET LOCAL outside a transaction (it lasts one statement), then read", async () => {
        await app.query("SELECT set_config('app.company_id', '2', true)");
        return app.query(`SELECT * FROM tickets`);
      }, none);
      await rls("turn row-level security off for the session", () => asApp(1, `SET LOCAL row_security = off`, `SELECT * FROM tickets`), sqlstate("42501", "row_security = off refused"));
      await rls("disable row-level security on the table", () => asApp(1, `ALTER TABLE tickets DISABLE ROW LEVEL SECURITY`), sqlstate("42501", "not the owner"));
      await rls("drop the policy", () => asApp(1, `DROP POLICY "tickets_tenant_isolation" ON tickets`), sqlstate("42501", "not the owner"));
      await rls("become the owner", () => asApp(1, `SET ROLE "${roles!.owner}"`), sqlstate("42501", "not a member"));
      await rls("drop the immutable-tenant trigger", () => asApp(1, `DROP TRIGGER "tickets_company_id_immutable" ON tickets`), sqlstate("42501", "not the owner"));
      // FORCE: the owner itself, were it to lose BYPASSRLS (or the app to connect as it), sees no tenant's rows.
      await db.query(`ALTER ROLE "${roles!.owner}" NOBYPASSRLS`);
      try {
        await rls("the owner without BYPASSRLS and without a tenant (FORCE ROW LEVEL SECURITY)", () => asOwner(`SELECT * FROM tickets`), none);
      } finally {
        await db.query(`RESET ROLE; ALTER ROLE "${roles!.owner}" BYPASSRLS`);
      }
    });
  }

  it("no attack succeeded, and the data is exactly the seed", async () => {
    expect(outcomes.filter((outcome) => !outcome.refused)).toEqual([]);
    expect(await db.query(EXAMPLES_FINGERPRINT_SQL)).toEqual(seedFingerprint);
    // 13 per tenant table and 2 more; 6 per table and 12 more; per reference one by SQL, two through the models.
    const tables = EXAMPLE_TENANT_TABLES.length;
    expect(outcomes.filter((o) => o.layer === "guard").length).toBe(13 * tables + 2);
    expect(outcomes.filter((o) => o.layer === "row-level security").length).toBe(serverUrl !== undefined ? 6 * tables + 12 : 0);
    expect(outcomes.filter((o) => o.layer === "database keys").length).toBe(3 * 8 + 4 + tables + 1 + 1);
    expect(outcomes.filter((o) => o.layer === "withTenant").length).toBe(2);
  });

  it("every legitimate same-tenant operation works through every emitted tenant model", async () => {
    for (const table of tenantTables) {
      const Model = modelOf(table);
      const visible = (await db.query<{ id: number }>(`SELECT id FROM "${table}" WHERE company_id = 1 ${"deletedAt" in Model.rawAttributes ? "AND deleted_at IS NULL" : ""} ORDER BY id`)).map((row) => row.id);
      const result = await in1(async () => {
        const listed = await Model.findAll({ order: [["id", "ASC"]] });
        const counted = await Model.count();
        const created = await Model.create({ ...CREATE[table] });
        await created.update(CHANGE[table]);
        const [updated] = await Model.update(CHANGE[table], { where: { id: created.id } });
        const found = await Model.findByPk(created.id);
        await found.destroy();
        return { listed: listed.map((row: any) => row.id), counted, id: created.id as number, updated, foundCompany: found.companyId };
      });
      expect(result.listed, table).toEqual(visible);
      expect(result.counted, table).toBe(visible.length);
      expect(result.updated, table).toBe(1);
      expect(result.foundCompany, table).toBe(1);
      // Filled in from the context, written, then deleted (soft on paranoid tables).
      const stored = await db.query<{ company_id: number; gone: boolean }>(
        `SELECT company_id, ${"deletedAt" in Model.rawAttributes ? "deleted_at IS NOT NULL" : "false"} AS gone FROM "${table}" WHERE id = ${result.id}`,
      );
      expect(stored, table).toEqual("deletedAt" in Model.rawAttributes ? [{ company_id: 1, gone: true }] : []);
    }
  });

  it("every legitimate same-tenant operation still works: associations, the references' ON DELETE, plain SQL as the application role", async () => {
    const { Ticket, User, Tag } = M;
    // Through the models, in tenant 1's context.
    const made = await in1(async () => {
      const ticket = await Ticket.create({ subject: "Legit", assigneeId: 2 });
      await ticket.$add("tags", await Tag.findByPk(1));
      await (await User.findByPk(2)).update({ managerId: 1 });
      const listed = await Ticket.findAll({ include: ["assignee", "tags"], order: [["id", "ASC"]] });
      await Ticket.update({ status: "pending" }, { where: { id: ticket.id } });
      await (await Ticket.findByPk(2)).destroy();
      return { id: ticket.id as number, listed: listed.map((row: any) => [row.id, row.assignee?.id ?? null, row.tags.map((tag: any) => tag.id)]) };
    });
    expect(made.listed).toEqual([
      [1, 2, [1]],
      [2, null, []],
      [made.id, 2, [1]],
    ]);
    expect(await db.query(`SELECT company_id, status, assignee_id FROM tickets WHERE id = ${made.id}`)).toEqual([{ company_id: 1, status: "pending", assignee_id: 2 }]);
    // ON DELETE SET NULL (assignee_id): deleting company 2's user 4 nulls ticket 3's assignee, keeps its tenant.
    await asOwner(`DELETE FROM users WHERE id = 4`);
    expect(await db.query(`SELECT company_id, assignee_id FROM tickets WHERE id = 3`)).toEqual([{ company_id: 2, assignee_id: null }]);
    // And the self-reference: deleting manager 3 nulls nothing else (user 4 is gone); delete manager 1 of company 1 after re-pointing.
    await asOwner(`DELETE FROM users WHERE id = 1`);
    expect(await db.query(`SELECT company_id, manager_id FROM users WHERE id = 2`)).toEqual([{ company_id: 1, manager_id: null }]);
    // ON DELETE CASCADE through the junction's composite key.
    await asOwner(`DELETE FROM tickets WHERE id = 1`);
    expect(await db.query(`SELECT count(*)::int AS n FROM ticket_tags WHERE ticket_id = 1`)).toEqual([{ n: 0 }]);

    if (serverUrl !== undefined) {
      // Plain SQL as the application role, for tenant 2.
      const app = appClient!;
      await app.query("BEGIN");
      await app.query("SELECT set_config('app.company_id', '2', true)");
      const inserted = await app.query(`INSERT INTO tickets (company_id, subject, assignee_id, created_at, updated_at) VALUES (2, 'App SQL', 3, now(), now()) RETURNING id`);
      const id = inserted.rows[0].id as number;
      await app.query(`INSERT INTO ticket_tags (company_id, ticket_id, tag_id, created_at, updated_at) VALUES (2, ${id}, 2, now(), now())`);
      await app.query(`UPDATE tickets SET status = 'pending' WHERE id = ${id}`);
      const visible = await app.query(`SELECT id, company_id FROM tickets ORDER BY id`);
      await app.query(`DELETE FROM tickets WHERE id = 4`);
      await app.query("COMMIT");
      expect(visible.rows.map((row) => row.company_id)).toEqual(visible.rows.map(() => 2));
      expect(visible.rows.map((row) => row.id)).toEqual([3, 4, id]);
      expect(await db.query(`SELECT t.status, l.tag_id FROM tickets t JOIN ticket_tags l ON l.ticket_id = t.id WHERE t.id = ${id}`)).toEqual([{ status: "pending", tag_id: 2 }]);
      expect(await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = 4`)).toEqual([{ n: 0 }]);
      // withTenant on the application role: the guard and RLS together, one transaction.
      const viaApp = new compiled.sequelizeTypescript.Sequelize(withUser(db.url, roles!.app), { dialect: "postgres", logging: false, pool: { max: 2 } });
      try {
        const rows = await R.withTenant(viaApp as any, 2, (transaction: any) => viaApp.query(`SELECT DISTINCT company_id FROM tickets`, { type: "SELECT", transaction }));
        expect(rows).toEqual([{ company_id: 2 }]);
      } finally {
        await viaApp.close();
      }
    }
  });
});

function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = "";
  return parsed.toString();
}
