/**
 * Bad identifiers through the real emit (issue 8): each case is a schema file a user could write
 * (loaded without type checks, as a JavaScript user or an `as any` would get it past the compiler),
 * and each must be refused with `file:line: message` in the validator's words, exit 1, and nothing
 * written: no file outside the project, no half-emitted model, no stack trace.
 */
import { describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import * as m from "../../src/ir/messages.js";
import { makeProject } from "./project.js";

const HEAD = `import { defineGlobalTable, defineTenantTable, sql, t } from "tenant-schema";\n\n`;
const USERS = `export const users = defineTenantTable("users", { name: t.string(50) });\n`;

/** A case: schema files, and the expected messages, each on the line marked with its number (`// #1`). */
interface IdentifierCase {
  name: string;
  files: Record<string, string>;
  /** Message per marker, in marker order. */
  messages: string[];
}

const long = "aVeryLongAttributeNameThatKeepsGoingPastWhatPostgresCanStore";
const longer = `${long}Really`;
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const bytes = (name: string) => Buffer.byteLength(name, "utf8");
const tooLong = (name: string) => `is longer than 63 bytes (${bytes(name)} in UTF-8)`;

const CASES: IdentifierCase[] = [
  {
    name: "a feature that climbs out of the docs folder",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", { body: t.text() }) // #1\n  .feature("../../../../ESCAPED");\n` },
    messages: [m.featureNameMessage("../../../../ESCAPED", "notes")],
  },
  {
    name: "a feature with a separator",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", { body: t.text() }).feature("billing/notes"); // #1\n` },
    messages: [m.featureNameMessage("billing/notes", "notes")],
  },
  {
    name: "a feature taken from a file name with a space",
    files: { "schema/my notes.ts": `${HEAD}export const notes = defineTenantTable("notes", { body: t.text() }); // #1\n` },
    messages: [m.featureNameMessage("my notes", "notes")],
  },
  {
    name: "a table key that is no identifier (it names the model class and file)",
    files: { "schema/things.ts": `${HEAD}export const things = defineTenantTable("1st-things", { body: t.text() }); // #1\n` },
    messages: [m.invalidTableKeyMessage("1st-things")],
  },
  {
    name: "a table key with a dash",
    files: { "schema/comments.ts": `${HEAD}export const comments = defineTenantTable("ticket-comments", { body: t.text() }); // #1\n` },
    messages: [m.invalidTableKeyMessage("ticket-comments")],
  },
  {
    name: "a table whose model class would be a JavaScript built-in",
    files: { "schema/dates.ts": `${HEAD}export const dates = defineTenantTable("dates", { day: t.date() }); // #1\n` },
    messages: [m.builtInModelMessage("Date", "dates")],
  },
  {
    name: "column keys that are members of every model instance",
    files: {
      "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {
  save: t.boolean(), // #1
  update: t.text(), // #2
  destroy: t.text(), // #3
  get: t.text(), // #4
  set: t.text(), // #5
  constructor: t.text(), // #6
  toJSON: t.text(), // #7
});
`,
    },
    messages: ["save", "update", "destroy", "get", "set", "constructor", "toJSON"].map((column) => m.memberColumnMessage(column, "notes")),
  },
  {
    name: "a member column on a global table",
    files: { "schema/plans.ts": `${HEAD}export const plans = defineGlobalTable("plans", {\n  reload: t.text(), // #1\n}, { reason: "Sold to every tenant alike" });\n` },
    messages: [m.memberColumnMessage("reload", "plans")],
  },
  {
    name: "a column key that is no identifier",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  "first-name": t.text(), // #1\n});\n` },
    messages: [m.invalidAttributeMessage("first-name", "notes")],
  },
  {
    name: "a foreign key named like a model member",
    files: { "schema/notes.ts": `${HEAD}${USERS}export const notes = defineTenantTable("notes", { body: t.text() })\n  .belongsTo(users, { foreignKey: "destroy" }); // #1\n` },
    messages: [m.memberColumnMessage("destroy", "notes")],
  },
  {
    name: "an association named like a model member",
    files: { "schema/notes.ts": `${HEAD}${USERS}export const notes = defineTenantTable("notes", { body: t.text() }) // #1\n  .belongsTo(users, { as: "save" });\n` },
    messages: [m.memberAssociationMessage("save", "notes")],
  },
  {
    name: "an association named like a column of its table",
    files: { "schema/notes.ts": `${HEAD}${USERS}export const notes = defineTenantTable("notes", { user: t.text() }) // #1\n  .belongsTo(users);\n` },
    messages: [m.associationColumnMessage("user", "notes")],
  },
  {
    name: "column names over 63 bytes after the naming profile (two sharing a 63-byte prefix)",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  ${long}: t.text(), // #1\n  ${longer}: t.text(), // #2\n});\n` },
    messages: [long, longer].map((name) => m.databaseNameMessage("Column name", snake(name), "notes", tooLong(snake(name)))),
  },
  {
    name: "a database name over 63 bytes in UTF-8, not in characters",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  label: t.text().field("${"é".repeat(32)}"), // #1\n});\n` },
    messages: [m.databaseNameMessage("Column name", "é".repeat(32), "notes", tooLong("é".repeat(32)))],
  },
  {
    name: "a column's database name with a quote",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  name: t.text().field('na"me'), // #1\n});\n` },
    messages: [m.databaseNameMessage("Column name", 'na"me', "notes", `contains '"'`)],
  },
  {
    name: "a table name with a schema prefix",
    files: { "schema/things.ts": `${HEAD}export const things = defineTenantTable("things", { body: t.text() }).tableName("pg_temp.things"); // #1\n` },
    messages: [m.databaseNameMessage("Table name", "pg_temp.things", "things", "contains '.'")],
  },
  {
    name: "a table name with a quote and one with a newline",
    files: {
      "schema/things.ts": `${HEAD}export const things = defineTenantTable("things", { body: t.text() }).tableName('my"things'); // #1\nexport const others = defineTenantTable("others", { body: t.text() }).tableName("other\\nthings"); // #2\n`,
    },
    messages: [m.databaseNameMessage("Table name", 'my"things', "things", `contains '"'`), m.databaseNameMessage("Table name", "other\nthings", "others", "contains the control character U+000A")],
  },
  {
    name: "an index name with a quote",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", { body: t.text() })\n  .index(["body"], { name: 'my"idx' }); // #1\n` },
    messages: [m.databaseNameMessage("Index name", 'my"idx', "notes", `contains '"'`)],
  },
  {
    name: "a check name with a dot",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", { n: t.integer() })\n  .check("a.b", (c) => sql\`\${c.n} > 0\`); // #1\n` },
    messages: [m.databaseNameMessage("Constraint name", "notes_a.b_check", "notes", "contains '.'")],
  },
  {
    name: "two attributes that are one database column after the naming profile",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  dueAt: t.timestamp(),\n  due_at: t.timestamp(), // #1\n});\n` },
    messages: [m.duplicateFieldMessage("due_at", "notes", ["dueAt", "due_at"])],
  },
  {
    name: "an attribute that is a built-in column after the naming profile",
    files: { "schema/notes.ts": `${HEAD}export const notes = defineTenantTable("notes", {\n  created_at: t.timestamp(), // #1\n});\n` },
    messages: [m.duplicateFieldMessage("created_at", "notes", ["created_at", "createdAt"])],
  },
  {
    name: "a jsonb tsType with code in it",
    files: { "schema/events.ts": `${HEAD}export const events = defineTenantTable("events", {\n  payload: t.jsonb({ tsType: "string; constructor() { process.exit(1) }" }), // #1\n});\n` },
    messages: [m.tsTypeMessage("payload", "events", 'unexpected ";" after the type')],
  },
  {
    name: "a jsonb tsType that closes the class",
    files: { "schema/events.ts": `${HEAD}export const events = defineTenantTable("events", {\n  payload: t.jsonb({ tsType: "{} } export class Evil {" }), // #1\n});\n` },
    messages: [m.tsTypeMessage("payload", "events", 'unexpected "}" after the type')],
  },
];

/** Line (1-based) of each `// #n` marker of the files, as `file:line`. */
function markedLines(files: Record<string, string>): string[] {
  const marks: { n: number; at: string }[] = [];
  for (const [file, text] of Object.entries(files)) {
    text.split("\n").forEach((line, index) => {
      const found = / \/\/ #(\d+)$/.exec(line);
      if (found !== null) marks.push({ n: Number(found[1]), at: `${file}:${index + 1}` });
    });
  }
  return marks.sort((a, b) => a.n - b.n).map((mark) => mark.at);
}

describe("bad identifiers", () => {
  it(`covers ${CASES.length} cases`, () => {
    console.log(`bad-identifier table: ${CASES.length} cases`);
    expect(CASES.length).toBeGreaterThan(20);
  });
  for (const testCase of CASES) {
    it(`${testCase.name}: refused with file:line, nothing written`, async () => {
      const project = await makeProject(testCase.files);
      try {
        const report = await runEmit({ cwd: project.root, now: "20261125100000", mode: "write" });
        const lines = markedLines(testCase.files);
        expect(lines).toHaveLength(testCase.messages.length);
        expect([...report.errors].sort()).toEqual(testCase.messages.map((message, index) => `${lines[index]}: ${message}`).sort());
        expect(report.exitCode).toBe(1);
        expect(await project.outputs()).toEqual({});
      } finally {
        await project.dispose();
      }
    });
  }
});
