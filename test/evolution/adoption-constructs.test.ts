/**
 * The DSL describes adopted tables as they are, end to end through the real CLI on PostgreSQL: every
 * construct of issue 7 (tables without timestamps, soft delete or the built-in id; a uuid and a
 * composite primary key with names of their own; a table without a primary key; declared tenant
 * departures; the tenant foreign key's actions; a tenant table referencing a global table; json,
 * PostgreSQL ENUM and custom columns; UNIQUE constraints; an expression index; explicit constraint
 * names; a serial data column; a timestamp under another database name) is created, then evolved
 * (ENUM ADD VALUE, a UNIQUE constraint and an expression index on an existing table), each change
 * set up → down → up exact against the catalog the snapshot demands. The key facts are also read
 * with direct catalog SQL, so the expected catalog (derived from the IR) is not the only witness.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { createProject, expectChangeSetRoundTrip, isTransactional, openProjectDatabase, type EmitDelta, type Project, type ProjectDatabase } from "./project.js";

const schemaFile = (statusValues: string, notesExtra: string) => `import { defineGlobalTable, defineTenantTable, sql, t } from "tenant-schema";

export const regions = defineGlobalTable(
  "regions",
  { code: t.string(8).unique({ scope: "global", constraint: true }) },
  { reason: "ISO regions are the same for every tenant", timestamps: false, paranoid: false },
);

export const contacts = defineTenantTable(
  "contacts",
  {
    id: t.uuid().default(sql\`gen_random_uuid()\`),
    email: t.string(120),
    status: t.pgEnum("enum_contacts_status", [${statusValues}]).default("active"),
    profile: t.json<{ tags?: string[] }>({ tsType: "{ tags?: string[] }" }).default({}),
    legacyCode: t.custom<number>("smallint", { tsType: "number" }).default(sql\`0\`),
    createdAt: t.timestamp().nullable(),
  },
  {
    id: false,
    timestamps: false,
    paranoid: false,
    departures: ["tenantNullable", "tenantWithoutIndex"],
    tenantForeignKey: { onDelete: "SET NULL", constraintName: "contacts_tenant_fk" },
  },
)
  .primaryKey(["id"], { name: "contacts_pk" })
  .belongsTo(regions, { nullable: true, onDelete: "SET NULL", constraintName: "contacts_region_fk", index: false })
  .indexOn("contacts_lower_email_idx", (c) => sql\`lower(\${c.email})\`, { unique: true })
  .check("code_range", (c) => sql\`\${c.legacyCode} >= 0\`, { constraintName: "contacts_code_ck" });

export const contactTags = defineTenantTable(
  "contactTags",
  { tag: t.string(40), seq: t.integer().autoIncrement() },
  { id: false, paranoid: false, departures: ["tenantWithoutForeignKey"] },
)
  .belongsTo(contacts, { onDelete: "CASCADE" })
  .primaryKey(["contactId", "tag"]);

export const events = defineTenantTable(
  "events",
  { payload: t.jsonb(), status: t.pgEnum("enum_contacts_status", [${statusValues}]).nullable() },
  { id: false, timestamps: false, paranoid: false },
);

export const notes = defineTenantTable(
  "notes",
  { title: t.string(200), slug: t.string(80) },
  { fields: { createdAt: "created_on" } },
)
  .unique(["title"], { constraint: true })${notesExtra};
`;

const V1 = schemaFile(`"active", "blocked", ""`, "");
const V2 = schemaFile(
  `"active", "paused", "blocked", ""`,
  `
  .unique(["slug"], { constraint: true, name: "notes_slug_key" })
  .indexOn("notes_lower_title_idx", (c) => sql\`lower(\${c.title}) DESC\`)`,
);

describe("adopted tables, declared as they are: create and evolve on PostgreSQL", () => {
  let project: Project;
  let database: ProjectDatabase;
  let first: EmitDelta;
  let second: EmitDelta;
  let v1: SchemaIR;
  let v2: SchemaIR;
  let empty: Catalog;
  let catalogV1: Catalog;
  const rows = <T>(sql: string) => database.db.query<T>(sql);

  beforeAll(async () => {
    project = await createProject("adoption", { "schema/contacts.ts": V1 }, "en");
    // Declared as they are, as pull declares an adopted database: no isolation keys added.
    await project.write(
      "tenant-schema.config.ts",
      `import { defineConfig } from "tenant-schema";\nexport default defineConfig({ schema: "schema", docs: { language: "en" }, migrations: { backfillBatchSize: 2 }, isolation: { keys: false } });\n`,
    );
    first = await project.emit("20261125100000");
    v1 = await project.snapshot();
    database = await openProjectDatabase(project, v1);
    empty = await database.catalog({ ...v1, tables: [] });
  }, 180_000);

  afterAll(async () => {
    await database?.db.close();
    await project?.dispose();
  });

  it("emits the first version without an error", () => {
    expect(first.report.errors).toEqual([]);
    expect(first.migrations.length).toBeGreaterThan(0);
  });

  it("creates every construct: up → down → up leave exactly the catalogs the IR demands", async () => {
    await expectChangeSetRoundTrip(database, first, v1, empty, project);
    catalogV1 = await database.catalog(v1);
  }, 180_000);

  it("the catalog shows the constructs themselves (read with plain SQL)", async () => {
    const constraints = await rows<{ table: string; name: string; type: string; ondelete: string }>(`
      SELECT c.relname AS table, con.conname AS name, con.contype::text AS type, con.confdeltype::text AS ondelete
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
      WHERE c.relname IN ('contacts', 'contact_tags', 'events', 'notes', 'regions') ORDER BY 1, 2`);
    const named = (table: string, type: string) => constraints.filter((c) => c.table === table && c.type === type).map((c) => c.name);
    expect(named("contacts", "p")).toEqual(["contacts_pk"]);
    expect(named("contacts", "f")).toEqual(["contacts_region_fk", "contacts_tenant_fk"]);
    expect(constraints.find((c) => c.name === "contacts_tenant_fk")?.ondelete).toBe("n"); // SET NULL
    expect(named("contacts", "c")).toEqual(["contacts_code_ck"]);
    expect(named("contact_tags", "p")).toEqual(["contact_tags_pkey"]);
    expect(named("contact_tags", "f")).toEqual(["contact_tags_contact_id_fkey"]); // no tenant foreign key, as declared
    expect(named("events", "p")).toEqual([]);
    expect(named("notes", "u")).toEqual(["notes_company_id_title_key"]); // per tenant, like every .unique()
    expect(named("regions", "u")).toEqual(["regions_code_key"]);
    const keyColumns = await rows<{ columns: string[] }>(`
      SELECT json_agg(a.attname ORDER BY k.ord) AS columns
      FROM pg_constraint con, unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
      JOIN pg_attribute a ON a.attnum = k.attnum
      WHERE con.conname = 'contact_tags_pkey' AND a.attrelid = con.conrelid`);
    expect(keyColumns[0]?.columns).toEqual(["contact_id", "tag"]);
    const columns = await rows<{ table: string; column: string; type: string; nullable: string }>(`
      SELECT table_name AS table, column_name AS column, data_type || coalesce('/' || udt_name, '') AS type, is_nullable AS nullable
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('contacts', 'notes', 'events') ORDER BY 1, 2`);
    const column = (table: string, name: string) => columns.find((c) => c.table === table && c.column === name);
    expect(column("contacts", "company_id")?.nullable).toBe("YES");
    expect(column("contacts", "status")?.type).toBe("USER-DEFINED/enum_contacts_status");
    expect(column("contacts", "profile")?.type).toBe("json/json");
    expect(column("contacts", "legacy_code")?.type).toBe("smallint/int2");
    expect(column("contacts", "updated_at")).toBeUndefined();
    expect(column("contacts", "deleted_at")).toBeUndefined();
    expect(column("notes", "created_on")?.nullable).toBe("NO");
    expect(column("notes", "created_at")).toBeUndefined();
    expect(columns.filter((c) => c.table === "events").map((c) => c.column)).toEqual(["company_id", "payload", "status"]);
    const indexes = await rows<{ name: string; definition: string }>(`SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'contacts' ORDER BY 1`);
    expect(indexes.map((i) => i.name)).toEqual(["contacts_lower_email_idx", "contacts_pk"]); // no tenant or region index, as declared
    expect(indexes[0]?.definition).toMatch(/^CREATE UNIQUE INDEX contacts_lower_email_idx ON public\.contacts USING btree \(lower\(\(email\)::text\)\)$/);
    const sequences = await rows<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'S' ORDER BY 1`);
    expect(sequences.map((s) => s.name)).toContain("contact_tags_seq_seq");
    const labels = await rows<{ label: string }>(`SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'enum_contacts_status'::regtype ORDER BY enumsortorder`);
    expect(labels.map((l) => l.label)).toEqual(["active", "blocked", ""]);
  });

  it("rows behave as declared: nullable tenant, SET NULL on the tenant, '' among the enum values", async () => {
    const company = await database.company("Acme");
    await rows(`INSERT INTO regions (code) VALUES ('BR')`);
    await rows(`INSERT INTO contacts (company_id, email, status, region_id) VALUES (${company}, 'a@x.io', '', (SELECT id FROM regions)), (NULL, 'b@x.io', 'active', NULL)`);
    await rows(`DELETE FROM companies WHERE id = ${company}`);
    const left = await rows<{ company_id: number | null; status: string }>(`SELECT company_id, status::text AS status FROM contacts ORDER BY email`);
    expect(left).toEqual([
      { company_id: null, status: "" },
      { company_id: null, status: "active" },
    ]);
    await expect(rows(`INSERT INTO contacts (email, status) VALUES ('A@x.io', 'active')`)).rejects.toThrow(/Validation error|duplicate key/);
    await rows(`DELETE FROM contacts; DELETE FROM regions`);
  });

  it("evolves the ENUM type by ADD VALUE outside a transaction, and adds a UNIQUE constraint and an expression index to an existing table", async () => {
    await project.write("schema/contacts.ts", V2);
    second = await project.emit("20261126100000");
    expect(second.report.errors).toEqual([]);
    v2 = await project.snapshot();
    const sources = await Promise.all(second.migrations.map((path) => project.read(path)));
    const addValue = sources.find((source) => source.includes("ADD VALUE"));
    expect(addValue).toBeDefined();
    expect(isTransactional(addValue!)).toBe(false);
    expect(addValue).toContain(`ALTER TYPE \\"enum_contacts_status\\" ADD VALUE IF NOT EXISTS 'paused' AFTER 'active'`);
    expect(sources.join("\n")).toContain("UNIQUE USING INDEX");
    await expectChangeSetRoundTrip(database, second, v2, catalogV1, project);
    const labels = await rows<{ label: string }>(`SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'enum_contacts_status'::regtype ORDER BY enumsortorder`);
    expect(labels.map((l) => l.label)).toEqual(["active", "paused", "blocked", ""]);
    const unique = await rows<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE conrelid = 'notes'::regclass AND contype = 'u' ORDER BY 1`);
    expect(unique.map((u) => u.name)).toEqual(["notes_company_id_title_key", "notes_slug_key"]);
  }, 240_000);

  it("refuses to remove an ENUM value, saying why", async () => {
    await project.write("schema/contacts.ts", schemaFile(`"active", "paused", ""`, ""));
    const refused = await project.emit("20261127100000");
    expect(refused.report.exitCode).toBe(1);
    expect(refused.migrations).toEqual([]);
    expect(refused.report.errors.join("\n")).toContain(`PostgreSQL ENUM type 'enum_contacts_status' loses "blocked": PostgreSQL cannot drop or reorder the values of an ENUM type`);
  });
});
