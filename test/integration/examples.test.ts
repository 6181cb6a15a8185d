/**
 * The proof on a real PostgreSQL, for every bundled example: emit them as a user would (CLI, config,
 * schema files), then run the emitted migrations through umzug:
 *   up → the live catalog equals the catalog the IR demands, exactly;
 *   down, one migration at a time → each step equals the schema before that migration, exactly;
 *   up again → equal again;
 * then compile the emitted models (tsc --strict) and use them on the migrated database, without sync()
 * and with the runtime guard they install (from this checkout's dist/: build first);
 * and apply the docs' UP SQL to an empty database → the same catalog as the migrations.
 * Runs on the embedded PostgreSQL by default, on DATABASE_URL when it is set.
 */
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { parseJournal, parseSnapshot } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { expectedCatalog } from "../support/expected.js";
import { introspect } from "../support/introspect.js";
import { migrator } from "../support/migrate.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";
import { assertBuildIsFresh } from "../cli/project.js";
import { createWorkspace, runTsc, writeSources } from "../emitters/model/harness.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/schema", import.meta.url));

/** The two naming profiles change every table and column name, so both are proven. */
const PROFILES = [
  { naming: "snake_case", language: "pt" },
  { naming: "sequelize", language: "en" },
] as const;

/** The ```sql blocks under the "UP" headings of a schema-change doc, one per migration, in order. */
function upSql(doc: string): string[] {
  const blocks = [...doc.matchAll(/^#### UP\s*\n+```sql\n([\s\S]*?)\n```/gm)].map((match) => match[1] ?? "");
  if (blocks.length === 0) throw new Error(`no UP SQL block in doc:\n${doc.slice(0, 500)}`);
  return blocks;
}

/** The schema restricted to the tables the first `count` journal entries created. */
function schemaAfter(schema: SchemaIR, tablesPerEntry: string[][], count: number): SchemaIR {
  const keys = new Set(tablesPerEntry.slice(0, count).flat());
  return { ...schema, tables: schema.tables.filter((table) => keys.has(table.key)) };
}

describe.each(PROFILES)("examples, naming $naming", ({ naming, language }) => {
  let project: TempDir;
  let db: TestDatabase;
  let schema: SchemaIR;
  let entries: { migration: string; doc: string; tables: string[] }[];
  const exclude = (s: SchemaIR) => [s.tenant.tableName, "SequelizeMeta"];

  beforeAll(async () => {
    await assertBuildIsFresh();
    project = await makeTempDir(`examples-${naming}`);
    await cp(EXAMPLES, join(project.path, "schema"), { recursive: true });
    await writeFile(
      join(project.path, "tenant-schema.config.ts"),
      `import { defineConfig } from "tenant-schema";\nexport default defineConfig({ naming: "${naming}", docs: { language: "${language}" } });\n`,
    );
    const report = await runEmit({ cwd: project.path, now: "20261125090000", mode: "write" });
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(0);
    const state = join(project.path, "backend/src/database/tenant-schema");
    const snapshotFile = join(state, "snapshot.json");
    const journalFile = join(state, "journal.json");
    schema = parseSnapshot(await readFile(snapshotFile, "utf8"), snapshotFile);
    entries = parseJournal(await readFile(journalFile, "utf8"), journalFile).entries;
    db = await openTestDatabase();
    await createTenantRoot(db, schema.tenant);
  });

  afterAll(async () => {
    await db?.close();
    await project?.remove();
  });

  it("emits one migration per feature, covering every table", () => {
    expect(entries.length).toBe(new Set(schema.tables.map((table) => table.feature)).size);
    expect(entries.flatMap((entry) => entry.tables).sort()).toEqual(schema.tables.map((table) => table.key).sort());
  });

  it("up, down step by step and up again leave exactly the declared schema each time", async () => {
    const runner = migrator(db.sequelize, join(project.path, "backend/src/database/migrations"));
    const empty = await introspect(db, { exclude: exclude(schema) });
    expect(empty.tables).toEqual([]);

    await runner.up();
    expect(await runner.executed()).toEqual(entries.map((entry) => entry.migration.split("/").pop()));
    const full = await introspect(db, { exclude: exclude(schema) });
    expect(full).toEqual(await expectedCatalog(schema, db));
    expect(full.tables.length).toBe(schema.tables.length);

    const tablesPerEntry = entries.map((entry) => entry.tables);
    for (let remaining = entries.length - 1; remaining >= 0; remaining--) {
      await runner.down({ step: 1 });
      const expected = await expectedCatalog(schemaAfter(schema, tablesPerEntry, remaining), db);
      expect(await introspect(db, { exclude: exclude(schema) })).toEqual(expected);
    }
    expect(await introspect(db, { exclude: exclude(schema) })).toEqual(empty);

    await runner.up();
    expect(await introspect(db, { exclude: exclude(schema) })).toEqual(full);
  });

  it("new tables give createdAt/updatedAt the default now(): a raw INSERT need not name them", async () => {
    await migrator(db.sequelize, join(project.path, "backend/src/database/migrations")).up();
    const tags = schema.tables.find((table) => table.key === "tags")!;
    const field = (name: string) => tags.columns.find((column) => column.name === name)!.field;
    const [tenant] = await db.query<{ id: number }>(`INSERT INTO "${schema.tenant.tableName}" ("name") VALUES ('Raw') RETURNING "id"`);
    const [row] = await db.query<Record<string, unknown>>(
      `INSERT INTO "${tags.tableName}" ("${field("companyId")}", "${field("name")}") VALUES (${tenant!.id}, 'raw') RETURNING "${field("createdAt")}" AS c, "${field("updatedAt")}" AS u`,
    );
    expect(row).toEqual({ c: expect.any(Date), u: expect.any(Date) });
    await db.query(`DELETE FROM "${tags.tableName}"`);
    await db.query(`DELETE FROM "${schema.tenant.tableName}" WHERE "id" = ${tenant!.id}`);
  });

  it("the docs' UP SQL, applied to an empty database, builds the same schema as the migrations", async () => {
    const fresh = await openTestDatabase();
    try {
      await createTenantRoot(fresh, schema.tenant);
      for (const entry of entries) {
        for (const sql of upSql(await readFile(join(project.path, entry.doc), "utf8"))) await fresh.query(sql);
      }
      expect(await introspect(fresh, { exclude: exclude(schema) })).toEqual(await expectedCatalog(schema, fresh));
    } finally {
      await fresh.close();
    }
  });

  it("the emitted models compile and work on the migrated database", async () => {
    await migrator(db.sequelize, join(project.path, "backend/src/database/migrations")).up();
    const modelsDir = join(project.path, "backend/src/models");
    const files = await Promise.all(
      (await readdir(modelsDir)).map(async (path) => ({ path, contents: await readFile(join(modelsDir, path), "utf8") })),
    );
    const workspace = createWorkspace(6);
    try {
      writeSources(workspace, files);
      const compiled = await runTsc(workspace, true);
      expect(compiled.output).toBe("");
      expect(compiled.status).toBe(0);
      await useModels(workspace.require, join(workspace.dir, "out/index.js"), db.url, schema);
    } finally {
      workspace.cleanup();
    }
  });
});

/* The compiled models are loaded with require, so they are untyped here. */
/* eslint-disable @typescript-eslint/no-explicit-any */
async function useModels(load: NodeRequire, index: string, url: string, schema: SchemaIR): Promise<void> {
  const { Sequelize } = load("sequelize-typescript") as any;
  const { tenantContext } = load("tenant-schema") as any;
  const { models, User, Notification, Ticket, Tag, PaymentTransaction } = load(index) as any;
  const sequelize = new Sequelize(url, { logging: false, pool: { max: 1 }, models });
  try {
    const [[company]] = (await sequelize.query(
      `INSERT INTO "${schema.tenant.tableName}" (name) VALUES ('Acme') RETURNING id`,
    )) as any;
    const companyId = company.id as number;
    // The models install the runtime guard (isolation.guard is on by default): a call that names
    // no tenant is refused, so the work below runs in the tenant's context, as a request would.
    await expect(Notification.findAll()).rejects.toMatchObject({ name: "TenantIsolationError", code: "TENANT_MISSING" });
    await tenantContext.run(companyId, () => useTenantModels(companyId, { User, Notification, Ticket, Tag, PaymentTransaction }));
  } finally {
    await sequelize.close();
  }
}

/** What a request of tenant `companyId` does with the models, inside its tenant context. */
async function useTenantModels(companyId: number, { User, Notification, Ticket, Tag, PaymentTransaction }: Record<string, any>): Promise<void> {
  const user = await User.create({ companyId, name: "Ana", email: "ana@acme.test" });
  expect(user.role).toBe("agent");

  const notification = await Notification.create({ companyId, userId: user.id, title: "Welcome" });
  const found = await Notification.findOne({ where: { companyId, status: "unread" }, include: [{ model: User, as: "user" }] });
  expect(found.user.email).toBe("ana@acme.test");
  await expect(Notification.create({ companyId, userId: user.id, title: "x", status: "archived" })).rejects.toThrow();

  await notification.destroy();
  expect(await Notification.findByPk(notification.id)).toBeNull();
  expect((await Notification.findByPk(notification.id, { paranoid: false })).deletedAt).toBeInstanceOf(Date);

  const ticket = await Ticket.create({ companyId, subject: "Printer on fire", assigneeId: user.id });
  const tag = await Tag.create({ companyId, name: "urgent" });
  await ticket.$add("tags", tag, { through: { companyId } });
  expect((await ticket.$get("tags")).map((t: any) => t.name)).toEqual(["urgent"]);

  const payment = await PaymentTransaction.create({
    companyId,
    userId: user.id,
    amount: "19.90",
    provider: "stripe",
    idempotencyKey: "order-1",
  });
  expect((await PaymentTransaction.findByPk(payment.id)).amount).toBe("19.90");
  // The idempotency key is unique per tenant: the same key twice in one tenant is refused.
  await expect(
    PaymentTransaction.create({ companyId, userId: user.id, amount: "1.00", provider: "stripe", idempotencyKey: "order-1" }),
  ).rejects.toThrow();
}
