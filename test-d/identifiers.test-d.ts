import { expectError, expectType } from "tsd";
import {
  defineGlobalTable,
  defineTenantTable,
  t,
  type DatabaseNameMessage,
  type FeatureNameMessage,
  type InvalidTableKeyMessage,
  type MemberColumnMessage,
} from "tenant-schema";

const users = defineTenantTable("users", { name: t.string(100) });

// Table keys: a model class and file are named after them.
defineTenantTable("webhookEndpoints", {});
defineTenantTable("audit_logs", {});
expectError(defineTenantTable("1st-things", {}));
expectError(defineTenantTable("ticket-comments", {}));
expectError(defineTenantTable("", {}));
expectError(defineGlobalTable("plan.items", {}, { reason: "Sold to every tenant alike" }));

// Column keys: identifiers, and no member every model instance has.
defineTenantTable("notes", { saveFlag: t.boolean().field("save"), _legacy: t.text() });
expectError(defineTenantTable("notes", { save: t.boolean() }));
expectError(defineTenantTable("notes", { update: t.text() }));
expectError(defineTenantTable("notes", { destroy: t.text() }));
expectError(defineTenantTable("notes", { get: t.text() }));
expectError(defineTenantTable("notes", { set: t.text() }));
expectError(defineTenantTable("notes", { constructor: t.text() }));
expectError(defineTenantTable("notes", { toJSON: t.text() }));
expectError(defineTenantTable("notes", { sequelize: t.text() }));
expectError(defineGlobalTable("plans", { reload: t.text() }, { reason: "Sold to every tenant alike" }));
expectError(defineTenantTable("notes", { "first-name": t.text() }));
expectError(defineTenantTable("notes", { "2fa": t.boolean() }));
expectError(defineTenantTable("notes", { "due at": t.timestamp() }));

// Features: part of a file name.
defineTenantTable("notes", {}).feature("billing");
defineTenantTable("notes", {}).feature("billing-v2.archive");
expectError(defineTenantTable("notes", {}).feature("../../../../ESCAPED"));
expectError(defineTenantTable("notes", {}).feature("billing/notes"));
expectError(defineTenantTable("notes", {}).feature("..\\notes"));
expectError(defineTenantTable("notes", {}).feature("my notes"));
expectError(defineTenantTable("notes", {}).feature(""));

// Database names: no quotes, dots or NUL.
defineTenantTable("notes", {}).tableName("Notes");
t.text().field("legacy_name");
expectError(defineTenantTable("things", {}).tableName("pg_temp.things"));
expectError(defineTenantTable("things", {}).tableName('my"things'));
expectError(t.text().field('na"me'));
expectError(t.text().field("schema.column"));
expectError(t.text().field("nul\u0000"));

// Relation names: no model member either.
defineTenantTable("notes", {}).belongsTo(users, { as: "author" });
expectError(defineTenantTable("notes", {}).belongsTo(users, { as: "save" }));
expectError(defineTenantTable("notes", {}).belongsTo(users, { foreignKey: "destroy" }));

// A plain `string` cannot be judged by the types: the validator checks it when you emit.
const key: string = "1st-things";
defineTenantTable(key, {});

// The messages are string-literal types, spelled like src/ir/messages.ts.
expectType<"Table key '1st-things' is not a valid key: use letters, digits and '_', starting with a letter (keep any database name with .tableName(...))">(
  {} as InvalidTableKeyMessage<"1st-things">,
);
expectType<`Column 'save' of table 'notes' collides with the model member 'save' (every Sequelize model has it): rename the attribute and keep the database column with .field("save"), e.g. declare it as 'saveValue' with .field("save")`>(
  {} as MemberColumnMessage<"save", "notes">,
);
expectType<"Feature '../x' of table 'notes' is not a safe file name: use letters, digits, '-', '_' and single inner dots, at most 100 characters, no path separators or '..' (a table's feature is its file's name unless .feature(...) says otherwise)">(
  {} as FeatureNameMessage<"../x", "notes">,
);
expectType<`Table name 'pg_temp.things' of table 'things' contains '.': database names may not contain '.', '"', NUL or control characters and must fit PostgreSQL's 63 bytes (in UTF-8, after the naming profile)`>(
  {} as DatabaseNameMessage<"Table name", "pg_temp.things", "things", "contains '.'">,
);
