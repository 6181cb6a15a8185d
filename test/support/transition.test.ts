/**
 * The oracle for the expand phase of expand/contract renames: a SchemaIR whose tables carry a
 * `transition` (a compatibility view, retired columns with their objects and sync triggers), written
 * by hand as DDL, must introspect exactly as `expectedCatalog` predicts, and each deliberate
 * difference must break the equality.
 */
import { renamedTable } from "./ir-builders.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnIR, SchemaIR, TableIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "./database.js";
import { expectedCatalog, syncTriggers } from "./expected.js";
import { introspect } from "./introspect.js";

const tableOf = (ir: SchemaIR, key: string): TableIR => {
  const found = ir.tables.find((table) => table.key === key);
  if (!found) throw new Error(`fixture table ${key} missing`);
  return found;
};
const columnOf = (table: TableIR, field: string): ColumnIR => {
  const found = table.columns.find((column) => column.field === field);
  if (!found) throw new Error(`fixture column ${field} missing`);
  return found;
};

/**
 * users; tags renamed to labels (the view "tags" remains); tickets in the middle of two column
 * renames: assignee_id → owner_id (retired with its index and FK) and status → state (retired with
 * its enum check and a partial index).
 */
function transitionSchema(): SchemaIR {
  const base = fixtureSchema();
  const users = tableOf(base, "users");
  const tags = tableOf(base, "tags");
  const tickets = tableOf(base, "tickets");
  const assignee = columnOf(tickets, "assignee_id");
  const status = columnOf(tickets, "status");
  const [statusIndex, tenantIndex, assigneeIndex] = tickets.indexes;
  const [tenantFk, assigneeFk] = tickets.foreignKeys;
  const [statusCheck] = tickets.checks;
  if (!statusIndex || !tenantIndex || !assigneeIndex || !tenantFk || !assigneeFk || !statusCheck) {
    throw new Error("fixture tickets changed shape");
  }
  const owner: ColumnIR = { ...assignee, name: "ownerId", field: "owner_id", renamedFrom: { from: "assigneeId", strategy: "expand-contract" } };
  const state: ColumnIR = { ...status, name: "state", field: "state", renamedFrom: { from: "status", strategy: "expand-contract" } };
  const labels: TableIR = renamedTable(tags, {
    tableName: "labels",
    renamedFrom: null,
    transition: { view: "tags", columns: [] },
    indexes: tags.indexes.map((index) => ({ ...index, name: index.name.replace(/^tags_/, "labels_") })),
    foreignKeys: tags.foreignKeys.map((fk) => ({ ...fk, name: fk.name.replace(/^tags_/, "labels_") })),
  });
  const renamed: TableIR = {
    ...tickets,
    columns: tickets.columns.map((column) => (column === assignee ? owner : column === status ? state : column)),
    indexes: [
      { ...statusIndex, name: "tickets_company_id_state_created_at_idx", columns: ["company_id", "state", "created_at"] },
      tenantIndex,
      { ...assigneeIndex, name: "tickets_owner_id_idx", columns: ["owner_id"] },
    ],
    checks: [{ ...statusCheck, name: "tickets_state_check", expression: statusCheck.expression.replace(`"status"`, `"state"`), columns: ["state"] }],
    foreignKeys: [tenantFk, { ...assigneeFk, name: "tickets_owner_id_fkey", columns: ["owner_id"] }],
    transition: {
      view: null,
      columns: [
        { column: assignee, replacedBy: "ownerId", indexes: [assigneeIndex], checks: [], foreignKeys: [assigneeFk] },
        { column: status, replacedBy: "state", indexes: [statusIndex], checks: [statusCheck], foreignKeys: [] },
      ],
    },
  };
  return { ...base, tables: [users, labels, renamed] };
}

const syncFunction = (name: string, oldColumn: string, newColumn: string) => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      NEW.${newColumn} := COALESCE(NEW.${newColumn}, NEW.${oldColumn});
      NEW.${oldColumn} := COALESCE(NEW.${oldColumn}, NEW.${newColumn});
    ELSIF NEW.${newColumn} IS DISTINCT FROM OLD.${newColumn} THEN
      NEW.${oldColumn} := NEW.${newColumn};
    ELSE
      NEW.${newColumn} := NEW.${oldColumn};
    END IF;
    RETURN NEW;
  END $$`;

// The oracle: the state above written by hand, with no help from any emitter.
const TRANSITION_DDL = `
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

  CREATE TABLE labels (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    name varchar(60) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT labels_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE
  );
  CREATE UNIQUE INDEX labels_company_id_name_key ON labels (company_id, name);
  CREATE VIEW tags AS SELECT * FROM labels;

  CREATE TABLE tickets (
    id serial PRIMARY KEY,
    company_id integer NOT NULL,
    subject varchar(255) NOT NULL,
    status varchar(255) NOT NULL DEFAULT 'open',
    assignee_id integer,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz,
    state varchar(255) NOT NULL DEFAULT 'open',
    owner_id integer,
    CONSTRAINT tickets_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT tickets_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT tickets_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT tickets_status_check CHECK (status IN ('open', 'pending', 'closed')),
    CONSTRAINT tickets_state_check CHECK (state IN ('open', 'pending', 'closed'))
  );
  COMMENT ON TABLE tickets IS 'Customer-service tickets';
  CREATE INDEX tickets_company_id_status_created_at_idx ON tickets (company_id, status, created_at) WHERE deleted_at IS NULL;
  CREATE INDEX tickets_company_id_state_created_at_idx ON tickets (company_id, state, created_at) WHERE deleted_at IS NULL;
  CREATE INDEX tickets_company_id_idx ON tickets (company_id);
  CREATE INDEX tickets_assignee_id_idx ON tickets (assignee_id);
  CREATE INDEX tickets_owner_id_idx ON tickets (owner_id);
  ${syncFunction("tickets_assignee_id_owner_id_sync_fn", "assignee_id", "owner_id")};
  CREATE TRIGGER tickets_assignee_id_owner_id_sync BEFORE INSERT OR UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_assignee_id_owner_id_sync_fn();
  ${syncFunction("tickets_status_state_sync_fn", "status", "state")};
  CREATE TRIGGER tickets_status_state_sync BEFORE INSERT OR UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_status_state_sync_fn();
`;

describe("expectedCatalog of a schema in transition (expand phase)", () => {
  let db: TestDatabase;
  const ir = transitionSchema();

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, ir.tenant);
    await db.query(TRANSITION_DDL);
  });
  afterAll(async () => db?.close());

  it("equals the introspection of the hand-written DDL", async () => {
    const expected = await expectedCatalog(ir, db);
    expect(await introspect(db)).toEqual(expected);
    // The comparison covers the transition objects, not only the declared ones.
    expect(expected.views).toEqual([{ name: "tags", selectsFrom: ["labels"], updatable: true }]);
    expect(expected.functions.map((f) => f.name)).toEqual(["tickets_assignee_id_owner_id_sync_fn", "tickets_status_state_sync_fn"]);
    const tickets = expected.tables.find((t) => t.name === "tickets");
    expect(tickets?.triggers.map((t) => t.name)).toEqual(["tickets_assignee_id_owner_id_sync", "tickets_status_state_sync"]);
    expect(tickets?.columns.map((c) => c.name)).toContain("assignee_id");
    expect(tickets?.indexes.find((i) => i.name === "tickets_company_id_status_created_at_idx")?.predicate).toBe("(deleted_at IS NULL)");
    expect(tickets?.checks.map((c) => c.name)).toEqual(["tickets_state_check", "tickets_status_check"]);
    expect(tickets?.foreignKeys.map((f) => f.name)).toEqual(["tickets_assignee_id_fkey", "tickets_company_id_fkey", "tickets_owner_id_fkey"]);
  });

  it("names sync triggers after transitionNames and refuses an unknown replacement", () => {
    const tickets = tableOf(ir, "tickets");
    expect(syncTriggers(tickets)[0]).toEqual({
      name: "tickets_assignee_id_owner_id_sync",
      function: "tickets_assignee_id_owner_id_sync_fn",
      timing: "BEFORE",
      events: ["INSERT", "UPDATE"],
      level: "ROW",
      enabled: true,
    });
    const broken: TableIR = {
      ...tickets,
      transition: { view: null, columns: tickets.transition.columns.map((r) => ({ ...r, replacedBy: "nobody" })) },
    };
    expect(() => syncTriggers(broken)).toThrow(/replaced by unknown nobody/);
  });

  it("the hand-written oracle behaves as the design says: old and new names both work", async () => {
    const [company] = await db.query<{ id: number }>(`INSERT INTO companies (name) VALUES ('Acme') RETURNING id`);
    const [user] = await db.query<{ id: number }>(
      `INSERT INTO users (company_id, name, email, created_at, updated_at) VALUES (${company?.id}, 'Ana', 'a@x', now(), now()) RETURNING id`,
    );
    await db.query(`INSERT INTO tags (company_id, name, created_at, updated_at) VALUES (${company?.id}, 'old-code', now(), now())`);
    expect(await db.query(`SELECT name FROM labels`)).toEqual([{ name: "old-code" }]);
    // Old code writes the old columns, new code reads the new ones, and the other way round.
    await db.query(
      `INSERT INTO tickets (company_id, subject, status, assignee_id, created_at, updated_at) VALUES (${company?.id}, 'old', 'pending', ${user?.id}, now(), now())`,
    );
    // (With a default on both columns an INSERT cannot tell which one the writer set: COALESCE keeps
    // the new column's default. Columns without a default sync on INSERT; UPDATEs sync both ways.)
    expect(await db.query(`SELECT owner_id FROM tickets WHERE subject = 'old'`)).toEqual([{ owner_id: user?.id }]);
    await db.query(`UPDATE tickets SET status = 'pending' WHERE subject = 'old'`);
    expect(await db.query(`SELECT state FROM tickets WHERE subject = 'old'`)).toEqual([{ state: "pending" }]);
    await db.query(`UPDATE tickets SET state = 'closed', owner_id = NULL WHERE subject = 'old'`);
    expect(await db.query(`SELECT status, assignee_id FROM tickets WHERE subject = 'old'`)).toEqual([{ status: "closed", assignee_id: null }]);
    await db.query(`DELETE FROM tickets; DELETE FROM tags; DELETE FROM users; DELETE FROM companies`);
  });

  // Each deliberate difference must break equality, and undoing it must restore it.
  it.each([
    ["a missing compatibility view", `DROP VIEW tags`, `CREATE VIEW tags AS SELECT * FROM labels`],
    [
      "a view over another table",
      `CREATE OR REPLACE VIEW tags AS SELECT labels.* FROM labels JOIN users ON false`,
      `DROP VIEW tags; CREATE VIEW tags AS SELECT * FROM labels`,
    ],
    ["a leftover view", `CREATE VIEW tickets_old AS SELECT * FROM tickets`, `DROP VIEW tickets_old`],
    ["a disabled sync trigger", `ALTER TABLE tickets DISABLE TRIGGER tickets_status_state_sync`, `ALTER TABLE tickets ENABLE TRIGGER tickets_status_state_sync`],
    [
      "a sync trigger that fires AFTER",
      `DROP TRIGGER tickets_status_state_sync ON tickets;
       CREATE TRIGGER tickets_status_state_sync AFTER INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_status_state_sync_fn()`,
      `DROP TRIGGER tickets_status_state_sync ON tickets;
       CREATE TRIGGER tickets_status_state_sync BEFORE INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_status_state_sync_fn()`,
    ],
    [
      "a sync trigger missing the UPDATE event",
      `DROP TRIGGER tickets_status_state_sync ON tickets;
       CREATE TRIGGER tickets_status_state_sync BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_status_state_sync_fn()`,
      `DROP TRIGGER tickets_status_state_sync ON tickets;
       CREATE TRIGGER tickets_status_state_sync BEFORE INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_status_state_sync_fn()`,
    ],
    [
      "a leftover function",
      `CREATE FUNCTION leftover_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      `DROP FUNCTION leftover_fn()`,
    ],
    ["a missing index of a retired column", `DROP INDEX tickets_assignee_id_idx`, `CREATE INDEX tickets_assignee_id_idx ON tickets (assignee_id)`],
    [
      "a missing check of a retired column",
      `ALTER TABLE tickets DROP CONSTRAINT tickets_status_check`,
      `ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN ('open', 'pending', 'closed'))`,
    ],
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

  it("a contracted schema (no transition) is a different catalog", async () => {
    const contracted: SchemaIR = {
      ...ir,
      tables: ir.tables.map((table) => ({ ...table, transition: { view: null, columns: [] } })),
    };
    const expected = await expectedCatalog(contracted, db);
    expect(expected.views).toEqual([]);
    expect(expected.functions).toEqual([]);
    expect(await introspect(db)).not.toEqual(expected);
  });
});
