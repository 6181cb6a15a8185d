/**
 * Introspection on PostgreSQL: a small legacy-looking schema written here in SQL, read back with
 * `readCatalog` + `catalogToIR`. Every expectation is written from the DDL below, never from the
 * tool's own output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalog, type LiveCatalog } from "../../src/introspect/catalog.js";
import { catalogToIR, type Introspection } from "../../src/introspect/to-ir.js";
import type { TableIR } from "../../src/ir/types.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";

const DDL = `
CREATE TABLE "Companies" (id serial PRIMARY KEY, name varchar(255) NOT NULL);
CREATE TYPE "enum_Tickets_status" AS ENUM ('open', 'pending', 'closed', '');
CREATE TABLE "Users" (
  id serial PRIMARY KEY,
  "companyId" integer NOT NULL REFERENCES "Companies" (id) ON DELETE CASCADE ON UPDATE CASCADE,
  email varchar(255) NOT NULL,
  "isAdmin" boolean NOT NULL DEFAULT false,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt" timestamptz NOT NULL,
  "updatedAt" timestamptz NOT NULL,
  "deletedAt" timestamptz
);
CREATE UNIQUE INDEX users_email_lower ON "Users" (lower(email));
CREATE INDEX "Users_companyId_idx" ON "Users" ("companyId");
CREATE TABLE "Tickets" (
  id serial PRIMARY KEY,
  "companyId" integer,
  subject varchar(120) NOT NULL DEFAULT 'untitled',
  status "enum_Tickets_status" NOT NULL DEFAULT 'open',
  tags text[] NOT NULL DEFAULT '{}'::text[],
  "assigneeId" integer REFERENCES "Users" (id) ON DELETE SET NULL,
  search tsvector,
  "due_at" timestamp without time zone,
  amount numeric(12,2) DEFAULT 0.00,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tickets_amount_positive CHECK (amount >= 0)
);
COMMENT ON TABLE "Tickets" IS 'Support requests';
COMMENT ON COLUMN "Tickets".subject IS 'What the customer wrote';
CREATE INDEX tickets_open ON "Tickets" ("assigneeId") WHERE status <> 'closed';
CREATE INDEX tickets_tags ON "Tickets" USING gin (tags);
CREATE TABLE "Countries" (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE "TicketWatchers" (
  "ticketId" integer NOT NULL REFERENCES "Tickets" (id),
  "userId" integer NOT NULL REFERENCES "Users" (id),
  PRIMARY KEY ("ticketId", "userId")
);
ALTER TABLE "Users" ADD CONSTRAINT "Users_companyId_email_key" UNIQUE ("companyId", email);
CREATE TABLE audit_entries (id bigserial PRIMARY KEY, payload json);
CREATE VIEW open_tickets AS SELECT id FROM "Tickets" WHERE status = 'open';
CREATE TABLE "SequelizeMeta" (name varchar(255) NOT NULL PRIMARY KEY);
`;

const TENANT = { tableName: "Companies", key: "id", keyType: "integer", attribute: "companyId", onDelete: "CASCADE" } as const;

describe("introspection of a live schema", () => {
  let db: TestDatabase;
  let catalog: LiveCatalog;
  let result: Introspection;
  const table = (name: string): TableIR => {
    const found = result.schema.tables.find((t) => t.tableName === name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found;
  };
  const column = (tableName: string, field: string) => {
    const found = table(tableName).columns.find((c) => c.field === field);
    if (found === undefined) throw new Error(`no column ${tableName}.${field}`);
    return found;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    await db.query(DDL);
    catalog = await readCatalog((sql) => db.query(sql));
    result = catalogToIR(catalog, { tenant: TENANT });
  });
  afterAll(async () => db?.close());

  it("reads the schema in a constant number of queries and leaves out the tenant root and SequelizeMeta", async () => {
    expect(catalog.queries).toBe(8);
    await db.query(`CREATE TABLE extra_a (id serial PRIMARY KEY); CREATE TABLE extra_b (id serial PRIMARY KEY);`);
    expect((await readCatalog((sql) => db.query(sql))).queries).toBe(8);
    await db.query(`DROP TABLE extra_a; DROP TABLE extra_b;`);
    expect(result.schema.tables.map((t) => t.tableName).sort()).toEqual(["Countries", "TicketWatchers", "Tickets", "Users", "audit_entries"]);
  });

  it("detects the Sequelize naming profile and gives keys and attributes the profile maps back", () => {
    expect(result.schema.naming).toBe("sequelize");
    expect(result.schema.tenant.field).toBe("companyId");
    expect(table("Tickets")).toMatchObject({ key: "tickets", modelName: "Ticket" });
    expect(table("TicketWatchers")).toMatchObject({ key: "ticketWatchers", modelName: "TicketWatcher" });
    expect(table("audit_entries")).toMatchObject({ key: "auditEntries" });
    expect(column("Tickets", "due_at").name).toBe("dueAt");
  });

  it("maps every column type exactly, with the escape hatch for the ones the DSL has no kind for", () => {
    expect(column("Tickets", "subject").type).toEqual({ kind: "string", length: 120 });
    expect(column("Tickets", "status").type).toEqual({ kind: "pgEnum", name: "enum_Tickets_status", values: ["open", "pending", "closed", ""] });
    expect(column("Tickets", "tags").type).toEqual({ kind: "array", element: { kind: "text" } });
    expect(column("Tickets", "search").type).toEqual({ kind: "custom", sql: "tsvector", tsType: "unknown" });
    expect(column("Tickets", "due_at").type).toEqual({ kind: "custom", sql: "timestamp without time zone", tsType: "unknown" });
    expect(column("Tickets", "amount").type).toEqual({ kind: "decimal", precision: 12, scale: 2 });
    expect(column("Countries", "code").type).toEqual({ kind: "custom", sql: "character(2)", tsType: "unknown" });
    expect(column("audit_entries", "id").type).toEqual({ kind: "bigint" });
    expect(column("audit_entries", "payload").type.kind).toBe("json");
    expect(column("Users", "settings").type.kind).toBe("jsonb");
  });

  it("reads defaults as literals of the column's type where they are constants, as SQL otherwise", () => {
    expect(column("Tickets", "subject").default).toEqual({ kind: "literal", value: "untitled" });
    expect(column("Tickets", "status").default).toEqual({ kind: "literal", value: "open" });
    expect(column("Tickets", "tags").default).toEqual({ kind: "literal", value: [] });
    expect(column("Tickets", "amount").default).toEqual({ kind: "literal", value: "0.00" });
    expect(column("Users", "isAdmin").default).toEqual({ kind: "literal", value: false });
    expect(column("Users", "settings").default).toEqual({ kind: "literal", value: {} });
    expect(column("Tickets", "createdAt").default).toEqual({ kind: "sql", sql: "now()" });
    expect(column("Tickets", "id")).toMatchObject({ autoIncrement: true, default: null, primaryKey: true });
  });

  it("recognises built-in columns only when they have the built-in shape", () => {
    const roles = (name: string) => Object.fromEntries(table(name).columns.map((c) => [c.field, c.role]));
    expect(roles("Users")).toEqual({ id: "primaryKey", companyId: "tenant", email: "data", isAdmin: "data", settings: "data", createdAt: "createdAt", updatedAt: "updatedAt", deletedAt: "deletedAt" });
    expect(table("Users")).toMatchObject({ timestamps: true, paranoid: true });
    // Timestamps with a default are still Sequelize's timestamps; no deletedAt: not paranoid.
    expect(table("Tickets")).toMatchObject({ timestamps: true, paranoid: false });
    expect(roles("Tickets").assigneeId).toBe("foreignKey");
    expect(table("Countries")).toMatchObject({ timestamps: false, paranoid: false, primaryKey: { name: "Countries_pkey", columns: ["code"] } });
    expect(roles("Countries")).toEqual({ code: "data", name: "data" });
    expect(table("TicketWatchers").primaryKey).toEqual({ name: "TicketWatchers_pkey", columns: ["ticketId", "userId"] });
    expect(roles("TicketWatchers")).toEqual({ ticketId: "foreignKey", userId: "foreignKey" });
  });

  it("declares tenant-rule departures as they are in the database", () => {
    expect(table("Users")).toMatchObject({ scope: { kind: "tenant" }, departures: [] });
    // Tickets: companyId nullable, no foreign key to Companies, no index leading with it.
    expect(table("Tickets").departures).toEqual(["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"]);
    expect(table("Countries")).toMatchObject({ scope: { kind: "global" }, departures: ["globalUnreviewed"] });
  });

  it("reads indexes: expression, partial, method, unique constraints apart from unique indexes, origins", () => {
    const index = (tableName: string, name: string) => table(tableName).indexes.find((i) => i.name === name);
    expect(index("Users", "users_email_lower")).toMatchObject({ unique: true, constraint: false, expression: "lower((email)::text)", columns: ["email"] });
    expect(index("Users", "Users_companyId_email_key")).toMatchObject({ unique: true, constraint: true, expression: null, columns: ["companyId", "email"] });
    expect(index("Users", "Users_companyId_idx")).toMatchObject({ origin: "tenant", columns: ["companyId"] });
    expect(index("Tickets", "tickets_open")).toMatchObject({ where: "status <> 'closed'::\"enum_Tickets_status\"", columns: ["assigneeId"], expression: null });
    expect(index("Tickets", "tickets_tags")).toMatchObject({ method: "gin", columns: ["tags"] });
    expect(table("Users").indexes.map((i) => i.name)).not.toContain("Users_pkey");
  });

  it("reads foreign keys with their actions and checks with their own names", () => {
    expect(table("Tickets").foreignKeys).toEqual([
      { name: "Tickets_assigneeId_fkey", columns: ["assigneeId"], referencedTable: "Users", referencedColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION", source: null },
    ]);
    expect(table("Users").foreignKeys[0]).toMatchObject({ name: "Users_companyId_fkey", referencedTable: "Companies", onDelete: "CASCADE", onUpdate: "CASCADE" });
    expect(table("Tickets").checks).toEqual([{ name: "tickets_amount_positive", expression: "amount >= 0::numeric", columns: ["amount"], origin: "declared", source: null }]);
    expect(table("Tickets").description).toBe("Support requests");
    expect(column("Tickets", "subject").comment).toBe("What the customer wrote");
    expect(table("Tickets").associations).toContainEqual({ kind: "belongsTo", as: "assignee", target: "users", targetModel: "User", foreignKey: "assigneeId" });
    expect(table("Users").associations).toContainEqual({ kind: "hasMany", as: "assigneeTickets", target: "tickets", targetModel: "Ticket", foreignKey: "assigneeId" });
  });

  it("reports what is not a table, and what the IR cannot state, naming the object", async () => {
    expect(result.problems).toContainEqual({ severity: "warning", object: 'view "open_tickets"', message: expect.stringContaining("not a table") });
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    await db.query(`CREATE TABLE weird (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text COLLATE "C")`);
    const again = catalogToIR(await readCatalog((sql) => db.query(sql)), { tenant: TENANT });
    expect(again.problems.filter((p) => p.severity === "error").map((p) => p.object)).toEqual(['"weird"."id"', '"weird"."name"']);
    await db.query(`DROP TABLE weird`);
  });
});
