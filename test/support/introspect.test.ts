import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import type { Catalog } from "./catalog.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "./database.js";
import { introspect } from "./introspect.js";

// Hand-written DDL touching every feature the catalog reads.
const DDL = `
  CREATE TABLE "projects" (
    "id" serial PRIMARY KEY,
    "company_id" integer NOT NULL REFERENCES "companies" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "name" varchar(120) NOT NULL,
    "state" varchar(255) NOT NULL DEFAULT 'draft',
    "budget" numeric(12,2) NOT NULL DEFAULT 0,
    "ratio" double precision,
    "settings" jsonb NOT NULL DEFAULT '{}'::jsonb,
    "labels" varchar(50)[] NOT NULL DEFAULT ARRAY[]::varchar(50)[],
    "starts_on" date,
    "public_id" uuid DEFAULT gen_random_uuid(),
    "big" bigint NOT NULL DEFAULT '0',
    "archived" boolean NOT NULL DEFAULT false,
    "notes" text,
    "created_at" timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT "projects_state_check" CHECK ("state" IN ('draft', 'live'))
  );
  ALTER TABLE "projects" ADD CONSTRAINT "projects_budget_check" CHECK ("budget" >= 0) NOT VALID;
  COMMENT ON TABLE "projects" IS 'Projects of a tenant';
  COMMENT ON COLUMN "projects"."name" IS 'Display name';
  CREATE INDEX "projects_company_id_idx" ON "projects" ("company_id");
  CREATE UNIQUE INDEX "projects_company_id_name_key" ON "projects" ("company_id", "name") WHERE "archived" = false;
  CREATE INDEX "projects_settings_idx" ON "projects" USING gin ("settings");
  CREATE INDEX "projects_lower_name_idx" ON "projects" (lower("name"), "state");
  CREATE TABLE "tasks" (
    "key" bigserial,
    "project_id" integer REFERENCES "projects" ("id") ON DELETE SET NULL,
    CONSTRAINT "tasks_pk" PRIMARY KEY ("key"),
    CONSTRAINT "tasks_project_id_uq" UNIQUE ("project_id")
  );
  CREATE FUNCTION "trim_name"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW."name" := trim(NEW."name"); RETURN NEW; END
  $$;
  CREATE FUNCTION "add_one"(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i + 1';
  CREATE TRIGGER "projects_trim_name" BEFORE INSERT OR UPDATE ON "projects" FOR EACH ROW EXECUTE FUNCTION "trim_name"();
  CREATE TRIGGER "projects_audit" AFTER DELETE OR TRUNCATE ON "projects" FOR EACH STATEMENT EXECUTE FUNCTION "trim_name"();
  ALTER TABLE "projects" DISABLE TRIGGER "projects_audit";
  CREATE VIEW "live_projects" AS SELECT * FROM "projects" WHERE "archived" = false;
  CREATE VIEW "project_tasks" AS SELECT p."name", t."key" FROM "tasks" t JOIN "projects" p ON p."id" = t."project_id";
  CREATE SEQUENCE "free_standing_seq";
  CREATE TYPE "mood" AS ENUM ('happy', 'sad');
  CREATE TABLE "SequelizeMeta" ("name" varchar(255) PRIMARY KEY);
`;

describe("introspect", () => {
  let db: TestDatabase;
  let catalog: Catalog;

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, fixtureSchema().tenant);
    await db.query(DDL);
    catalog = await introspect(db);
  });
  afterAll(async () => db?.close());

  const table = (name: string) => {
    const found = catalog.tables.find((t) => t.name === name);
    if (!found) throw new Error(`table ${name} missing`);
    return found;
  };
  const column = (tableName: string, name: string) => table(tableName).columns.find((c) => c.name === name);

  it("lists tables by name, without the tenant root and SequelizeMeta", () => {
    expect(catalog.tables.map((t) => t.name)).toEqual(["projects", "tasks"]);
    expect(table("projects").comment).toBe("Projects of a tenant");
    expect(table("tasks").comment).toBeNull();
  });

  it("reads columns sorted by name with type, nullability, default and comment", () => {
    const projects = table("projects");
    expect(projects.columns.map((c) => c.name)).toEqual([
      "archived", "big", "budget", "company_id", "created_at", "id", "labels", "name", "notes",
      "public_id", "ratio", "settings", "starts_on", "state",
    ]);
    expect(column("projects", "id")).toEqual({
      name: "id", type: "integer", nullable: false, default: "nextval('projects_id_seq'::regclass)", comment: null,
    });
    expect(column("projects", "name")).toEqual({
      name: "name", type: "character varying(120)", nullable: false, default: null, comment: "Display name",
    });
    expect(column("projects", "state")?.default).toBe("'draft'::character varying");
    expect(column("projects", "budget")).toMatchObject({ type: "numeric(12,2)", default: "0" });
    expect(column("projects", "ratio")).toMatchObject({ type: "double precision", nullable: true, default: null });
    expect(column("projects", "settings")).toMatchObject({ type: "jsonb", default: "'{}'::jsonb" });
    expect(column("projects", "labels")).toMatchObject({ type: "character varying(50)[]" });
    expect(column("projects", "labels")?.default).toBe("(ARRAY[]::character varying[])::character varying(50)[]");
    expect(column("projects", "starts_on")?.type).toBe("date");
    expect(column("projects", "public_id")).toMatchObject({ type: "uuid", default: "gen_random_uuid()" });
    expect(column("projects", "big")).toMatchObject({ type: "bigint", default: "'0'::bigint" });
    expect(column("projects", "archived")).toMatchObject({ type: "boolean", default: "false" });
    expect(column("projects", "notes")).toMatchObject({ type: "text", nullable: true });
    expect(column("projects", "created_at")).toMatchObject({ type: "timestamp with time zone", default: "now()" });
    expect(column("tasks", "key")).toMatchObject({ type: "bigint", default: "nextval('tasks_key_seq'::regclass)" });
  });

  it("reads primary keys with their names", () => {
    expect(table("projects").primaryKey).toEqual({ name: "projects_pkey", columns: ["id"] });
    expect(table("tasks").primaryKey).toEqual({ name: "tasks_pk", columns: ["key"] });
  });

  it("reads foreign keys with their actions", () => {
    expect(table("projects").foreignKeys).toEqual([
      {
        name: "projects_company_id_fkey", columns: ["company_id"], referencedTable: "companies", referencedColumns: ["id"],
        onDelete: "CASCADE", onUpdate: "CASCADE", validated: true,
      },
    ]);
    expect(table("tasks").foreignKeys).toEqual([
      {
        name: "tasks_project_id_fkey", columns: ["project_id"], referencedTable: "projects", referencedColumns: ["id"],
        onDelete: "SET NULL", onUpdate: "NO ACTION", validated: true,
      },
    ]);
  });

  it("reads indexes other than the primary key, in name order", () => {
    expect(table("projects").indexes).toEqual([
      { name: "projects_company_id_idx", columns: ["company_id"], unique: false, predicate: null, method: "btree" },
      { name: "projects_company_id_name_key", columns: ["company_id", "name"], unique: true, predicate: "(archived = false)", method: "btree" },
      { name: "projects_lower_name_idx", columns: ["lower(name::text)", "state"], unique: false, predicate: null, method: "btree" },
      { name: "projects_settings_idx", columns: ["settings"], unique: false, predicate: null, method: "gin" },
    ]);
    expect(table("tasks").indexes).toEqual([
      { name: "tasks_project_id_uq", columns: ["project_id"], unique: true, predicate: null, method: "btree" },
    ]);
  });

  it("reads checks with canonical definitions and validation state", () => {
    expect(table("projects").checks).toEqual([
      { name: "projects_budget_check", definition: "CHECK ((budget >= (0)::numeric)) NOT VALID", validated: false },
      {
        name: "projects_state_check",
        definition: "CHECK (((state)::text = ANY ((ARRAY['draft'::character varying, 'live'::character varying])::text[])))",
        validated: true,
      },
    ]);
  });

  it("reports unique constraints apart from plain unique indexes", () => {
    expect(table("tasks").otherConstraints).toEqual([
      { name: "tasks_project_id_uq", kind: "unique", definition: "UNIQUE (project_id)" },
    ]);
    expect(table("projects").otherConstraints).toEqual([]);
  });

  it("lists sequences with their owners, leaving out those of excluded tables", () => {
    expect(catalog.sequences).toEqual([
      { name: "free_standing_seq", dataType: "bigint", ownedBy: null },
      { name: "projects_id_seq", dataType: "integer", ownedBy: { table: "projects", column: "id" } },
      { name: "tasks_key_seq", dataType: "bigint", ownedBy: { table: "tasks", column: "key" } },
    ]);
  });

  it("reads user triggers with timing, events, level and state, not the internal ones of foreign keys", () => {
    expect(table("projects").triggers).toEqual([
      { name: "projects_audit", function: "trim_name", timing: "AFTER", events: ["DELETE", "TRUNCATE"], level: "STATEMENT", enabled: false },
      { name: "projects_trim_name", function: "trim_name", timing: "BEFORE", events: ["INSERT", "UPDATE"], level: "ROW", enabled: true },
    ]);
    expect(table("tasks").triggers).toEqual([]);
  });

  it("lists views with the relations they read and whether they are updatable", () => {
    expect(catalog.views).toEqual([
      { name: "live_projects", selectsFrom: ["projects"], updatable: true },
      { name: "project_tasks", selectsFrom: ["projects", "tasks"], updatable: false },
    ]);
  });

  it("lists the schema's functions with language and return type", () => {
    expect(catalog.functions).toEqual([
      { name: "add_one", language: "sql", returns: "integer" },
      { name: "trim_name", language: "plpgsql", returns: "trigger" },
    ]);
  });

  it("lists user-defined types", () => {
    expect(catalog.types).toEqual([{ name: "mood", kind: "enum", values: ["happy", "sad"] }]);
  });

  it("honours a custom exclusion list and schema", async () => {
    const withRoot = await introspect(db, { exclude: ["projects", "tasks"] });
    expect(withRoot.tables.map((t) => t.name)).toEqual(["SequelizeMeta", "companies"]);
    expect(withRoot.sequences.map((s) => s.name)).toEqual(["companies_id_seq", "free_standing_seq"]);
    const empty = await introspect(db, { schema: "pg_toast_nothing_here" });
    expect(empty).toEqual({ tables: [], sequences: [], types: [], views: [], functions: [] });
  });

  it("is deterministic", async () => {
    expect(await introspect(db)).toEqual(catalog);
  });
});
