import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnIR, SchemaIR, TableIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { columnIR, indexOf, tableOf } from "./ir-builders.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "./database.js";
import { expectedCatalog, renderLiteral, sqlType } from "./expected.js";
import { introspect } from "./introspect.js";

// The oracle: fixtureSchema() written by hand as a person would, with no help from any emitter.
const FIXTURE_DDL = `
  CREATE TABLE currencies (
    id serial PRIMARY KEY,
    code varchar(3) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz
  );
  CREATE UNIQUE INDEX currencies_code_key ON currencies (code);

  CREATE TABLE users (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    name varchar(120) NOT NULL,
    email varchar(255) NOT NULL,
    role varchar(255) NOT NULL DEFAULT 'agent',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT users_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'agent', 'viewer'))
  );
  COMMENT ON TABLE users IS 'People who sign in to a tenant''s workspace';
  COMMENT ON COLUMN users.email IS 'Login e-mail, unique per tenant';
  CREATE UNIQUE INDEX users_company_id_email_key ON users (company_id, email);

  CREATE TABLE notifications (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    title varchar(255) NOT NULL,
    body text,
    status varchar(255) NOT NULL DEFAULT 'unread',
    read_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    priority integer NOT NULL DEFAULT 0,
    score double precision,
    external_id uuid DEFAULT gen_random_uuid(),
    sequence bigint NOT NULL DEFAULT 0,
    deliver_on date,
    cost numeric(12,2) NOT NULL DEFAULT 0,
    labels varchar(50)[] NOT NULL DEFAULT ARRAY[]::varchar(50)[],
    user_id integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT notifications_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT notifications_status_check CHECK (status IN ('unread', 'read')),
    CONSTRAINT notifications_priority_range_check CHECK (priority >= 0 AND priority <= 10)
  );
  COMMENT ON TABLE notifications IS 'In-app notifications with read/unread status';
  CREATE INDEX notifications_company_id_status_created_at_idx ON notifications (company_id, status, created_at);
  CREATE INDEX notifications_user_id_idx ON notifications (user_id);
  CREATE INDEX notifications_company_id_user_id_idx ON notifications (company_id, user_id) WHERE status = 'unread';
  CREATE INDEX notifications_metadata_idx ON notifications USING gin (metadata);

  CREATE TABLE tickets (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    subject varchar(255) NOT NULL,
    status varchar(255) NOT NULL DEFAULT 'open',
    assignee_id integer,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT tickets_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT tickets_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT tickets_status_check CHECK (status IN ('open', 'pending', 'closed'))
  );
  COMMENT ON TABLE tickets IS 'Customer-service tickets';
  CREATE INDEX tickets_company_id_status_created_at_idx ON tickets (company_id, status, created_at) WHERE deleted_at IS NULL;
  CREATE INDEX tickets_company_id_idx ON tickets (company_id);
  CREATE INDEX tickets_assignee_id_idx ON tickets (assignee_id);

  CREATE TABLE tags (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    name varchar(60) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT tags_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE
  );
  CREATE UNIQUE INDEX tags_company_id_name_key ON tags (company_id, name);

  CREATE TABLE ticket_tags (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    ticket_id integer NOT NULL,
    tag_id integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ticket_tags_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT ticket_tags_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT ticket_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE ON UPDATE CASCADE
  );
  COMMENT ON TABLE ticket_tags IS 'Junction of tickets and tags';
  CREATE INDEX ticket_tags_company_id_idx ON ticket_tags (company_id);
  CREATE UNIQUE INDEX ticket_tags_ticket_id_tag_id_key ON ticket_tags (ticket_id, tag_id);
  CREATE INDEX ticket_tags_tag_id_idx ON ticket_tags (tag_id);
`;

describe("expectedCatalog(fixtureSchema())", () => {
  let db: TestDatabase;
  const ir = fixtureSchema();

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, ir.tenant);
    await db.query(FIXTURE_DDL);
  });
  afterAll(async () => db?.close());

  it("equals the introspection of the hand-written DDL", async () => {
    const expected = await expectedCatalog(ir, db);
    expect(await introspect(db)).toEqual(expected);
    // Spot checks that the comparison is about real values, not two empty objects.
    expect(expected.tables.map((t) => t.name)).toEqual(["currencies", "notifications", "tags", "ticket_tags", "tickets", "users"]);
    expect(expected.sequences).toContainEqual({ name: "users_id_seq", dataType: "integer", ownedBy: { table: "users", column: "id" } });
    const notifications = expected.tables.find((t) => t.name === "notifications");
    expect(notifications?.columns.find((c) => c.name === "metadata")?.default).toBe("'{}'::jsonb");
    expect(notifications?.indexes.find((i) => i.name === "notifications_company_id_user_id_idx")?.predicate).toBe(
      "((status)::text = 'unread'::text)",
    );
  });

  it("leaves no scratch schema behind and is repeatable", async () => {
    const first = await expectedCatalog(ir, db);
    expect(await expectedCatalog(ir, db)).toEqual(first);
    const schemas = await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant_schema_%'`);
    expect(schemas).toEqual([]);
  });

  // Each deliberate difference must break equality, and undoing it must restore it.
  it.each([
    ["a missing index", `DROP INDEX tickets_assignee_id_idx`, `CREATE INDEX tickets_assignee_id_idx ON tickets (assignee_id)`],
    [
      "a wrong ON DELETE",
      `ALTER TABLE tickets DROP CONSTRAINT tickets_assignee_id_fkey, ADD CONSTRAINT tickets_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE`,
      `ALTER TABLE tickets DROP CONSTRAINT tickets_assignee_id_fkey, ADD CONSTRAINT tickets_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE`,
    ],
    ["a different default", `ALTER TABLE users ALTER COLUMN role SET DEFAULT 'viewer'`, `ALTER TABLE users ALTER COLUMN role SET DEFAULT 'agent'`],
    ["a different nullability", `ALTER TABLE tags ALTER COLUMN name DROP NOT NULL`, `ALTER TABLE tags ALTER COLUMN name SET NOT NULL`],
    ["a different type", `ALTER TABLE tags ALTER COLUMN name TYPE varchar(61)`, `ALTER TABLE tags ALTER COLUMN name TYPE varchar(60)`],
    [
      "a different partial-index predicate",
      `DROP INDEX tickets_company_id_status_created_at_idx; CREATE INDEX tickets_company_id_status_created_at_idx ON tickets (company_id, status, created_at) WHERE deleted_at IS NOT NULL`,
      `DROP INDEX tickets_company_id_status_created_at_idx; CREATE INDEX tickets_company_id_status_created_at_idx ON tickets (company_id, status, created_at) WHERE deleted_at IS NULL`,
    ],
    [
      "a different index method",
      `DROP INDEX notifications_metadata_idx; CREATE INDEX notifications_metadata_idx ON notifications USING btree (metadata)`,
      `DROP INDEX notifications_metadata_idx; CREATE INDEX notifications_metadata_idx ON notifications USING gin (metadata)`,
    ],
    [
      "a different check",
      `ALTER TABLE notifications DROP CONSTRAINT notifications_priority_range_check, ADD CONSTRAINT notifications_priority_range_check CHECK (priority >= 0 AND priority <= 11)`,
      `ALTER TABLE notifications DROP CONSTRAINT notifications_priority_range_check, ADD CONSTRAINT notifications_priority_range_check CHECK (priority >= 0 AND priority <= 10)`,
    ],
    ["a missing column comment", `COMMENT ON COLUMN users.email IS NULL`, `COMMENT ON COLUMN users.email IS 'Login e-mail, unique per tenant'`],
    ["a different table comment", `COMMENT ON TABLE tickets IS 'Tickets'`, `COMMENT ON TABLE tickets IS 'Customer-service tickets'`],
    ["an extra table", `CREATE TABLE leftover (id integer)`, `DROP TABLE leftover`],
    ["a leftover enum type", `CREATE TYPE enum_users_role AS ENUM ('admin')`, `DROP TYPE enum_users_role`],
  ])("detects %s", async (_label, change, undo) => {
    const expected = await expectedCatalog(ir, db);
    await db.query(change);
    try {
      expect(await introspect(db)).not.toEqual(expected);
    } finally {
      await db.query(undo);
    }
    expect(await introspect(db)).toEqual(expected);
  });
});

describe("expectedCatalog with camelCase names (sequelize naming profile)", () => {
  const column = (field: string, extra: Partial<ColumnIR>): ColumnIR => columnIR(field, { type: { kind: "integer" }, ...extra });
  const auditLogs: TableIR = tableOf({
    key: "auditLogs",
    tableName: "AuditLogs",
    modelName: "AuditLog",
    feature: "audit",
    scope: { kind: "tenant" },
    description: null,
    paranoid: false,
    junction: null,
    renamedFrom: null,
    transition: { view: null, columns: [] },
    columns: [
      column("id", { type: { kind: "bigint" }, primaryKey: true, autoIncrement: true, role: "primaryKey" }),
      column("companyId", { role: "tenant" }),
      column("tags", { type: { kind: "array", element: { kind: "text" } }, default: { kind: "literal", value: ["a", "it's"] } }),
      column("happenedAt", { type: { kind: "timestamp" }, default: { kind: "sql", sql: "now()" } }),
    ],
    indexes: [
      indexOf({
        name: "AuditLogs_companyId_happenedAt",
        columns: ["companyId", "happenedAt"],
        unique: false,
        where: `"happenedAt" > '2020-01-01'`,
        method: "btree",
        origin: "declared",
        reason: { kind: "written", text: "" },
        source: null,
      }),
    ],
    checks: [],
    foreignKeys: [],
    associations: [],
    source: null,
  });
  const ir: SchemaIR = { ...fixtureSchema(), naming: "sequelize", tables: [auditLogs] };

  it("quotes identifiers as PostgreSQL prints them", async () => {
    const db = await openTestDatabase();
    try {
      await db.query(`
        CREATE TABLE "AuditLogs" (
          "id" bigserial PRIMARY KEY,
          "companyId" integer NOT NULL,
          "tags" text[] NOT NULL DEFAULT ARRAY['a', 'it''s']::text[],
          "happenedAt" timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX "AuditLogs_companyId_happenedAt" ON "AuditLogs" ("companyId", "happenedAt") WHERE "happenedAt" > '2020-01-01'`);
      const expected = await expectedCatalog(ir, db);
      expect(await introspect(db)).toEqual(expected);
      expect(expected.tables[0]?.columns.find((c) => c.name === "id")?.default).toBe(`nextval('"AuditLogs_id_seq"'::regclass)`);
      expect(expected.sequences).toEqual([{ name: "AuditLogs_id_seq", dataType: "bigint", ownedBy: { table: "AuditLogs", column: "id" } }]);
    } finally {
      await db.close();
    }
  });
});

describe("sqlType and renderLiteral", () => {
  it("maps every IR type to format_type's text", () => {
    expect(sqlType({ kind: "integer" })).toBe("integer");
    expect(sqlType({ kind: "bigint" })).toBe("bigint");
    expect(sqlType({ kind: "string", length: 80 })).toBe("character varying(80)");
    expect(sqlType({ kind: "text" })).toBe("text");
    expect(sqlType({ kind: "boolean" })).toBe("boolean");
    expect(sqlType({ kind: "timestamp" })).toBe("timestamp with time zone");
    expect(sqlType({ kind: "date" })).toBe("date");
    expect(sqlType({ kind: "decimal", precision: 10, scale: 3 })).toBe("numeric(10,3)");
    expect(sqlType({ kind: "double" })).toBe("double precision");
    expect(sqlType({ kind: "uuid" })).toBe("uuid");
    expect(sqlType({ kind: "jsonb", tsType: "unknown" })).toBe("jsonb");
    expect(sqlType({ kind: "enum", values: ["a"], length: 20 })).toBe("character varying(20)");
    expect(sqlType({ kind: "array", element: { kind: "uuid" } })).toBe("uuid[]");
  });

  it("renders JSON defaults as SQL literals for the column type", () => {
    expect(renderLiteral("it's", { kind: "text" })).toBe(`'it''s'`);
    expect(renderLiteral(3.5, { kind: "double" })).toBe("3.5");
    expect(renderLiteral(false, { kind: "boolean" })).toBe("false");
    expect(renderLiteral(null, { kind: "integer" })).toBe("NULL");
    expect(renderLiteral({ a: ["x'y"] }, { kind: "jsonb", tsType: "unknown" })).toBe(`'{"a":["x''y"]}'::jsonb`);
    expect(renderLiteral([1, 2], { kind: "array", element: { kind: "integer" } })).toBe("ARRAY[1, 2]::integer[]");
    expect(() => renderLiteral({ a: 1 }, { kind: "text" })).toThrow(/text column cannot default/);
  });
});
