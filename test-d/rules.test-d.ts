import { expectError, expectType } from "tsd";
import {
  defineGlobalTable,
  defineSchema,
  defineTenantTable,
  sql,
  t,
  type BuiltInColumnMessage,
  type EnumDefaultMessage,
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

// Rule 5: relation targets are tenant tables.
expectError(notes.belongsTo(plans));
expectError(notes.belongsToMany(plans, { through: "notePlans" }));
expectError(notes.belongsTo("users"));
expectError(notes.belongsTo({ key: "users" }));
expectError(plans.belongsTo); // global tables do not point at tenant data

// Rule 6: only tenant tables and global tables with a written reason are emitted.
defineSchema([users, plans, notes]);
expectError(defineSchema([users, { name: "not a table" }]));
expectError(defineSchema([users, "notes"]));
expectError(defineGlobalTable("plans", {}, { reason: "" }));
expectError(defineGlobalTable("plans", {}));

// Array elements are scalars only.
expectError(t.array(t.jsonb()));
expectError(t.array(t.enum(["a"])));

// The messages are string-literal types, spelled like src/ir/messages.ts.
expectType<"Index column 'foo' is not declared on table 'notifications'">({} as UnknownColumnMessage<"Index", "foo", "notifications">);
expectType<"'id' is a built-in column and cannot be declared on table 'notes'">({} as BuiltInColumnMessage<"id", "notes">);
expectType<"Default 'archived' is not one of the enum values">({} as EnumDefaultMessage<"archived">);
