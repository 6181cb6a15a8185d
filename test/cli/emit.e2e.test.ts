/**
 * The CLI end to end in a temporary project: real config and schema files importing
 * "tenant-schema", loaded with jiti, emitted, formatted and written to disk.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runEmit, type EmitMode } from "../../src/cli/emit.js";
import { main } from "../../src/cli/main.js";
import { fileChecksum, parseJournal, parseSnapshot } from "../../src/cli/state.js";

let root: string;

const CONFIG = `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "en" } });
`;

const USERS = `import { defineTenantTable, t } from "tenant-schema";

export const users = defineTenantTable("users", {
  name: t.string(120),
  email: t.string(255),
});
`;

const TICKETS = `import { defineTenantTable, t } from "tenant-schema";
import { users } from "./users.js";

export const tickets = defineTenantTable("tickets", {
  title: t.string(200),
}).belongsTo(users);

export const ticketComments = defineTenantTable("ticketComments", {
  body: t.text(),
}).belongsTo(tickets);
`;

const INVOICES = `import { defineTenantTable, t } from "tenant-schema";

export const invoices = defineTenantTable("invoices", {
  total: t.decimal(12, 2),
});
`;

async function write(relative: string, contents: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), contents);
}

const read = (relative: string) => readFile(path.join(root, relative), "utf8");

/** Every file under the project except the inputs, with contents: the whole observable output. */
async function outputs(dir = root): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full).split(path.sep).join("/");
    if (relative === "schema" || relative === "tenant-schema.config.ts") continue;
    if (entry.isDirectory()) Object.assign(result, await outputs(full));
    else result[relative] = await readFile(full, "utf8");
  }
  return result;
}

const emit = (mode: EmitMode = "write", now = "20261125100000") => runEmit({ cwd: root, now, mode });

const MIGRATIONS = "backend/src/database/migrations";
const STATE = "backend/src/database/tenant-schema";

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tenant-schema-e2e-"));
  await write("tenant-schema.config.ts", CONFIG);
  await write("schema/users.ts", USERS);
  await write("schema/tickets.ts", TICKETS);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("tenant-schema emit", () => {
  it("first emit writes models, one migration and one doc per feature, journal and snapshot", async () => {
    const report = await emit();
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(0);
    const files = await outputs();
    expect(Object.keys(files).sort()).toEqual([
      `${MIGRATIONS}/20261125100000-create-users.ts`,
      `${MIGRATIONS}/20261125100001-create-tickets-ticket-comments.ts`,
      `${STATE}/fingerprint.json`,
      `${STATE}/journal.json`,
      `${STATE}/manifest.json`,
      `${STATE}/snapshot.json`,
      "backend/src/models/Ticket.ts",
      "backend/src/models/TicketComment.ts",
      "backend/src/models/User.ts",
      "backend/src/models/index.ts",
      "docs/db/schema-changes-tickets.md",
      "docs/db/schema-changes-users.md",
    ]);
    expect(report.files.map((file) => file.path).sort()).toEqual(Object.keys(files).sort());
    // users must exist before tickets references it; tickets before ticketComments in one migration.
    const ticketsMigration = files[`${MIGRATIONS}/20261125100001-create-tickets-ticket-comments.ts`]!;
    expect(ticketsMigration.indexOf('"tickets"')).toBeLessThan(ticketsMigration.indexOf('"ticket_comments"'));

    const journal = parseJournal(files[`${STATE}/journal.json`]!, "journal.json");
    expect(journal.entries.map((entry) => [entry.timestamp, entry.feature, entry.tables])).toEqual([
      ["20261125100000", "users", ["users"]],
      ["20261125100001", "tickets", ["tickets", "ticketComments"]],
    ]);
    for (const entry of journal.entries) {
      expect(entry.checksum).toBe(fileChecksum(files[entry.migration]!));
      expect(files[entry.doc]).toBeDefined();
    }
    const snapshot = parseSnapshot(files[`${STATE}/snapshot.json`]!, "snapshot.json");
    expect(snapshot.tables.map((table) => table.key).sort()).toEqual(["ticketComments", "tickets", "users"]);
    // Committed state never holds machine-specific paths.
    expect(files[`${STATE}/snapshot.json`]).not.toContain(root);
    expect(snapshot.tables.find((table) => table.key === "users")!.source).toEqual({ file: "schema/users.ts", line: 3 });
    // Formatted once, by prettier: the emitted TypeScript ends with exactly one newline, no tabs.
    expect(files["backend/src/models/User.ts"]).toMatch(/[^\n]\n$/);
  });

  it('models.module "esm" in the config reaches the models (and only them)', async () => {
    await write("tenant-schema.config.ts", CONFIG.replace('docs: { language: "en" }', 'docs: { language: "en" }, models: { module: "esm" }'));
    expect((await emit()).errors).toEqual([]);
    const files = await outputs();
    expect(files["backend/src/models/Ticket.ts"]).toContain('import { User } from "./User.js";');
    expect(files["backend/src/models/Ticket.ts"]).toContain("user?: Relation<User>;");
    expect(files["backend/src/models/index.ts"]).toContain('export * from "./Ticket.js";');
    expect(files[`${MIGRATIONS}/20261125100000-create-users.ts`]).not.toContain(".js");
  });

  it("second emit writes nothing", async () => {
    await emit();
    const before = await outputs();
    const mtimes = await Promise.all(Object.keys(before).map(async (file) => (await stat(path.join(root, file))).mtimeMs));
    const report = await emit("write", "20261126000000");
    expect(report).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    expect(await outputs()).toEqual(before);
    const after = await Promise.all(Object.keys(before).map(async (file) => (await stat(path.join(root, file))).mtimeMs));
    expect(after).toEqual(mtimes);
  });

  it("a new feature yields exactly one new migration and doc, later, leaving old files byte-identical", async () => {
    await emit();
    const before = await outputs();
    await write("schema/billing/invoices.ts", INVOICES);
    // A clock behind the journal still yields a later timestamp.
    const report = await emit("write", "20261101000000");
    expect(report.exitCode).toBe(0);
    const after = await outputs();
    const added = Object.keys(after).filter((file) => !(file in before));
    expect(added.sort()).toEqual([`${MIGRATIONS}/20261125100002-create-invoices.ts`, "backend/src/models/Invoice.ts", "docs/db/schema-changes-invoices.md"]);
    for (const file of Object.keys(before).filter((f) => f.startsWith(MIGRATIONS) || f.startsWith("docs/"))) {
      expect(after[file]).toBe(before[file]);
    }
    const journal = parseJournal(after[`${STATE}/journal.json`]!, "journal.json");
    expect(journal.entries.map((entry) => entry.timestamp)).toEqual(["20261125100000", "20261125100001", "20261125100002"]);
    expect(after["backend/src/models/index.ts"]).toContain("Invoice");
    expect(report.files.filter((file) => file.kind === "migration")).toHaveLength(1);
  });

  it("a new table in an emitted feature gets its own migration and a timestamped doc", async () => {
    await emit();
    const before = await outputs();
    await write("schema/tickets.ts", `${TICKETS}\nexport const labels = defineTenantTable("labels", { name: t.string(40) });\n`);
    await emit("write", "20261127000000");
    const added = Object.keys(await outputs()).filter((file) => !(file in before));
    expect(added.sort()).toEqual([`${MIGRATIONS}/20261127000000-create-labels.ts`, "backend/src/models/Label.ts", "docs/db/schema-changes-tickets-20261127000000.md"]);
  });

  it("new migrations sort after hand-written ones in the migrations folder", async () => {
    await write(`${MIGRATIONS}/20300101000000-backfill-something.js`, "module.exports = {};\n");
    await emit("write", "20261125100000");
    const names = Object.keys(await outputs()).filter((file) => file.startsWith(MIGRATIONS)).sort();
    expect(names.at(-1)).toBe(`${MIGRATIONS}/20300101000002-create-tickets-ticket-comments.ts`);
  });

  it("--check passes after emit and writes nothing", async () => {
    const dry = await emit("check");
    expect(dry.exitCode).toBe(1);
    expect(dry.files.map((file) => file.status)).toContain("new");
    expect(await outputs()).toEqual({});
    await emit();
    expect(await emit("check", "20270101000000")).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
  });

  it("--check fails listing a missing doc and a hand-edited migration, writing nothing", async () => {
    await emit();
    await rm(path.join(root, "docs/db/schema-changes-tickets.md"));
    const migration = `${MIGRATIONS}/20261125100000-create-users.ts`;
    await write(migration, `${await read(migration)}// hand edit\n`);
    const before = await outputs();
    const report = await emit("check");
    expect(report.exitCode).toBe(1);
    expect(report.files).toEqual([]);
    expect(report.errors).toEqual([
      "docs/db/schema-changes-tickets.md: schema-change doc listed in the journal is missing; restore the emitted file from version control (git checkout -- <file>)",
      `${migration}: migration was edited after it was emitted (checksum differs from the journal); restore the emitted file from version control (git checkout -- <file>) and put further changes in the schema instead`,
    ]);
    expect(await outputs()).toEqual(before);
  });

  it("--check lists a missing model as missing; a hand-edited one is refused, not overwritten, until --adopt", async () => {
    await emit();
    await rm(path.join(root, "backend/src/models/Ticket.ts"));
    const check = await emit("check");
    expect(check).toEqual({ exitCode: 1, errors: [], warnings: [], files: [{ path: "backend/src/models/Ticket.ts", kind: "model", status: "new" }] });
    await write("backend/src/models/User.ts", `${await read("backend/src/models/User.ts")}// a hand edit\n`);
    const before = await outputs();
    const refused = await emit();
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([expect.stringMatching(/^backend\/src\/models\/User\.ts: was edited by hand since tenant-schema generated it .*--adopt backend\/src\/models\/User\.ts to overwrite it$/)]);
    expect(await outputs()).toEqual(before);
    const adopted = await runEmit({ cwd: root, now: "20261125100000", mode: "write", adopt: ["backend/src/models/User.ts"] });
    expect(adopted.errors).toEqual([]);
    expect(adopted.files.map((file) => file.path).sort()).toEqual(["backend/src/models/Ticket.ts", "backend/src/models/User.ts"]);
    expect(await read("backend/src/models/User.ts")).not.toContain("a hand edit");
    expect((await emit("check")).exitCode).toBe(0);
  });

  it("a CRLF checkout of a migration is not an edit", async () => {
    await emit();
    const migration = `${MIGRATIONS}/20261125100000-create-users.ts`;
    await write(migration, (await read(migration)).replace(/\n/g, "\r\n"));
    expect((await emit("check")).exitCode).toBe(0);
  });

  it("emit warns about a hand-edited migration but still refreshes models", async () => {
    await emit();
    const migration = `${MIGRATIONS}/20261125100000-create-users.ts`;
    await write(migration, "// replaced\n");
    await rm(path.join(root, "backend/src/models/User.ts"));
    const report = await emit();
    expect(report.exitCode).toBe(0);
    expect(report.warnings).toEqual([expect.stringContaining(`${migration}: migration was edited`)]);
    expect(report.files).toEqual([{ path: "backend/src/models/User.ts", kind: "model", status: "new" }]);
    expect(await read(migration)).toBe("// replaced\n");
  });

  it("--dry-run lists the files and writes nothing", async () => {
    const report = await emit("dry-run");
    expect(report.exitCode).toBe(0);
    expect(report.files).toHaveLength(12);
    expect(await outputs()).toEqual({});
  });

  it("an invalid schema prints file:line for the problem and writes nothing", async () => {
    await write(
      "schema/x.ts",
      `import { defineTenantTable, t } from "tenant-schema";

export const broken = defineTenantTable("broken", {
  title: t.string(20),
}).index(["nope"] as any);
`,
    );
    const report = await emit();
    expect(report.exitCode).toBe(1);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.join("\n")).toMatch(/^schema\/x\.ts:\d+: .*nope/m);
    expect(await outputs()).toEqual({});
  });

  it("a changed emitted table yields one change set: a transactional migration, an indexes migration and one doc", async () => {
    await write("tenant-schema.config.ts", CONFIG.replace("docs:", 'migrations: { lockTimeout: "3s" }, docs:'));
    await emit();
    const before = await outputs();
    await write(
      "schema/users.ts",
      USERS.replace("email: t.string(255),", 'email: t.string(255),\n  plan: t.string(20).default("free"),').replace("});", "}).index([\"plan\"]);"),
    );
    const report = await emit("write", "20261127000000");
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(0);
    const after = await outputs();
    const added = Object.keys(after).filter((file) => !(file in before)).sort();
    expect(added).toEqual([
      `${MIGRATIONS}/20261127000000-add-plan-to-users.ts`,
      `${MIGRATIONS}/20261127000001-add-plan-to-users-indexes.ts`,
      "docs/db/schema-changes-users-20261127000000.md",
    ]);
    for (const file of Object.keys(before).filter((f) => f.startsWith(MIGRATIONS) || f.startsWith("docs/"))) {
      expect(after[file]).toBe(before[file]);
    }
    const transactional = after[`${MIGRATIONS}/20261127000000-add-plan-to-users.ts`]!;
    const indexes = after[`${MIGRATIONS}/20261127000001-add-plan-to-users-indexes.ts`]!;
    expect(transactional).toContain('"plan"');
    // The configured lock timeout reaches the emitter.
    expect(transactional).toContain("3s");
    expect(indexes).toMatch(/CONCURRENTLY/);
    const journal = parseJournal(after[`${STATE}/journal.json`]!, "journal.json");
    const latest = journal.entries.slice(-2);
    expect(latest.map((entry) => [entry.timestamp, entry.description, entry.changeSet, entry.transaction, entry.doc, entry.tables])).toEqual([
      ["20261127000000", "add-plan-to-users", "20261127000000", true, "docs/db/schema-changes-users-20261127000000.md", ["users"]],
      ["20261127000001", "add-plan-to-users-indexes", "20261127000000", false, "docs/db/schema-changes-users-20261127000000.md", ["users"]],
    ]);
    for (const entry of latest) expect(entry.checksum).toBe(fileChecksum(after[entry.migration]!));
    const snapshot = parseSnapshot(after[`${STATE}/snapshot.json`]!, "snapshot.json");
    const users = snapshot.tables.find((table) => table.key === "users")!;
    expect(users.columns.map((column) => column.name)).toContain("plan");
    expect(users.indexes.map((index) => index.columns)).toContainEqual(["plan"]);
    // The doc explains both migrations of the change set.
    const doc = after["docs/db/schema-changes-users-20261127000000.md"]!;
    expect(doc).toContain("20261127000000-add-plan-to-users.ts");
    expect(doc).toContain("20261127000001-add-plan-to-users-indexes.ts");

    const again = await emit("write", "20261128000000");
    expect(again).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    expect(await emit("check", "20261129000000")).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
  });

  it("refuses a dropped table without an acknowledgement, writing nothing; --allow-destructive accepts it", async () => {
    await emit();
    const before = await outputs();
    await write("schema/users.ts", "export {};\n");
    await write("schema/tickets.ts", TICKETS.replace('import { users } from "./users.js";\n', "").replace(".belongsTo(users)", ""));
    const refused = await emit("write", "20261127000000");
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([
      expect.stringMatching(/^schema\/tickets\.ts:3: column 'userId' of table 'tickets' is no longer declared: .*acknowledgeDataLoss\(\{ dropColumn: "tickets\.userId" \}/),
      expect.stringMatching(/^schema\/users\.ts:3: table 'users' is no longer declared: .*acknowledgeDataLoss\(\{ dropTable: "users" \}.*--allow-destructive/),
    ]);
    expect(await outputs()).toEqual(before);

    const accepted = await runEmit({ cwd: root, now: "20261127000000", mode: "write", allowDestructive: true });
    expect(accepted.errors).toEqual([]);
    const added = Object.keys(await outputs()).filter((file) => !(file in before)).sort();
    expect(added).toEqual([
      `${MIGRATIONS}/20261127000000-drop-user-id-from-tickets.ts`,
      `${MIGRATIONS}/20261127000001-drop-users.ts`,
      "docs/db/schema-changes-tickets-20261127000000.md",
      "docs/db/schema-changes-users-20261127000001.md",
    ]);
    // The foreign key to users goes before users does.
    expect(await read(`${MIGRATIONS}/20261127000000-drop-user-id-from-tickets.ts`)).toContain("tickets_company_id_user_id_fkey"); // composite: isolation keys are on by default
    const snapshot = parseSnapshot(await read(`${STATE}/snapshot.json`), "snapshot.json");
    expect(snapshot.tables.map((table) => table.key)).not.toContain("users");
    expect((await emit("check", "20261128000000")).exitCode).toBe(0);
  });

  it("accepts a dropped column acknowledged in the schema, and refuses a likely rename without one", async () => {
    await emit();
    const before = await outputs();
    await write("schema/users.ts", USERS.replace("  email: t.string(255),\n", ""));
    expect((await emit("write", "20261127000000")).errors).toEqual([expect.stringContaining("acknowledgeDataLoss({ dropColumn: \"users.email\" }")]);
    // Same type under a new name, no hint: probably a rename; the flag alone does not allow it.
    await write("schema/users.ts", USERS.replace("email: t.string(255)", "mail: t.string(255).nullable()"));
    const lookalike = await runEmit({ cwd: root, now: "20261127000000", mode: "write", allowDestructive: true });
    expect(lookalike.exitCode).toBe(1);
    expect(lookalike.errors).toEqual([expect.stringMatching(/^schema\/users\.ts:5: .*declare \.renamedFrom\("email"\) on 'mail'/)]);
    expect(await outputs()).toEqual(before);

    await write(
      "schema/users.ts",
      `${USERS.replace("email: t.string(255)", "mail: t.string(255).nullable()").replace("import { defineTenantTable, t }", "import { acknowledgeDataLoss, defineTenantTable, t }")}
export const dropEmail = acknowledgeDataLoss({ dropColumn: "users.email" }, "Emails move to the identity service; exported to s3 first");
`,
    );
    const accepted = await emit("write", "20261127000000");
    expect(accepted.errors).toEqual([]);
    expect(accepted.exitCode).toBe(0);
    const migrations = Object.keys(await outputs()).filter((file) => !(file in before) && file.startsWith(MIGRATIONS));
    expect(migrations).toEqual([`${MIGRATIONS}/20261127000000-alter-users.ts`]);
    const snapshot = parseSnapshot(await read(`${STATE}/snapshot.json`), "snapshot.json");
    expect(snapshot.acknowledgements).toEqual([expect.objectContaining({ kind: "dropColumn", table: "users", column: "email", source: { file: "schema/users.ts", line: 8 } })]);
  });

  it("moving a declaration to another line is not a change", async () => {
    await emit();
    await write("schema/users.ts", `// a comment\n\n${USERS}`);
    const report = await emit();
    expect(report.exitCode).toBe(0);
    // The snapshot's source lines, and the fingerprint of the inputs (the schema file's contents changed).
    expect(report.files.map((file) => file.kind)).toEqual(["snapshot", "fingerprint"]);
  });

  it("names a schema file that throws while loading", async () => {
    await write("schema/boom.ts", `export const x = 1;\nthrow new Error("kaboom");\n`);
    const report = await emit();
    expect(report.exitCode).toBe(1);
    expect(report.errors).toEqual([expect.stringMatching(/^schema\/boom\.ts(:2)?: failed to load: kaboom$/)]);
    expect(await outputs()).toEqual({});
  });

  it("exit 2 for a missing --config or schema folder", async () => {
    expect((await runEmit({ cwd: root, now: "20261125100000", mode: "write", configFile: "nope.config.ts" })).exitCode).toBe(2);
    await write("tenant-schema.config.ts", `export default { schema: "missing" };\n`);
    const report = await emit();
    expect(report.exitCode).toBe(2);
    expect(report.errors).toEqual(["missing: schema folder not found"]);
  });
});

describe("the command line", () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err };
  };

  it("emits with --cwd and an ISO --now, then --check is clean", async () => {
    const first = await run("emit", "--cwd", root, "--now", "2026-11-25T10:00:00Z");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`created ${MIGRATIONS}/20261125100000-create-users.ts`);
    const check = await run("emit", "--check", "--cwd", root);
    expect(check).toEqual({ code: 0, out: ["up to date"], err: [] });
  });

  it("--check exits 1 and lists missing files", async () => {
    const check = await run("emit", "--check", "--cwd", root, "--now", "20261125100000");
    expect(check.code).toBe(1);
    expect(check.out).toContain(`missing ${MIGRATIONS}/20261125100000-create-users.ts`);
  });

  it("a deleted migration: emit and --check refuse, saying to restore it, not to emit", async () => {
    expect((await run("emit", "--cwd", root, "--now", "20261125100000")).code).toBe(0);
    const migration = `${MIGRATIONS}/20261125100000-create-users.ts`;
    await rm(path.join(root, migration));
    const problem = `${migration}: migration listed in the journal is missing; restore the emitted file from version control (git checkout -- <file>)`;

    expect(await run("emit", "--cwd", root)).toEqual({ code: 1, out: [], err: [problem] });
    expect(await run("emit", "--check", "--cwd", root)).toEqual({
      code: 1,
      out: [],
      err: [problem, "tenant-schema emit --check failed: fix the problems named above (each line says how)"],
    });
  });

  it("a stale model and an edited migration: --check names both fixes", async () => {
    expect((await run("emit", "--cwd", root, "--now", "20261125100000")).code).toBe(0);
    const migration = `${MIGRATIONS}/20261125100000-create-users.ts`;
    await write(migration, `${await read(migration)}// hand edit\n`);
    await rm(path.join(root, "backend/src/models/User.ts"));
    const check = await run("emit", "--check", "--cwd", root);
    expect(check.code).toBe(1);
    expect(check.out).toEqual(["missing backend/src/models/User.ts"]);
    expect(check.err.at(-1)).toBe("tenant-schema emit --check failed: run `tenant-schema emit` and commit the result; fix the problems named above (each line says how)");
  });

  it("--allow-destructive reaches the emit", async () => {
    expect((await run("emit", "--cwd", root, "--now", "20261125100000")).code).toBe(0);
    await write("schema/tickets.ts", "export {};\n");
    const refused = await run("emit", "--cwd", root, "--now", "20261126000000");
    expect(refused.code).toBe(1);
    expect(refused.err.join("\n")).toContain("--allow-destructive");
    const accepted = await run("emit", "--cwd", root, "--now", "20261126000000", "--allow-destructive");
    expect(accepted.err).toEqual([]);
    expect(accepted.out).toContain(`created ${MIGRATIONS}/20261126000000-drop-ticket-comments-tickets.ts`);
  });

  it("--version prints the version and exits 0", async () => {
    const { out, code } = await run("--version");
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+/)]);
  });

  it("usage errors exit 2", async () => {
    expect((await run("emit", "--now", "yesterday", "--cwd", root)).code).toBe(2);
    expect((await run("emit", "--check", "--dry-run", "--cwd", root)).code).toBe(2);
    expect((await run("emit", "--bogus")).code).toBe(2);
    expect((await run("frobnicate")).code).toBe(2);
  });
});
