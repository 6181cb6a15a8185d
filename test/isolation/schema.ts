/**
 * The hand-written schema of the isolation runtime tests: the tables of the tickets example as the
 * migration emitter writes them today (CREATE TABLE, checks, indexes, the tenant foreign key to
 * `companies`), plus, per tenant table, exactly what `isolationDdl` returns. A tenant table
 * (users), one referencing it (tickets), a junction (ticket_tags) and a self-reference
 * (users.manager_id). The runtime and DDL tests and the isolation benchmark use it; the attack
 * tests attack the examples' emitted migrations and models instead (examples-schema.ts).
 */
import { isolationDdl, type IsolationTable } from "../../src/isolation/ddl.js";

/** The tenant tables and their references to tenant tables, in creation order. */
export const TENANT_TABLES: readonly IsolationTable[] = [
  {
    name: "users",
    tenantColumn: "company_id",
    key: "id",
    references: [{ column: "manager_id", table: "users", onDelete: "SET NULL" }],
  },
  { name: "tags", tenantColumn: "company_id", key: "id" },
  {
    name: "tickets",
    tenantColumn: "company_id",
    key: "id",
    references: [{ column: "assignee_id", table: "users", onDelete: "SET NULL" }],
  },
  {
    name: "ticket_tags",
    tenantColumn: "company_id",
    key: "id",
    references: [
      { column: "ticket_id", table: "tickets", onDelete: "CASCADE" },
      { column: "tag_id", table: "tags", onDelete: "CASCADE" },
    ],
  },
];

/** The tables as the migration emitter creates them, without any tenant-to-tenant foreign key. */
const TABLES: readonly string[] = [
  `CREATE TABLE "companies" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL)`,
  `CREATE TABLE "users" ("id" SERIAL, "company_id" INTEGER NOT NULL, "name" VARCHAR(120) NOT NULL, "email" VARCHAR(255) NOT NULL, "manager_id" INTEGER, ` +
    `"created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "users_company_id_email_key" ON "users" ("company_id", "email")`,
  `CREATE INDEX "users_manager_id_idx" ON "users" ("manager_id")`,
  `CREATE TABLE "tags" ("id" SERIAL, "company_id" INTEGER NOT NULL, "name" VARCHAR(50) NOT NULL, ` +
    `"created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "tags_company_id_name_key" ON "tags" ("company_id", "name")`,
  `CREATE TABLE "tickets" ("id" SERIAL, "company_id" INTEGER NOT NULL, "subject" VARCHAR(255) NOT NULL, ` +
    `"status" VARCHAR(20) NOT NULL DEFAULT 'open', "priority" VARCHAR(20) NOT NULL DEFAULT 'medium', "assignee_id" INTEGER, ` +
    `"created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, PRIMARY KEY ("id"))`,
  `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_check" CHECK ("status" IN ('open', 'pending', 'solved', 'closed'))`,
  `CREATE INDEX "tickets_assignee_id_idx" ON "tickets" ("assignee_id")`,
  `CREATE INDEX "tickets_company_id_status_priority_idx" ON "tickets" ("company_id", "status", "priority")`,
  `CREATE INDEX "tickets_company_id_assignee_id_status_idx" ON "tickets" ("company_id", "assignee_id", "status")`,
  `CREATE TABLE "ticket_tags" ("id" SERIAL, "company_id" INTEGER NOT NULL, "ticket_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, ` +
    `"created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY ("id"))`,
  `CREATE INDEX "ticket_tags_company_id_idx" ON "ticket_tags" ("company_id")`,
  `CREATE INDEX "ticket_tags_tag_id_idx" ON "ticket_tags" ("tag_id")`,
  `CREATE UNIQUE INDEX "ticket_tags_ticket_id_tag_id_key" ON "ticket_tags" ("ticket_id", "tag_id")`,
  ...["users", "tags", "tickets", "ticket_tags"].map(
    (table) =>
      `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE CASCADE ON DELETE CASCADE`,
  ),
];

/**
 * Today's single-column references (what the emitter writes without isolation): the baseline
 * the benchmark compares with, and what the composite keys replace.
 */
const SINGLE_COLUMN_REFERENCES: readonly string[] = TENANT_TABLES.flatMap((table) =>
  (table.references ?? []).map(
    (reference) =>
      `ALTER TABLE "${table.name}" ADD CONSTRAINT "${table.name}_${reference.column}_fkey" FOREIGN KEY ("${reference.column}") ` +
      `REFERENCES "${reference.table}" ("id") ON UPDATE CASCADE ON DELETE ${reference.onDelete}`,
  ),
);

export interface SchemaOptions {
  /** Composite keys, immutable tenant column (and RLS when `rls`): `isolationDdl` of every table. */
  isolation: boolean;
  rls?: boolean;
}

/**
 * The statements that build the schema, in order.
 *
 * @example
 * for (const statement of schemaStatements({ isolation: true, rls: true })) await db.query(statement);
 */
export function schemaStatements(options: SchemaOptions): string[] {
  if (!options.isolation) return [...TABLES, ...SINGLE_COLUMN_REFERENCES];
  return [...TABLES, ...TENANT_TABLES.flatMap((table) => isolationDdl(table, { keyType: "integer", rls: options.rls ?? false }).up)];
}

/** The undo of the isolation statements, in order: each table's `down`, last table first. */
export function isolationDownStatements(options: { rls: boolean }): string[] {
  return [...TENANT_TABLES].reverse().flatMap((table) => isolationDdl(table, { keyType: "integer", rls: options.rls }).down);
}

/**
 * Two tenants, the same shape each, with fixed ids so an attack can name the other tenant's rows:
 * company 1 has users 1 (manager) and 2, tickets 1 and 2, tag 1, links 1; company 2 has users 3
 * and 4, tickets 3 and 4, tag 2, links 2. Ticket 2 and 4 are unassigned.
 */
export const SEED_SQL = `
  INSERT INTO companies (id, name) VALUES (1, 'Acme'), (2, 'Globex');
  INSERT INTO users (id, company_id, name, email, manager_id, created_at, updated_at) VALUES
    (1, 1, 'Ana', 'ana@acme.test', NULL, now(), now()), (2, 1, 'Bo', 'bo@acme.test', 1, now(), now()),
    (3, 2, 'Cy', 'cy@globex.test', NULL, now(), now()), (4, 2, 'Di', 'di@globex.test', 3, now(), now());
  INSERT INTO tags (id, company_id, name, created_at, updated_at) VALUES (1, 1, 'urgent', now(), now()), (2, 2, 'urgent', now(), now());
  INSERT INTO tickets (id, company_id, subject, status, assignee_id, created_at, updated_at) VALUES
    (1, 1, 'Printer on fire', 'open', 2, now(), now()), (2, 1, 'Invoice copy', 'pending', NULL, now(), now()),
    (3, 2, 'VPN down', 'open', 4, now(), now()), (4, 2, 'New laptop', 'solved', NULL, now(), now());
  INSERT INTO ticket_tags (id, company_id, ticket_id, tag_id, created_at, updated_at) VALUES (1, 1, 1, 1, now(), now()), (2, 2, 3, 2, now(), now());
  SELECT setval('users_id_seq', 100), setval('tags_id_seq', 100), setval('tickets_id_seq', 100), setval('ticket_tags_id_seq', 100);
`;
