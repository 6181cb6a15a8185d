import { describe, expect, test } from "vitest";
import { defineGlobalTable, defineTenantTable, resolveConfig, sql, t, toSchemaIR, validateSchema, type AnySchemaTable } from "tenant-schema";

const config = resolveConfig({}, "/repo", null);
// Every rule is broken here through `any`, as a JavaScript user would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (x: unknown): any => x;
const issuesOf = (...tables: unknown[]) => validateSchema(toSchemaIR(tables as AnySchemaTable[], config));
const messages = (...tables: unknown[]) => issuesOf(...tables).map((issue) => issue.message);

const users = defineTenantTable("users", { name: t.string(100) });

describe("validateSchema", () => {
  test("a valid schema has no issues", () => {
    expect(issuesOf(users)).toEqual([]);
  });

  test("rule 1: built-in columns cannot be declared", () => {
    const table = defineTenantTable("notes", loose({ id: t.uuid(), companyId: t.integer(), body: t.text() }));
    expect(messages(table)).toEqual([
      "'id' is a built-in column and cannot be declared on table 'notes'",
      "'companyId' is a built-in column and cannot be declared on table 'notes'",
    ]);
    const issue = issuesOf(table)[0];
    expect(issue?.source?.file).toMatch(/test\/dsl\/validate\.test\.ts$/);
    expect(issue?.table).toBe("notes");
  });

  test("rule 2: indexes and uniques name declared columns only; check callbacks throw at once", () => {
    const base = defineTenantTable("notes", { body: t.text() });
    expect(messages(loose(base).index(["companyId", "foo"]))).toEqual(["Index column 'foo' is not declared on table 'notes'"]);
    expect(messages(loose(base).unique(["bar"]))).toEqual(["Unique column 'bar' is not declared on table 'notes'"]);
    expect(() => loose(base).check("x", (c: Record<string, unknown>) => sql`${loose(c.nope)} > 0`)).toThrow(
      "Check column 'nope' is not declared on table 'notes'",
    );
    expect(() => loose(base).index(["body"], { where: (c: Record<string, unknown>) => sql`${loose(c.gone)}` })).toThrow(
      "Index column 'gone' is not declared on table 'notes'",
    );
  });

  test("rule 2: the index's source points at the .index() call", () => {
    const line = Number(new Error().stack?.split("\n")[1]?.match(/:(\d+):\d+\)?$/)?.[1]) + 1;
    const table = loose(defineTenantTable("notes", { body: t.text() })).index(["foo"]);
    expect(issuesOf(table)[0]?.source).toEqual({ file: expect.stringMatching(/validate\.test\.ts$/), line });
  });

  test("rule 3: enum defaults must be among the values; defaults match the column type", () => {
    const table = defineTenantTable("notes", {
      status: t.enum(["open", "closed"]).default(loose("archived")),
      count: t.integer().default(loose("three")),
      ratio: t.double().default(loose(true)),
      tags: t.array(t.string(5)).default(loose(["toolong"])),
      ok: t.decimal(10, 2).default("1.50"),
    });
    expect(messages(table)).toEqual([
      "Column 'status' of table 'notes': Default 'archived' is not one of the enum values",
      "Column 'count' of table 'notes': Default value does not match the column type 'integer'",
      "Column 'ratio' of table 'notes': Default value does not match the column type 'double'",
      "Column 'tags' of table 'notes': Default value does not match the column type 'array'",
    ]);
  });

  test("rule 4: onDelete SET NULL needs a nullable foreign key", () => {
    const bad = loose(defineTenantTable("notes", { body: t.text() })).belongsTo(users, { onDelete: "SET NULL" });
    expect(messages(users, bad)).toEqual(["Foreign key 'notes_user_id_fkey': onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true"]);
    const good = defineTenantTable("notes", { body: t.text() }).belongsTo(users, { onDelete: "SET NULL", nullable: true });
    expect(messages(users, good)).toEqual([]);
  });

  test("rule 5: relation targets are tables of the schema; global tables reference global tables only", () => {
    const plans = defineGlobalTable("plans", { name: t.string(50) }, { reason: "Sold to every tenant alike" });
    const toGlobal = defineTenantTable("subscriptions", {}).belongsTo(plans);
    expect(messages(plans, toGlobal)).toEqual([]);
    expect(toSchemaIR([plans, toGlobal], config).tables.find((x) => x.key === "subscriptions")?.foreignKeys.map((fk) => fk.referencedTable)).toEqual(["companies", "plans"]);
    const regions = defineGlobalTable("regions", { code: t.string(8) }, { reason: "Shared reference data" });
    expect(messages(regions, plans.belongsTo(regions))).toEqual([]);
    const globalToTenant = loose(plans).belongsTo(users);
    expect(messages(users, globalToTenant)).toEqual([
      "A global table can only reference global tables: a shared row cannot point at one tenant's data: 'users' is a tenant table",
    ]);
    // Anything but a table fails where it is written (the load error carries its file and line).
    const notes = loose(defineTenantTable("notes", {}));
    expect(() => notes.belongsTo({ not: "a table" })).toThrow('Relation target must be a table: belongsTo got object {"not":"a table"}; pass the table itself (import it)');
    expect(() => notes.belongsTo("users")).toThrow('Relation target must be a table: belongsTo got the string "users"; pass the table itself (import it)');
    expect(() => notes.belongsTo({ name: "users" })).toThrow('belongsTo got object {"name":"users"}');
    expect(() => notes.belongsTo(undefined)).toThrow("belongsTo got undefined (a table imported in a cycle is undefined while its module loads)");
    expect(() => notes.belongsToMany("tags", { through: "noteTags" })).toThrow('belongsToMany got the string "tags"');
    expect(messages(defineTenantTable("notes", {}).belongsTo(users))).toEqual(["Relation target must be a table: 'users' is not in the schema"]);
  });

  test("rule 6: a global table needs a written reason; the tenant root cannot be declared; keys are unique", () => {
    expect(messages(defineGlobalTable("plans", {}, loose({ reason: "  " })))).toEqual(["Global table 'plans' needs a written reason"]);
    expect(messages(defineTenantTable("companies", {}))).toContain("Table 'companies' is the tenant root: it is configured, not declared");
    expect(messages(users, defineTenantTable("users", {}))).toContain("Table 'users' is declared more than once");
  });

  test("duplicate names across the schema are reported (PostgreSQL shares one namespace)", () => {
    const a = defineTenantTable("notes", { body: t.text() }).index(["body"], { name: "shared_name" });
    const b = defineTenantTable("memos", { body: t.text() }).index(["body"], { name: "shared_name" });
    expect(messages(a, b)).toEqual([
      "Name 'shared_name' is used more than once (PostgreSQL tables, indexes and constraints share one namespace)",
    ]);
  });

  test("model classes are distinct and do not take a name the model files import", () => {
    const models = defineTenantTable("models", { name: t.string(50) });
    const tables = defineTenantTable("tables", { name: t.string(50) }).belongsTo(models);
    expect(messages(models, tables)).toEqual([
      "Table 'models' makes model 'Model', a name the generated models import: give it another key (keep its database name with .tableName(...))",
      "Table 'tables' makes model 'Table', a name the generated models import: give it another key (keep its database name with .tableName(...))",
    ]);
    // The way out the message names: another key, the same database table.
    expect(messages(defineTenantTable("mlModels", { name: t.string(50) }).tableName("models"))).toEqual([]);

    const person = defineTenantTable("person", {}).tableName("person");
    const people = defineTenantTable("people", {});
    expect(messages(person, people)).toEqual([
      "Tables 'people' and 'person' both make model 'Person': give one of them another key (keep its database name with .tableName(...))",
    ]);
    const withCompany = validateSchema(toSchemaIR([defineTenantTable("company", {}).tableName("company_profiles")], resolveConfig({ tenant: { model: { name: "Company", importPath: "./Company" } } }, "/repo", null)));
    expect(withCompany.map((issue) => issue.code)).toEqual(["model-name"]);
  });

  test("never throws, even on a hand-made broken IR", () => {
    const ir = toSchemaIR([users], config);
    const broken = { ...ir, tables: [{ ...ir.tables[0]!, indexes: [{ ...ir.tables[0]!.indexes[0]!, name: "x".repeat(70) }] }] };
    expect(() => validateSchema(broken)).not.toThrow();
    expect(validateSchema(broken).map((i) => i.code)).toEqual(["name-too-long"]);
  });
});

describe("validateSchema on adopted tables", () => {
  test("soft delete needs timestamps", () => {
    const contacts = defineTenantTable("contacts", { name: t.text() }, loose({ timestamps: false }));
    expect(messages(contacts)).toEqual(["Table 'contacts': Soft delete needs timestamps: pass paranoid: false with timestamps: false"]);
    expect(messages(defineTenantTable("contacts", { createdAt: t.timestamp() }, { timestamps: false, paranoid: false }))).toEqual([]);
  });

  test("departures are written out and must match the table, both ways", () => {
    const nullable = defineTenantTable("contacts", { name: t.text() }, { departures: ["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"] });
    expect(messages(nullable)).toEqual([]);
    const ir = toSchemaIR([nullable], config).tables[0]!;
    expect(ir.departures).toEqual(["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"]);
    expect(ir.columns.find((c) => c.role === "tenant")?.nullable).toBe(true);
    expect(ir.foreignKeys).toEqual([]);
    expect(ir.indexes).toEqual([]);
    // A declared index leading with the tenant column contradicts "tenantWithoutIndex".
    const contradicted = defineTenantTable("contacts", { name: t.text() }, { departures: ["tenantWithoutIndex"] }).index(["companyId", "name"]);
    expect(messages(contradicted)).toEqual([
      "Table 'contacts' declares the departure 'tenantWithoutIndex', but an index leads with the tenant column: remove the departure or the object",
    ]);
    // An IR (from JavaScript, or an introspection) that breaks a rule without saying so is refused.
    const silent = toSchemaIR([defineTenantTable("contacts", { name: t.text() })], config);
    silent.tables[0]!.columns.find((c) => c.role === "tenant")!.nullable = true;
    expect(validateSchema(silent).map((issue) => issue.message)).toEqual([
      `Table 'contacts' breaks a tenant rule (its tenant column is nullable) without declaring it: add departures: ["tenantNullable"]`,
    ]);
    expect(messages(defineTenantTable("contacts", {}, loose({ departures: ["globalUnreviewed"] })))).toEqual([
      "Departure 'globalUnreviewed' does not apply to table 'contacts' (a tenant table)",
    ]);
    expect(messages(defineGlobalTable("legacyThings", { name: t.text() }, { departures: ["globalUnreviewed"] }))).toEqual([]);
    expect(messages(defineGlobalTable("legacyThings", { name: t.text() }, loose({})))).toEqual(["Global table 'legacyThings' needs a written reason"]);
  });

  test("SET NULL on the tenant foreign key needs the nullable tenant column", () => {
    const bad = defineTenantTable("contacts", {}, loose({ tenantForeignKey: { onDelete: "SET NULL" } }));
    expect(messages(bad)).toContain(`Table 'contacts': onDelete 'SET NULL' on the tenant foreign key needs a nullable tenant column: add departures: ["tenantNullable"]`);
    const good = defineTenantTable("contacts", {}, { departures: ["tenantNullable"], tenantForeignKey: { onDelete: "SET NULL", onUpdate: "NO ACTION", constraintName: "Contacts_companyId_fk" } });
    expect(messages(good)).toEqual([]);
    expect(toSchemaIR([good], config).tables[0]!.foreignKeys[0]).toMatchObject({ name: "Contacts_companyId_fk", onDelete: "SET NULL", onUpdate: "NO ACTION" });
  });

  test("primary keys: declared columns, the built-in id only by itself, NOT NULL", () => {
    const junction = defineTenantTable("contactTags", { tag: t.string(40) }, { id: false, paranoid: false }).belongsTo(users).primaryKey(["userId", "tag"], { name: "ContactTags_pk" });
    expect(messages(users, junction)).toEqual([]);
    const ir = toSchemaIR([users, junction], config).tables.find((x) => x.key === "contactTags")!;
    expect(ir.primaryKey).toEqual({ name: "ContactTags_pk", columns: ["user_id", "tag"] });
    expect(ir.columns.filter((c) => c.primaryKey).map((c) => c.field)).toEqual(["tag", "user_id"]);
    expect(ir.columns.some((c) => c.name === "id")).toBe(false);
    const none = toSchemaIR([defineTenantTable("events", { payload: t.jsonb() }, { id: false })], config).tables[0]!;
    expect(none.primaryKey).toBeNull();
    expect(messages(loose(defineTenantTable("contacts", { name: t.text() })).primaryKey(["name"]))).toEqual([
      "Primary key of table 'contacts': The built-in 'id' is this table's primary key: pass id: false in the table options to declare another",
    ]);
    expect(messages(defineTenantTable("contacts", { name: t.text() }).primaryKey(["id"], { name: "Contacts_pk" }))).toEqual([]);
    expect(messages(loose(defineTenantTable("contacts", { name: t.text() }, { id: false })).primaryKey(["nope"]))).toEqual([
      "Primary key column 'nope' is not declared on table 'contacts'",
    ]);
    expect(messages(loose(defineTenantTable("contacts", { name: t.text().nullable() }, { id: false })).primaryKey(["name"]))).toEqual([
      "Primary key of table 'contacts': column 'name' is nullable",
    ]);
  });

  test("autoIncrement, PostgreSQL ENUM types and custom columns", () => {
    const table = defineTenantTable("calls", {
      seq: t.bigint().autoIncrement(),
      code: loose(t.text()).autoIncrement(),
      mood: t.pgEnum("mood", ["sad", "", "sad"]),
      raw: t.custom("smallint", { tsType: "number" }).default(loose(0)),
    });
    expect(messages(table)).toEqual([
      "Column 'raw' of table 'calls': Default value does not match the column type 'custom'",
      "Column 'code' of table 'calls' is text: autoIncrement needs an integer or bigint column",
      "PostgreSQL ENUM column 'mood' needs distinct values and a type name",
    ]);
    const a = defineTenantTable("a", { mood: t.pgEnum("mood", ["sad", "ok"]) });
    const b = defineTenantTable("b", { mood: t.pgEnum("mood", ["ok", "sad"]) });
    expect(messages(a, b)).toEqual(["PostgreSQL ENUM type 'mood' has different values on a.mood and b.mood: one type has one list of values"]);
    expect(messages(defineTenantTable("moods", { mood: t.pgEnum("moods", ["ok"]) }))).toEqual([
      "PostgreSQL ENUM type 'moods' has the name of a table (PostgreSQL types and tables share one namespace)",
    ]);
  });
});
