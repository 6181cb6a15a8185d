import { expectError, expectType } from "tsd";
import {
  defineGlobalTable,
  defineSchema,
  defineTenantTable,
  sql,
  t,
  type BuiltInColumnMessage,
  type EnumDefaultMessage,
  type ParanoidMessage,
  type UnknownColumnMessage,
} from "tenant-schema";

const users = defineTenantTable("users", { name: t.string(100) });
const plans = defineGlobalTable("plans", { name: t.string(50) }, { reason: "Sold to every tenant alike" });
const notes = defineTenantTable("notes", { body: t.text(), status: t.enum(["open", "closed"]) });

// Rule 1: built-in columns cannot be declared.
expectError(defineTenantTable("notes", { id: t.uuid() }));
expectError(defineTenantTable("notes", { companyId: t.integer() }));
expectError(defineTenantTable("notes", { createdAt: t.timestamp() }));
expectError(defineTenantTable("notes", { deletedAt: t.timestamp().nullable() }));
expectError(defineGlobalTable("plans", { updatedAt: t.timestamp() }, { reason: "r" }));

// Rule 2: indexes, uniques and checks name declared columns (built-ins and foreign keys included).
notes.index(["companyId", "status", "createdAt"]);
notes.belongsTo(users).index(["companyId", "userId"]);
expectError(notes.index(["companyId", "foo"]));
expectError(notes.index(["userId"])); // the foreign key exists only after belongsTo
expectError(notes.unique(["bar"]));
expectError(notes.check("positive", (c) => sql`${c.missing} > 0`));
expectError(notes.index(["body"], { where: (c) => sql`${c.gone} IS NULL` }));
expectError(plans.index(["companyId"])); // global tables have no tenant column

// Rule 3: enum defaults among the values; defaults match the column type.
t.enum(["open", "closed"]).default("open");
t.integer().default(0);
t.decimal(10, 2).default("1.50");
t.timestamp().default(sql`now()`);
t.text().nullable().default(null);
t.jsonb<{ link?: string }>().default({});
t.array(t.string(10)).default([]);
expectError(t.enum(["open", "closed"]).default("archived"));
expectError(t.integer().default("three"));
expectError(t.boolean().default(1));
expectError(t.text().default(null));
expectError(t.jsonb<{ link?: string }>().default({ link: 1 }));
expectError(t.array(t.string(10)).default([1]));

// Schema evolution: a remap of removed enum values targets one of the values the column keeps.
t.enum(["open", "solved"]).default("open").remap({ pending: "open", hold: "solved" });
t.enum(["open", "solved"]).nullable().remap({ pending: "open" });
expectError(t.enum(["open", "solved"]).remap({ pending: "bogus" }));
expectError(t.enum(["open", "solved"]).default("open").remap({ pending: "closed" }));
expectError(t.integer().remap({ pending: "open" }));

// Rule 4: onDelete SET NULL needs a nullable foreign key.
notes.belongsTo(users, { onDelete: "SET NULL", nullable: true });
expectError(notes.belongsTo(users, { onDelete: "SET NULL" }));
expectError(notes.belongsTo(users, { onDelete: "SET NULL", nullable: false }));

// Rule 5: relation targets are tables; a tenant table may reference tenant and global tables, a
// global table global ones only (a shared row cannot point at one tenant's data).
notes.belongsTo(plans);
notes.belongsToMany(plans, { through: "notePlans" });
expectError(notes.belongsTo("users"));
expectError(notes.belongsTo({ key: "users" }));
const regions = defineGlobalTable("regions", { code: t.string(8) }, { reason: "ISO regions are the same for everyone" });
plans.belongsTo(regions, { onDelete: "RESTRICT" });
expectError(plans.belongsTo(users));
expectError(plans.belongsTo("regions"));

// Rule 6: only tenant tables and global tables with a written reason are emitted.
defineSchema([users, plans, notes]);
expectError(defineSchema([users, { name: "not a table" }]));
expectError(defineSchema([users, "notes"]));
expectError(defineGlobalTable("plans", {}, { reason: "" }));
expectError(defineGlobalTable("plans", {}));

// Rule 7: table options describe adopted tables; built-ins they turn off may be declared as data columns.
defineTenantTable("contacts", { createdAt: t.timestamp().nullable() }, { timestamps: false, paranoid: false });
defineTenantTable("contacts", { deletedAt: t.timestamp().nullable() }, { paranoid: false });
defineTenantTable("contacts", { id: t.uuid().default(sql`gen_random_uuid()`) }, { id: false }).primaryKey(["id"]);
expectError(defineTenantTable("contacts", { deletedAt: t.timestamp().nullable() }));
expectError(defineTenantTable("contacts", { id: t.uuid() }));
// Soft delete needs timestamps.
expectError(defineTenantTable("contacts", { name: t.text() }, { timestamps: false }));
expectError(defineGlobalTable("zones", { name: t.text() }, { reason: "r", timestamps: false, paranoid: true }));

// Rule 8: the primary key names declared columns; with the built-in id it can only rename its constraint.
defineTenantTable("contacts", { name: t.text() }).primaryKey(["id"], { name: "Contacts_pk" });
defineTenantTable("contactTags", { tag: t.string(40) }, { id: false }).belongsTo(users).primaryKey(["userId", "tag"]);
expectError(defineTenantTable("contacts", { name: t.text() }).primaryKey(["name"]));
expectError(defineTenantTable("contacts", { name: t.text() }, { id: false }).primaryKey(["nope"]));
expectError(defineTenantTable("contacts", { name: t.text() }, { id: false }).primaryKey(["id"]));

// Rule 9: departures are written out, per scope; SET NULL on the tenant foreign key needs a nullable tenant column.
defineTenantTable("contacts", {}, { departures: ["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"] });
defineTenantTable("contacts", {}, { departures: ["tenantNullable"], tenantForeignKey: { onDelete: "SET NULL", constraintName: "Contacts_companyId_fk" } });
expectError(defineTenantTable("contacts", {}, { tenantForeignKey: { onDelete: "SET NULL" } }));
expectError(defineTenantTable("contacts", {}, { departures: ["globalUnreviewed"] }));
expectError(defineTenantTable("contacts", {}, { departures: ["tenantOptional"] }));
defineGlobalTable("legacyThings", { name: t.text() }, { departures: ["globalUnreviewed"] });
expectError(defineGlobalTable("legacyThings", { name: t.text() }, { departures: ["tenantNullable"] }));
expectError(defineGlobalTable("legacyThings", { name: t.text() }, { paranoid: false }));

// Rule 10: the adoption kinds and modifiers.
t.integer().autoIncrement();
t.bigint().autoIncrement().nullable();
expectError(t.text().autoIncrement());
expectError(t.uuid().autoIncrement());
t.pgEnum("enum_Tickets_status", ["open", ""]).default("");
expectError(t.pgEnum("enum_Tickets_status", ["open", "closed"]).default("archived"));
t.json<{ a?: number }>().default({});
expectError(t.json<{ a?: number }>().default({ a: "x" }));
t.custom<number>("smallint", { tsType: "number" }).default(sql`0`);
expectError(t.custom<number>("smallint", { tsType: "number" }).default(0));
expectError(t.custom("smallint"));
t.string(80).unique({ constraint: true, name: "Users_email_key" });
notes.unique(["body"], { constraint: true });
t.integer().check((c) => sql`${c} > 0`, { constraintName: "Legacy_positive" });
notes.check("body_len", (c) => sql`length(${c.body}) > 0`, { constraintName: "notes_body_len" });
notes.belongsTo(users, { constraintName: "Notes_userId_Users_fk", index: false });

// Rule 11: an expression index is named and names declared columns.
notes.indexOn("notes_lower_body_idx", (c) => sql`lower(${c.body})`, { unique: true });
expectError(notes.indexOn("notes_lower_nope_idx", (c) => sql`lower(${c.nope})`));
expectError(notes.indexOn((c: { body: unknown }) => sql`lower(${String(c.body)})`));

// Array elements are scalars only.
expectError(t.array(t.jsonb()));
expectError(t.array(t.enum(["a"])));
expectError(t.array(t.pgEnum("mood", ["a"])));
expectError(t.array(t.custom("tsvector", { tsType: "string" })));

// The messages are string-literal types, spelled like src/ir/messages.ts.
expectType<"Index column 'foo' is not declared on table 'notifications'">({} as UnknownColumnMessage<"Index", "foo", "notifications">);
expectType<"'id' is a built-in column and cannot be declared on table 'notes'">({} as BuiltInColumnMessage<"id", "notes">);
expectType<"Default 'archived' is not one of the enum values">({} as EnumDefaultMessage<"archived">);
expectType<"Soft delete needs timestamps: pass paranoid: false with timestamps: false">({} as ParanoidMessage);

// Rule 16: self-references take belongsTo's options; the foreign key's `field` is a database name.
defineTenantTable("threads", { title: t.text() }).belongsToSelf({ nullable: true, onDelete: "SET NULL" }).index(["parentId"]);
defineTenantTable("threads", { title: t.text() }).belongsToSelf({ as: "root", field: "root_id", index: false }).index(["rootId"]);
defineGlobalTable("regions", { code: t.string(8) }, { reason: "ISO" }).belongsToSelf({ as: "country", nullable: true });
expectError(defineTenantTable("threads", {}).belongsToSelf({ onDelete: "SET NULL" }));
expectError(defineTenantTable("threads", {}).belongsToSelf({ as: "save" }));
expectError(defineTenantTable("threads", {}).belongsToSelf().index(["rootId"])); // the default foreign key is parentId
expectError(notes.belongsTo(users, { field: "user.id" }));
expectError(defineTenantTable("threads", {}).belongsToSelf({ field: 'pa"rent' }));

// Rule 17: .foreignKey names this table's columns and, for a table target, as many of the target's.
const tickets = defineTenantTable("tickets", { subject: t.text() }).unique(["id"], { constraint: true });
const ratings = defineTenantTable("ratings", { ticketId: t.integer(), score: t.integer() });
ratings.foreignKey(["companyId", "ticketId"], tickets, ["companyId", "id"], { constraintName: "Ratings_ticket_fkey", onDelete: "CASCADE" });
ratings.foreignKey(["companyId", "ticketId"], "tickets", ["companyId", "id"]); // by key, for cycles: checked when emitted
expectError(ratings.foreignKey(["companyId", "ticketNo"], tickets, ["companyId", "id"]));
expectError(ratings.foreignKey(["companyId", "ticketId"], tickets, ["companyId", "number"]));
expectError(ratings.foreignKey(["companyId", "ticketId"], tickets, ["id"]));
expectError(ratings.foreignKey(["ticketId"], { key: "tickets" }, ["id"]));
expectError(ratings.foreignKey(["companyId", "ticketId"], tickets, ["companyId", "id"], { onDelete: "SET NULL" }));
defineTenantTable("ratings", { ticketId: t.integer().nullable() }).foreignKey(["ticketId"], tickets, ["id"], { onDelete: "SET NULL" });
expectError(plans.foreignKey(["id"], users, ["id"])); // a global table references global tables only

// A global table not reviewed yet is declared as it is, references to tenant tables included.
defineGlobalTable("deliveries", {}, { departures: ["globalUnreviewed"] }).belongsTo(users, { field: "user_id" });
defineGlobalTable("deliveries", { userId: t.integer() }, { departures: ["globalUnreviewed"] }).foreignKey(["userId"], users, ["id"]);
expectError(defineGlobalTable("deliveries", {}, { reason: "shared" }).belongsTo(users));

// Built-in timestamps without a database default (tables made by Sequelize's createTable).
defineTenantTable("legacy", { name: t.text() }, { timestampDefault: false, paranoid: false });
expectError(defineTenantTable("legacy", { name: t.text() }, { timestampDefault: "no" }));
