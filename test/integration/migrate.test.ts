/**
 * `tenant-schema migrate` on a real PostgreSQL, and the emitted migrations under sequelize-cli after
 * a `tsc` build, on one user project: the bundled examples emitted through the CLI in two steps (the
 * first release without tickets' `dueAt`/`channel`, then the bundled schema: a change set of three
 * migrations, two of them without a wrapping transaction, one CREATE INDEX CONCURRENTLY), plus a
 * hand-written sequelize-cli migration of the team between them that needs the emitted `tickets`.
 * After every step the live catalog must equal the catalog the snapshots demand, exactly.
 * Runs on the embedded PostgreSQL by default, on DATABASE_URL when it is set.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseJournal, parseSnapshot, type JournalEntry } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { expectedCatalog } from "../support/expected.js";
import { introspect } from "../support/introspect.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = join(ROOT, "examples/schema");
const BIN = join(ROOT, "dist/cli/bin.cjs");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const SEQUELIZE_CLI = join(ROOT, "node_modules/sequelize-cli/lib/sequelize");
const MIGRATIONS = "backend/src/database/migrations";
const BUILD = "dist/migrations";
/** The team's own migration: sequelize-cli style CommonJS, run between the emitted ones by name. */
const LEGACY = "20261125100000-create-legacy-notes.js";
const LEGACY_SOURCE = `'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('legacy_notes', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true },
      ticket_id: { type: Sequelize.INTEGER, allowNull: false, references: { model: 'tickets', key: 'id' } },
      body: { type: Sequelize.TEXT, allowNull: false },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('legacy_notes');
  },
};
`;

/** A child process, asynchronously: the embedded PostgreSQL answers from this very process. */
function spawn(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { ...options, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** The first release: the bundled tickets without what the second one adds. */
function firstRelease(tickets: string): string {
  const v1 = tickets
    .split("\n")
    .filter((line) => !/dueAt|channel|^\s*\/\/ (Added after|\(2026)/.test(line))
    .join("\n");
  if (/dueAt|channel/.test(v1) || !v1.includes("priority")) throw new Error(`unexpected examples/schema/tickets.ts:\n${tickets}`);
  return v1;
}

/** The schema without the indexes `before` did not have: what is left when only the -indexes migration is reverted. */
function withoutNewIndexes(after: SchemaIR, before: SchemaIR): SchemaIR {
  const old = new Set(before.tables.flatMap((table) => table.indexes.map((index) => index.name)));
  return { ...after, tables: after.tables.map((table) => ({ ...table, indexes: table.indexes.filter((index) => old.has(index.name)) })) };
}

/** The schema restricted to the tables the first `count` journal entries created. */
function tablesOf(schema: SchemaIR, entries: readonly JournalEntry[], count: number): SchemaIR {
  const keys = new Set(entries.slice(0, count).flatMap((entry) => entry.tables));
  return { ...schema, tables: schema.tables.filter((table) => keys.has(table.key)) };
}

let project: TempDir;
let v1: SchemaIR;
let v2: SchemaIR;
let entries: JournalEntry[];
let emitted: string[];

/** `tenant-schema <args>` through main(), in the project. */
async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, "--cwd", project.path], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

async function emit(now: string): Promise<void> {
  const run = await cli("emit", "--now", now);
  expect(run.err).toEqual([]);
  expect(run.code).toBe(0);
}

async function snapshot(): Promise<SchemaIR> {
  const file = join(project.path, "backend/src/database/tenant-schema/snapshot.json");
  return parseSnapshot(await readFile(file, "utf8"), file);
}

beforeAll(async () => {
  project = await makeTempDir("migrate");
  // A CommonJS project, as the reference backend: sequelize-cli requires its compiled migrations.
  await writeFile(join(project.path, "package.json"), JSON.stringify({ name: "migrate-proof", private: true }));
  // Typed without a runtime import (as a JavaScript user may write it): every migrate call loads it.
  await writeFile(join(project.path, "tenant-schema.config.ts"), `export default {} satisfies import("tenant-schema").TenantSchemaConfig;\n`);
  await cp(EXAMPLES, join(project.path, "schema"), { recursive: true });
  const tickets = await readFile(join(EXAMPLES, "tickets.ts"), "utf8");
  await writeFile(join(project.path, "schema/tickets.ts"), firstRelease(tickets));
  await emit("20261125090000");
  v1 = await snapshot();
  await writeFile(join(project.path, MIGRATIONS, LEGACY), LEGACY_SOURCE);
  await writeFile(join(project.path, "schema/tickets.ts"), tickets);
  await emit("20261126090000");
  v2 = await snapshot();
  const journalFile = join(project.path, "backend/src/database/tenant-schema/journal.json");
  entries = parseJournal(await readFile(journalFile, "utf8"), journalFile).entries;
  emitted = entries.map((entry) => entry.migration.split("/").pop()!);
});

afterAll(async () => {
  await project?.remove();
});

it("the project has six first-release migrations, the team's, and a change set of three without transaction for two", async () => {
  const files = (await readdir(join(project.path, MIGRATIONS))).sort();
  expect(files).toEqual([...emitted.slice(0, 6), LEGACY, ...emitted.slice(6)]);
  const changeSet = entries.slice(6);
  expect(changeSet.map((entry) => [entry.changeSet, entry.transaction])).toEqual([
    ["20261126090000", true],
    ["20261126090000", false],
    ["20261126090000", false],
  ]);
  expect(await readFile(join(project.path, MIGRATIONS, emitted[8]!), "utf8")).toContain("CREATE INDEX CONCURRENTLY");
});

describe("tenant-schema migrate", () => {
  let db: TestDatabase;
  let catalog: () => Promise<Catalog>;
  let expected: (schema: SchemaIR) => Promise<Catalog>;
  let migrate: (...args: string[]) => Promise<Run>;
  const rows = async () => (await db.query<{ name: string }>(`SELECT name FROM "SequelizeMeta" ORDER BY name`)).map((row) => row.name);
  const legacyTable = async () => (await db.query<{ found: string | null }>(`SELECT to_regclass('legacy_notes')::text AS found`))[0]?.found ?? null;

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, v2.tenant);
    catalog = () => introspect(db, { exclude: [v2.tenant.tableName, "SequelizeMeta", "legacy_notes"] });
    expected = (schema) => expectedCatalog(schema, db);
    migrate = (...args) => cli("migrate", ...args, "--database-url", db.url);
  });

  afterAll(async () => {
    await db?.close();
  });

  it("status lists every migration pending, with its feature and change set from the journal", async () => {
    const run = await migrate("status");
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toBe("0 applied, 10 pending");
    expect(run.out.find((line) => line.includes(emitted[7]!))).toMatch(/^ {2}pending {2}20261126090001-\S+\.ts +feature tickets, change set 20261126090000$/);
    expect(run.out.find((line) => line.includes(LEGACY))).toMatch(/pending +20261125100000-create-legacy-notes\.js +hand-written$/);
    const json = await migrate("status", "--json", "--config", "tenant-schema.config.ts");
    const listed = (JSON.parse(json.out.join("\n")) as { migrations: { file: string; state: string; feature: string | null }[] }).migrations;
    expect(listed.map((m) => [m.file, m.state, m.feature])).toEqual(
      [...emitted.slice(0, 6), LEGACY, ...emitted.slice(6)].map((file) => [file, "pending", file === LEGACY ? null : entries.find((e) => e.migration.endsWith(file))!.feature]),
    );
  });

  it("up --to applies the first release exactly, recorded in SequelizeMeta under the file names", async () => {
    const run = await migrate("up", "--to", emitted[5]!);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.filter((line) => /^ {2}applied /.test(line)).map((line) => line.trim().split(/\s+/)[1])).toEqual(emitted.slice(0, 6));
    expect(run.out.every((line, i) => i === 0 || i === run.out.length - 1 || /\d+ ms$|\d\.\d s$/.test(line))).toBe(true);
    expect(await catalog()).toEqual(await expected(v1));
    expect(await rows()).toEqual(emitted.slice(0, 6));
  });

  it("up runs the team's .js migration and the change set in name order, CONCURRENTLY included", async () => {
    const run = await migrate("up");
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.filter((line) => /^ {2}applied /.test(line)).map((line) => line.trim().split(/\s+/)[1])).toEqual([LEGACY, ...emitted.slice(6)]);
    expect(run.out.at(-1)).toMatch(/^applied 4 migrations in /);
    expect(await catalog()).toEqual(await expected(v2));
    expect(await legacyTable()).toBe("legacy_notes");
    expect((await migrate("up")).out).toEqual([expect.stringMatching(/^nothing to apply \(.*\): 10 applied, 0 pending$/)]);
  });

  it("down reverts the newest migration only", async () => {
    const dry = await migrate("down", "--dry-run");
    expect(dry.out).toEqual([expect.stringMatching(/^would revert 1 migration \(/), `  ${emitted[8]}`]);
    expect(await rows()).toHaveLength(10);
    const run = await migrate("down");
    expect(run.code).toBe(0);
    expect(run.out.filter((line) => line.startsWith("  reverted")).map((line) => line.trim().split(/\s+/)[1])).toEqual([emitted[8]]);
    expect(await catalog()).toEqual(await expected(withoutNewIndexes(v2, v1)));
  });

  it("down --change-set reverts the rest of the newest change set, back to the first release", async () => {
    const run = await migrate("down", "--change-set");
    expect(run.code).toBe(0);
    expect(run.out.filter((line) => line.startsWith("  reverted")).map((line) => line.trim().split(/\s+/)[1])).toEqual([emitted[7], emitted[6]]);
    expect(await catalog()).toEqual(await expected(v1));
    expect(await legacyTable()).toBe("legacy_notes");
  });

  it("down --change-set of an older change set is refused while newer migrations are applied, and changes nothing", async () => {
    const before = await rows();
    const run = await migrate("down", "--change-set", "20261125090004");
    expect(run.code).toBe(2);
    expect(run.err).toEqual([expect.stringContaining(`--change-set 20261125090004: 2 newer migration(s) are applied after it (${emitted[5]}, ${LEGACY})`)]);
    expect(await rows()).toEqual(before);
  });

  it("down --to reverts down to and including a migration, the team's .js among them", async () => {
    const run = await migrate("down", "--to", "20261125090004");
    expect(run.code).toBe(0);
    expect(run.out.filter((line) => line.startsWith("  reverted")).map((line) => line.trim().split(/\s+/)[1])).toEqual([LEGACY, emitted[5], emitted[4]]);
    expect(await legacyTable()).toBeNull();
    expect(await catalog()).toEqual(await expected(tablesOf(v1, entries, 4)));
    const all = await migrate("down", "--all");
    expect(all.code).toBe(0);
    expect((await catalog()).tables).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("the built CLI, as a process, applies everything again", async () => {
    expect(existsSync(BIN), "dist/cli/bin.cjs is missing: run `npm run build`").toBe(true);
    const result = await spawn([BIN, "migrate", "up"], { cwd: project.path, env: { ...process.env, DATABASE_URL: db.url } });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^applying 10 migrations \(/);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toMatch(/^applied 10 migrations in /);
  });

  it("ends up exactly at the declared schema, with no run's lock left behind", async () => {
    expect(await catalog()).toEqual(await expected(v2));
    expect(await db.query(`SELECT objid FROM pg_locks WHERE locktype = 'advisory'`)).toEqual([]);
    expect(await rows()).toEqual([...emitted.slice(0, 6), LEGACY, ...emitted.slice(6)].sort());
  });

  it("a failing migration: exit 1, its name and the database error on one line, the ones before it kept", async () => {
    const failing = "20261127000000-add-ticket-code.js";
    await writeFile(
      join(project.path, MIGRATIONS, failing),
      `module.exports = { up: async (qi) => { await qi.sequelize.query('ALTER TABLE "tickets" ADD COLUMN "code" text NOT NULL'); await qi.sequelize.query('ALTER TABLE "tickets" ADD COLUMN "code" text'); }, down: async () => {} };\n`,
    );
    const shim = "20261126235959-noop.js";
    await writeFile(join(project.path, MIGRATIONS, shim), `module.exports = { up: async () => {}, down: async () => {} };\n`);
    try {
      const run = await migrate("up");
      expect(run.code).toBe(1);
      expect(run.out.filter((line) => line.startsWith("  applied")).map((line) => line.trim().split(/\s+/)[1])).toEqual([shim]);
      expect(run.err).toEqual([`FAILED ${failing} (${run.err[0]?.match(/\((\d+ ms|\d+\.\d s)\)/)?.[1]}): column "code" of relation "tickets" already exists [42701]`, "applied 1, failed 1, not run 0"]);
      expect(await rows()).toContain(shim);
      expect(await rows()).not.toContain(failing);
      // Not transactional: the first ALTER stays. That is the migration's own business, as under sequelize-cli.
      await db.query(`ALTER TABLE "tickets" DROP COLUMN "code"`);
      expect((await migrate("down")).code).toBe(0);
    } finally {
      await import("node:fs/promises").then((fs) => Promise.all([fs.rm(join(project.path, MIGRATIONS, failing)), fs.rm(join(project.path, MIGRATIONS, shim))]));
    }
    expect(await rows()).not.toContain(shim);
  });

  it("a history row without a file is shown as missing and cannot be reverted", async () => {
    const gone = "20261201000000-from-another-branch.js";
    await db.query(`INSERT INTO "SequelizeMeta" (name) VALUES ('${gone}')`);
    try {
      const status = await migrate("status");
      expect(status.out.find((line) => line.includes(gone))).toMatch(/^ {2}missing {2}20261201000000-from-another-branch\.js +hand-written; recorded in the history, no file on disk$/);
      expect(status.out.at(-1)).toBe("10 applied, 0 pending, 1 recorded but missing on disk");
      // Another history table is another history: nothing recorded there, and reading creates nothing.
      expect((await migrate("status", "--meta-table", "tenant_schema_meta")).out.at(-1)).toBe("0 applied, 10 pending");
      expect(await db.query(`SELECT to_regclass('tenant_schema_meta') AS found`)).toEqual([{ found: null }]);
      const down = await migrate("down");
      expect(down.code).toBe(2);
      expect(down.err).toEqual([`${gone} is recorded in SequelizeMeta but its file is not in the migrations folder; restore the file to revert it`]);
    } finally {
      await db.query(`DELETE FROM "SequelizeMeta" WHERE name = '${gone}'`);
    }
    expect(await catalog()).toEqual(await expected(v2));
  });

  it("connection and usage errors: exit 2 with one line", async () => {
    const unreachable = await cli("migrate", "status", "--database-url", "postgres://app:secret@127.0.0.1:1/app");
    expect(unreachable).toEqual({ code: 2, out: [], err: ["cannot connect to postgres://app:***@127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1"] });
    const previous = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await cli("migrate", "up")).toEqual({ code: 2, out: [], err: ["no database: pass --database-url postgres://... or set DATABASE_URL"] });
    } finally {
      if (previous !== undefined) process.env.DATABASE_URL = previous;
    }
    expect((await cli("migrate", "up", "--database-url", "mysql://app@127.0.0.1/app")).err).toEqual([
      "--database-url: mysql:// is not supported; tenant-schema migrate runs on PostgreSQL (postgres://...)",
    ]);
    const both = await migrate("down", "--step", "1", "--all");
    expect(both).toEqual({ code: 2, out: [], err: ["migrate down: use one of --to, --step, --change-set and --all"] });
    expect((await migrate("down", "--step", "0")).code).toBe(2);
    expect((await migrate("up", "--migrations-path", "no/such/folder")).err).toEqual([
      "the migrations folder no/such/folder does not exist (config output.migrations, or --migrations-path)",
    ]);
  });
});

describe("sequelize-cli after a tsc build, and switching runners", () => {
  let db: TestDatabase;
  let catalog: () => Promise<Catalog>;
  let expected: (schema: SchemaIR) => Promise<Catalog>;
  const rows = async () => (await db.query<{ name: string }>(`SELECT name FROM "SequelizeMeta" ORDER BY name`)).map((row) => row.name);
  const js = (file: string) => file.replace(/\.ts$/, ".js");
  const all = () => [...emitted.slice(0, 6), LEGACY, ...emitted.slice(6)];

  /** `sequelize-cli <command>` on the build, as a team runs it. */
  async function sequelizeCli(...args: string[]): Promise<string> {
    const result = await spawn([SEQUELIZE_CLI, ...args, "--url", db.url, "--migrations-path", BUILD], { cwd: project.path });
    expect(result.stderr, result.stdout).toBe("");
    expect(result.status, result.stdout).toBe(0);
    return result.stdout;
  }
  const migrate = (...args: string[]) => cli("migrate", ...args, "--database-url", db.url);

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, v2.tenant);
    catalog = () => introspect(db, { exclude: [v2.tenant.tableName, "SequelizeMeta", "legacy_notes"] });
    expected = (schema) => expectedCatalog(schema, db);
    // The team's build: tsc to CommonJS; its hand-written .js migrations are copied beside the output.
    const sources = emitted.map((file) => join(MIGRATIONS, file));
    const tsc = await spawn(
      [TSC, "--outDir", BUILD, "--rootDir", MIGRATIONS, "--module", "commonjs", "--moduleResolution", "node", "--target", "ES2020", "--strict", "--esModuleInterop", "--skipLibCheck", "--types", "node", ...sources],
      { cwd: project.path },
    );
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.status).toBe(0);
    await mkdir(join(project.path, BUILD), { recursive: true });
    await cp(join(project.path, MIGRATIONS, LEGACY), join(project.path, BUILD, LEGACY));
  });

  afterAll(async () => {
    await db?.close();
  });

  it("db:migrate runs the build exactly, recording the .js names; undo and undo:all revert it exactly", async () => {
    expect((await readdir(join(project.path, BUILD))).sort()).toEqual(all().map(js).sort());
    await sequelizeCli("db:migrate");
    expect(await catalog()).toEqual(await expected(v2));
    expect(await rows()).toEqual(all().map(js).sort());
    await sequelizeCli("db:migrate:undo");
    expect(await catalog()).toEqual(await expected(withoutNewIndexes(v2, v1)));
    await sequelizeCli("db:migrate:undo:all");
    expect((await catalog()).tables).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("tenant-schema migrate takes over a history sequelize-cli began, and sequelize-cli takes it back", async () => {
    await sequelizeCli("db:migrate", "--to", js(emitted[5]!));
    expect(await catalog()).toEqual(await expected(v1));

    const status = await migrate("status");
    expect(status.out.at(-1)).toBe("6 applied, 4 pending");
    expect(status.out.find((line) => line.includes(emitted[0]!))).toContain(`recorded as ${js(emitted[0]!)}`);
    const up = await migrate("up");
    expect(up.err).toEqual([]);
    expect(up.out.filter((line) => line.startsWith("  applied")).map((line) => line.trim().split(/\s+/)[1])).toEqual([LEGACY, ...emitted.slice(6)]);
    expect(await catalog()).toEqual(await expected(v2));
    // Named as sequelize-cli names them, since the history shows it runs the build.
    expect(await rows()).toEqual(all().map(js).sort());
    expect((await sequelizeCli("db:migrate:status")).match(/^up /gm)).toHaveLength(10);

    await sequelizeCli("db:migrate:undo");
    expect(await catalog()).toEqual(await expected(withoutNewIndexes(v2, v1)));
    expect((await migrate("down", "--change-set")).code).toBe(0);
    expect(await catalog()).toEqual(await expected(v1));
    // Rows sequelize-cli wrote, reverted by tenant-schema from the .ts sources.
    expect((await migrate("down", "--to", emitted[4]!)).code).toBe(0);
    expect(await catalog()).toEqual(await expected(tablesOf(v1, entries, 4)));
    await sequelizeCli("db:migrate:undo:all");
    expect((await catalog()).tables).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("a history tenant-schema began is read by either runner: .ts rows on the build, .js rows with --record-as js", async () => {
    const metaOfSequelizeCli = (await introspect(db, { exclude: [v2.tenant.tableName] })).tables;
    await db.query(`DROP TABLE "SequelizeMeta"`);
    expect((await migrate("up", "--to", emitted[5]!)).code).toBe(0);
    // The same table sequelize-cli makes.
    expect((await introspect(db, { exclude: [v2.tenant.tableName, ...v2.tables.map((table) => table.tableName)] })).tables).toEqual(metaOfSequelizeCli);
    expect(await rows()).toEqual(emitted.slice(0, 6));

    // tenant-schema on the build sees the .ts rows as its .js files, and reverts from there too.
    const onBuild = await migrate("status", "--migrations-path", BUILD);
    expect(onBuild.out.at(-1)).toBe("6 applied, 4 pending");
    expect(onBuild.out.find((line) => line.includes(js(emitted[5]!)))).toContain(`recorded as ${emitted[5]}`);
    expect((await migrate("down", "--migrations-path", BUILD)).code).toBe(0);
    expect(await rows()).toEqual(emitted.slice(0, 5));
    expect(await catalog()).toEqual(await expected(tablesOf(v1, entries, 5)));

    // For a team that hands over to sequelize-cli on the build: record .js names from the start.
    expect((await migrate("down", "--all")).code).toBe(0);
    expect((await migrate("up", "--record-as", "js")).code).toBe(0);
    expect(await rows()).toEqual(all().map(js).sort());
    expect(await sequelizeCli("db:migrate")).toContain("No migrations were executed, database schema was already up to date.");
    expect(await catalog()).toEqual(await expected(v2));
  });
});

describe("on a Sequelize 5 project", () => {
  // Inside the Sequelize 5 target workspace, so the project resolves sequelize 5.22 as its own.
  const SEQUELIZE5 = join(ROOT, "test/targets/sequelize5");
  let root: string;
  let db: TestDatabase;

  beforeAll(async () => {
    root = await mkdtemp(join(SEQUELIZE5, ".tmp-migrate-"));
    await writeFile(join(root, "package.json"), JSON.stringify({ name: "migrate-proof-5", private: true }));
    await writeFile(join(root, "tenant-schema.config.ts"), `export default { sequelize: 5 } satisfies import("tenant-schema").TenantSchemaConfig;\n`);
    await mkdir(join(root, "schema"));
    for (const file of ["users.ts", "notifications.ts"]) await cp(join(EXAMPLES, file), join(root, "schema", file));
    const emitted5 = await main(["emit", "--now", "20261125090000", "--cwd", root], { out: () => undefined, err: (line) => expect.fail(line) });
    expect(emitted5).toBe(0);
    db = await openTestDatabase();
    await createTenantRoot(db, v2.tenant);
  });

  afterAll(async () => {
    await db?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it("runs the emitted migrations with the project's own Sequelize 5, up and down exactly", async () => {
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(["migrate", ...args, "--cwd", root, "--database-url", db.url], { out: (line) => out.push(line), err: (line) => err.push(line) });
      return { code, out, err };
    };
    const file = join(root, "backend/src/database/tenant-schema/snapshot.json");
    const schema = parseSnapshot(await readFile(file, "utf8"), file);
    const up = await run("up");
    expect(up.err).toEqual([]);
    expect(up.out[0]).toMatch(/^applying 2 migrations \(.*, sequelize 5\.22\.5\)$/);
    const exclude = [schema.tenant.tableName, "SequelizeMeta"];
    expect(await introspect(db, { exclude })).toEqual(await expectedCatalog(schema, db));
    expect((await run("down", "--all")).code).toBe(0);
    expect((await introspect(db, { exclude })).tables).toEqual([]);
  });
});
