import { QueryTypes, Sequelize } from "sequelize";
import * as SequelizeModule from "sequelize";
import { format } from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createFeaturePlans, migrationOptions } from "./migration/plans.js";
import {
  catalogNames,
  compileMigrations,
  sequelize6Modules,
  startPostgres,
  statementsOf,
  type MigrationModule,
  type Postgres,
} from "./migration/support.js";

const schema = fixtureSchema();
const plans = createFeaturePlans(schema);
const emitted = plans.map((plan) => emitMigration(plan, migrationOptions(6)));

/** What the fixture declares: every table, constraint and index name the migrations must create. */
function expectedCatalog() {
  const tables = schema.tables.map((t) => t.tableName);
  return {
    tables: [...tables, "companies"].sort(),
    constraints: [
      "companies.companies_pkey:p",
      ...schema.tables.flatMap((t) => [
        `${t.tableName}.${t.tableName}_pkey:p`,
        ...t.checks.map((c) => `${t.tableName}.${c.name}:c`),
        ...t.foreignKeys.map((fk) => `${t.tableName}.${fk.name}:f`),
      ]),
    ].sort(),
    indexes: [
      "companies.companies_pkey",
      ...schema.tables.flatMap((t) => [`${t.tableName}.${t.tableName}_pkey`, ...t.indexes.map((i) => `${t.tableName}.${i.name}`)]),
    ].sort(),
    enumTypes: 0,
  };
}

describe("emitMigration (Sequelize 6) against PostgreSQL", () => {
  let pg: Postgres;
  let sequelize: Sequelize;
  let log: string[] = [];
  let migrations: MigrationModule[];
  let cleanup: () => Promise<void>;
  const query = (sql: string) => sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });

  async function run(direction: "up" | "down", index: number): Promise<string[]> {
    log = [];
    await migrations[index]![direction](sequelize.getQueryInterface(), SequelizeModule);
    return statementsOf(log);
  }

  beforeAll(async () => {
    pg = await startPostgres();
    sequelize = new Sequelize(pg.url, { logging: (sql) => log.push(sql), pool: { max: 1 } });
    await sequelize.query("CREATE TABLE companies (id serial primary key)");
    ({ modules: migrations, cleanup } = await compileMigrations(
      emitted.map((e) => e.file),
      sequelize6Modules,
    ));
  });

  afterAll(async () => {
    await sequelize?.close();
    await pg?.stop();
    await cleanup?.();
  });

  it("up creates every table, check, foreign key and index by its name, sending exactly sql.up", async () => {
    for (const [i, { sql }] of emitted.entries()) {
      expect(await run("up", i)).toEqual(sql.up);
    }
    expect(await catalogNames(query)).toEqual(expectedCatalog());

    const comments = await query(
      `SELECT obj_description('notifications'::regclass, 'pg_class') AS tab, col_description('users'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email')::int) AS email`,
    );
    expect(comments[0]).toEqual({ tab: "In-app notifications with read/unread status", email: "Login e-mail, unique per tenant" });
    const partial = await query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'notifications_company_id_user_id_idx'`);
    expect(String(partial[0]?.indexdef)).toContain(`WHERE ((status)::text = 'unread'::text)`);
    const gin = await query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'notifications_metadata_idx'`);
    expect(String(gin[0]?.indexdef)).toContain("USING gin");
    const fk = await query(
      `SELECT confdeltype FROM pg_constraint WHERE conname = 'tickets_assignee_id_fkey'`,
    );
    expect(fk[0]?.confdeltype).toBe("n"); // SET NULL
  });

  it("enforces the tenant foreign key, enum checks and defaults", async () => {
    await sequelize.query("INSERT INTO companies DEFAULT VALUES");
    await sequelize.query(
      `INSERT INTO users (company_id, name, email, created_at, updated_at) VALUES (1, 'Ana', 'ana@x.io', now(), now())`,
    );
    const [user] = await query(`SELECT role, active FROM users`);
    expect(user).toEqual({ role: "agent", active: true });
    await expect(
      sequelize.query(`INSERT INTO users (company_id, name, email, role, created_at, updated_at) VALUES (1, 'B', 'b@x.io', 'boss', now(), now())`),
    ).rejects.toThrow(/users_role_check/);
    await expect(
      sequelize.query(`INSERT INTO users (company_id, name, email, created_at, updated_at) VALUES (99, 'C', 'c@x.io', now(), now())`),
    ).rejects.toThrow(/users_company_id_fkey/);
    await sequelize.query(
      `INSERT INTO notifications (company_id, title, user_id, created_at, updated_at) VALUES (1, 'Hi', 1, now(), now())`,
    );
    const [notification] = await query(`SELECT status, metadata, labels, cost, sequence, external_id FROM notifications`);
    expect(notification).toMatchObject({ status: "unread", metadata: {}, labels: [], cost: "0.00", sequence: "0" });
    expect(notification?.external_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("down, in reverse order, sends exactly sql.down and leaves only the tenant root", async () => {
    for (let i = emitted.length - 1; i >= 0; i--) {
      expect(await run("down", i)).toEqual(emitted[i]!.sql.down);
    }
    expect(await catalogNames(query)).toEqual({
      tables: ["companies"],
      constraints: ["companies.companies_pkey:p"],
      indexes: ["companies.companies_pkey"],
      enumTypes: 0,
    });
  });

  it("up works again after down", async () => {
    for (const [i, { sql }] of emitted.entries()) expect(await run("up", i)).toEqual(sql.up);
    expect(await catalogNames(query)).toEqual(expectedCatalog());
    for (let i = emitted.length - 1; i >= 0; i--) await run("down", i);
    expect((await catalogNames(query)).tables).toEqual(["companies"]);
  });

  it("does not depend on the order of tables inside a plan", async () => {
    const [usersPlan, , ticketsPlan] = plans;
    const reversed = { ...ticketsPlan!, description: "create-tickets-reversed", operations: [...ticketsPlan!.operations].reverse() };
    const files = [emitMigration(usersPlan!, migrationOptions(6)), emitMigration(reversed, migrationOptions(6))];
    expect(reversed.operations[0]?.table.tableName).toBe("ticket_tags");
    const compiled = await compileMigrations(
      files.map((f) => f.file),
      sequelize6Modules,
    );
    try {
      for (const m of compiled.modules) await m.up(sequelize.getQueryInterface(), SequelizeModule);
      expect((await catalogNames(query)).tables).toEqual(["companies", "tags", "ticket_tags", "tickets", "users"]);
      for (const m of [...compiled.modules].reverse()) await m.down(sequelize.getQueryInterface(), SequelizeModule);
      expect((await catalogNames(query)).tables).toEqual(["companies"]);
    } finally {
      await compiled.cleanup();
    }
  });
});

describe("emitMigration output", () => {
  it("names the file from the plan and is deterministic", () => {
    const again = plans.map((plan) => emitMigration(plan, migrationOptions(6)));
    expect(again).toEqual(emitted);
    expect(emitted.map((e) => e.file.path)).toEqual([
      "20261125120000-create-users.ts",
      "20261125120001-create-notifications.ts",
      "20261125120002-create-tickets.ts",
      "20261125120003-create-payments.ts",
    ]);
  });

  it("never uses a PostgreSQL ENUM nor inline references; every statement names its object", () => {
    const all = emitted.flatMap((e) => [...e.sql.up, ...e.sql.down]);
    expect(all.join("\n")).not.toMatch(/\bENUM\b|REFERENCES[^;]*\) (NOT NULL|,)/);
    for (const e of emitted) {
      expect(e.file.contents).not.toMatch(/references: \{ model|DataTypes\.ENUM/);
      expect(e.sql.up.filter((s) => s.startsWith("CREATE TABLE")).join()).not.toContain("REFERENCES");
    }
    for (const statement of all.filter((s) => /ADD CONSTRAINT|CREATE (UNIQUE )?INDEX/.test(s))) {
      expect(statement).toMatch(/(ADD CONSTRAINT|INDEX) "[a-z_]+"/);
    }
  });

  it("adds foreign keys only after every table of the plan exists, and drops them before any table", () => {
    const tickets = emitted[2]!.sql;
    const lastCreate = tickets.up.map((s) => s.startsWith("CREATE TABLE")).lastIndexOf(true);
    const firstFk = tickets.up.findIndex((s) => s.includes("FOREIGN KEY"));
    expect(firstFk).toBeGreaterThan(lastCreate);
    const firstDrop = tickets.down.findIndex((s) => s.startsWith("DROP TABLE"));
    expect(tickets.down.slice(0, 2)).toEqual(["SET LOCAL lock_timeout = '5s'", "SET LOCAL statement_timeout = '60s'"]);
    expect(tickets.down.slice(2, firstDrop).every((s) => s.includes("DROP CONSTRAINT"))).toBe(true);
    expect(tickets.down.slice(firstDrop)).toEqual([
      'DROP TABLE IF EXISTS "ticket_tags";',
      'DROP TABLE IF EXISTS "tickets";',
      'DROP TABLE IF EXISTS "tags";',
    ]);
  });

  it("is valid TypeScript for prettier, with one transaction per direction", async () => {
    for (const { file } of emitted) {
      await expect(format(file.contents, { parser: "typescript" })).resolves.toContain("export async function down(");
      expect(file.contents.match(/queryInterface\.sequelize\.transaction\(/g)).toHaveLength(2);
      expect(file.contents).toContain("Do not edit");
    }
  });

  it("writes a composite foreign key as raw SQL (addConstraint takes one referenced field), the same for Sequelize 5 and 6", () => {
    const tagsTable = structuredClone(schema.tables.find((t) => t.key === "tags")!);
    tagsTable.foreignKeys[0] = { ...tagsTable.foreignKeys[0]!, columns: ["company_id", "id"], referencedColumns: ["company_id", "id"], referencedTable: "tickets" };
    const plan = { ...plans[2]!, operations: [{ kind: "createTable" as const, table: tagsTable }] };
    const statement = 'ALTER TABLE "tags" ADD CONSTRAINT "tags_company_id_fkey" FOREIGN KEY ("company_id", "id") REFERENCES "tickets" ("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE';
    for (const target of [5, 6] as const) {
      const { sql, file } = emitMigration(plan, migrationOptions(target));
      expect(sql.up.at(-1)).toBe(statement);
      expect(sql.down).toContain('ALTER TABLE "tags" DROP CONSTRAINT "tags_company_id_fkey"');
      expect(file.contents).toContain(`queryInterface.sequelize.query(${JSON.stringify(statement)}`);
    }
  });

  it("matches the snapshot of the tickets migration", async () => {
    await expect(emitted[2]!.file.contents).toMatchFileSnapshot("./migration/__snapshots__/create-tickets.v6.ts.snap");
  });
});
