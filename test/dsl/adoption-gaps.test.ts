/**
 * The four constructs real databases have that the adoption DSL lacked (issue 7's pull proof):
 * self-references, composite / raw foreign keys, a belongsTo column under a database name of its own,
 * built-in timestamps without a database default. Their IR, and the validator's words for what a
 * JavaScript user (or an `as any`) gets wrong, the same words as the compile-time rules.
 */
import { describe, expect, test } from "vitest";
import { defineGlobalTable, defineTenantTable, resolveConfig, sql, t, toSchemaIR, validateSchema, type AnySchemaTable } from "tenant-schema";

const sequelize = resolveConfig({ naming: "sequelize", tenant: { table: "Companies" } }, "/repo", null);
const snake = resolveConfig({}, "/repo", null);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (x: unknown): any => x;
const schemaOf = (tables: unknown[], config = sequelize) => toSchemaIR(tables as AnySchemaTable[], config);
const messages = (tables: unknown[], config = sequelize) => validateSchema(schemaOf(tables, config)).map((issue) => issue.message);

const users = defineTenantTable("users", { email: t.string(120) });

describe("belongsToSelf", () => {
  const tickets = defineTenantTable("tickets", { subject: t.string(200) }).belongsToSelf({ nullable: true, onDelete: "SET NULL" });

  test("a foreign key to the table itself, a belongsTo and its inverse on the same model, names that do not collide", () => {
    const table = schemaOf([tickets]).tables[0]!;
    expect(validateSchema(schemaOf([tickets]))).toEqual([]);
    expect(table.columns.find((c) => c.name === "parentId")).toMatchObject({ field: "parentId", role: "foreignKey", nullable: true, type: { kind: "integer" } });
    expect(table.foreignKeys.at(-1)).toEqual({
      name: "Tickets_parentId_fkey",
      columns: ["parentId"],
      referencedTable: "Tickets",
      referencedColumns: ["id"],
      onDelete: "SET NULL",
      onUpdate: "CASCADE",
      source: expect.objectContaining({ file: expect.stringMatching(/adoption-gaps\.test\.ts$/) }),
    });
    expect(table.associations).toEqual([
      { kind: "belongsTo", as: "parent", target: "tickets", targetModel: "Ticket", foreignKey: "parentId" },
      { kind: "hasMany", as: "parentTickets", target: "tickets", targetModel: "Ticket", foreignKey: "parentId" },
    ]);
    expect(table.indexes.map((i) => i.name)).toEqual(["Tickets_companyId_idx", "Tickets_parentId_idx"]);
  });

  test("follows the table's own names (a .tableName, a declared key) and takes belongsTo's options", () => {
    const folders = defineTenantTable("folders", { id: t.uuid().default(sql`gen_random_uuid()`) }, { id: false })
      .primaryKey(["id"])
      .belongsToSelf({ as: "container", field: "container_uuid", inverse: "hasOne", inverseAs: "content", constraintName: "Folders_container_fk", index: false })
      .tableName("legacy_folders");
    const table = schemaOf([folders]).tables[0]!;
    expect(validateSchema(schemaOf([folders]))).toEqual([]);
    expect(table.columns.find((c) => c.name === "containerId")).toMatchObject({ field: "container_uuid", type: { kind: "uuid" }, nullable: false });
    expect(table.foreignKeys.at(-1)).toMatchObject({ name: "Folders_container_fk", columns: ["container_uuid"], referencedTable: "legacy_folders", referencedColumns: ["id"] });
    expect(table.associations.map((a) => `${a.kind} ${a.as}`)).toEqual(["belongsTo container", "hasOne content"]);
    expect(table.indexes.map((i) => i.name)).toEqual(["legacy_folders_companyId_idx"]);
  });

  test("on a global table too; a default name that collides is reported", () => {
    const regions = defineGlobalTable("regions", { code: t.string(8) }, { reason: "ISO regions" }).belongsToSelf({ nullable: true });
    expect(messages([regions])).toEqual([]);
    expect(schemaOf([regions]).tables[0]!.associations.map((a) => a.as)).toEqual(["parent", "parentRegions"]);
    const clash = defineTenantTable("nodes", {}).belongsToSelf({ as: "node", inverse: "hasOne" });
    expect(messages([clash])).toContain("Association 'node' is declared more than once on table 'nodes'");
  });

  test("SET NULL needs a nullable foreign key, as for belongsTo", () => {
    expect(messages([loose(defineTenantTable("nodes", {})).belongsToSelf({ onDelete: "SET NULL" })])).toEqual([
      "Foreign key 'Nodes_parentId_fkey': onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true",
    ]);
  });
});

describe("belongsTo field", () => {
  test("the foreign-key column's database name, when it is not the naming profile's", () => {
    const webhooks = defineTenantTable("webhooks", { url: t.text() });
    const deliveries = defineTenantTable("webhookDeliveries", {}).belongsTo(webhooks, { field: "webhook_id", onDelete: "CASCADE" });
    const table = schemaOf([webhooks, deliveries]).tables.find((x) => x.key === "webhookDeliveries")!;
    expect(table.columns.find((c) => c.name === "webhookId")?.field).toBe("webhook_id");
    expect(table.foreignKeys.at(-1)).toMatchObject({ name: "WebhookDeliveries_webhook_id_fkey", columns: ["webhook_id"], referencedTable: "Webhooks" });
    expect(table.indexes.at(-1)).toMatchObject({ name: "WebhookDeliveries_webhook_id_idx", columns: ["webhook_id"], origin: "foreignKey" });
    expect(table.associations[0]).toMatchObject({ as: "webhook", foreignKey: "webhookId" });
  });

  test("is a database name: the validator checks it like .field(...)", () => {
    const broken = loose(defineTenantTable("notes", {})).belongsTo(users, { field: "user.id" });
    expect(messages([users, broken])).toContainEqual(expect.stringMatching(/^Column name 'user\.id' of table 'notes' contains '\.'/));
  });
});

describe(".foreignKey", () => {
  const tickets = defineTenantTable("tickets", { subject: t.string(200) }).unique(["id"], { constraint: true, name: "Tickets_companyId_id_key" });
  const ratings = defineTenantTable("satisfactionRatings", { ticketId: t.integer(), score: t.integer() }, { paranoid: false }).foreignKey(
    ["companyId", "ticketId"],
    tickets,
    ["companyId", "id"],
    { constraintName: "SatisfactionRatings_ticket_fkey", onDelete: "CASCADE", onUpdate: "NO ACTION" },
  );

  test("a composite key to a UNIQUE (companyId, id): one ForeignKeyIR over the database columns, no column, index or association", () => {
    const schema = schemaOf([tickets, ratings]);
    expect(validateSchema(schema)).toEqual([]);
    const table = schema.tables.find((x) => x.key === "satisfactionRatings")!;
    expect(table.foreignKeys.map((fk) => fk.name)).toEqual(["SatisfactionRatings_companyId_fkey", "SatisfactionRatings_ticket_fkey"]);
    expect(table.foreignKeys[1]).toMatchObject({ columns: ["companyId", "ticketId"], referencedTable: "Tickets", referencedColumns: ["companyId", "id"], onDelete: "CASCADE", onUpdate: "NO ACTION" });
    expect(table.columns.map((c) => `${c.name}:${c.role}`)).toEqual(["id:primaryKey", "companyId:tenant", "ticketId:data", "score:data", "createdAt:createdAt", "updatedAt:updatedAt"]);
    expect(table.indexes.map((i) => i.name)).toEqual(["SatisfactionRatings_companyId_idx"]);
    expect(table.associations).toEqual([]);
  });

  test("resolves the target by key: its .tableName and database names, a string key for cycles, snake_case", () => {
    const renamed = tickets.tableName("help_tickets");
    const byKey = defineTenantTable("satisfactionRatings", { ticketId: t.integer() }).foreignKey(["companyId", "ticketId"], "tickets", ["companyId", "id"]);
    const fk = schemaOf([renamed, byKey], snake).tables.find((x) => x.key === "satisfactionRatings")!.foreignKeys[1]!;
    expect(fk).toMatchObject({ name: "satisfaction_ratings_company_id_ticket_id_fkey", columns: ["company_id", "ticket_id"], referencedTable: "help_tickets", referencedColumns: ["company_id", "id"], onDelete: "RESTRICT", onUpdate: "CASCADE" });
    expect(messages([renamed, byKey], snake)).toEqual([]);
  });

  test("names this table's columns and the target's, as many on both sides", () => {
    const base = loose(defineTenantTable("satisfactionRatings", { ticketId: t.integer() }));
    expect(messages([tickets, base.foreignKey(["companyId", "ticketNo"], tickets, ["companyId", "id"], { constraintName: "fk" })])).toEqual([
      "Foreign key column 'ticketNo' is not declared on table 'satisfactionRatings'",
    ]);
    expect(messages([tickets, base.foreignKey(["companyId", "ticketId"], tickets, ["companyId", "number"], { constraintName: "fk" })])).toEqual([
      "Referenced column 'number' is not declared on table 'tickets'",
    ]);
    expect(messages([tickets, base.foreignKey(["companyId", "ticketId"], tickets, ["id"], { constraintName: "fk" })])).toEqual([
      "Foreign key 'fk': A foreign key references as many columns as it has (2 columns, 1 referenced)",
    ]);
    expect(messages([base.foreignKey(["ticketId"], "tikets", ["id"], { constraintName: "fk" })])).toEqual(["Relation target must be a table: 'tikets' is not in the schema"]);
    expect(() => base.foreignKey(["ticketId"], 42, ["id"])).toThrow("Relation target must be a table: foreignKey got number 42; pass the table itself (import it)");
  });

  test("references the target's primary key or a unique key of exactly those columns (PostgreSQL requires it)", () => {
    const plain = defineTenantTable("tickets", { subject: t.string(200), number: t.integer() }).index(["companyId", "number"], { name: "Tickets_number_idx", unique: true, where: () => sql`true` });
    const base = loose(defineTenantTable("satisfactionRatings", { ticketId: t.integer() }));
    const toKey = (columns: string[], refs: string[]) => messages([plain, base.foreignKey(columns, plain, refs, { constraintName: "fk" })]);
    expect(toKey(["companyId", "ticketId"], ["companyId", "id"])).toEqual([
      "Foreign key 'fk' must reference the primary key or a unique key of 'tickets' (PostgreSQL requires one over exactly the referenced columns)",
    ]);
    expect(toKey(["companyId", "ticketId"], ["companyId", "number"])).toHaveLength(1); // a partial unique index is no key
    expect(toKey(["ticketId"], ["id"])).toEqual([]); // the primary key
    const keyed = plain.unique(["number"], { constraint: true, name: "Tickets_company_number_key" });
    expect(messages([keyed, base.foreignKey(["ticketId", "companyId"], keyed, ["number", "companyId"], { constraintName: "fk" })])).toEqual([]); // any column order
  });

  test("SET NULL needs nullable columns; a global table references global tables, unless it is not reviewed yet", () => {
    expect(messages([tickets, loose(ratings).foreignKey(["companyId", "ticketId"], tickets, ["companyId", "id"], { constraintName: "fk2", onDelete: "SET NULL" })])).toEqual([
      "Foreign key 'fk2': onDelete 'SET NULL' needs nullable columns: 'companyId' is NOT NULL",
    ]);
    const shared = loose(defineGlobalTable("deliveries", { ticketId: t.integer() }, { reason: "shared" })).foreignKey(["ticketId"], tickets, ["id"]);
    expect(messages([tickets, shared])).toEqual(["A global table can only reference global tables: a shared row cannot point at one tenant's data: 'tickets' is a tenant table"]);
    const unreviewed = defineGlobalTable("deliveries", { ticketId: t.integer() }, { departures: ["globalUnreviewed"] }).foreignKey(["ticketId"], tickets, ["id"]).belongsTo(users);
    expect(messages([tickets, users, unreviewed])).toEqual([]);
  });
});

describe("timestampDefault: false", () => {
  test("the built-in timestamps have no database default; Sequelize keeps managing them", () => {
    const legacy = defineTenantTable("teams", { name: t.string(100) }, { timestampDefault: false, paranoid: false });
    const table = schemaOf([legacy]).tables[0]!;
    expect(table.timestamps).toBe(true);
    expect(table.columns.filter((c) => c.role === "createdAt" || c.role === "updatedAt").map((c) => [c.name, c.default])).toEqual([
      ["createdAt", null],
      ["updatedAt", null],
    ]);
    const designed = schemaOf([defineTenantTable("teams", { name: t.string(100) })]).tables[0]!;
    expect(designed.columns.find((c) => c.role === "createdAt")?.default).toEqual({ kind: "sql", sql: "now()" });
  });
});
