/**
 * `tenant-schema verify` on a small emitted project: users and tickets, then a change set of two
 * migrations (users gains an indexed "plan", a new "labels" table). verify proves the change set;
 * then a hand edit of the emitted down (it no longer removes "plan") and of the up ("plan" made
 * nullable) must each fail naming the migration and exactly the difference the edit made (written
 * here from the edit, not read back from the tool). With --database-url, the baseline is a real
 * database (embedded, or DATABASE_URL) that ran the first release through `migrate up`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Difference } from "../../src/drift/compare.js";
import { parseSnapshot } from "../../src/cli/state.js";
import { CONFIG, MIGRATIONS, STATE, TICKETS, USERS, USERS_CHANGED } from "../cli/project.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

const FIRST = "20261125100000";
const SECOND = "20261127000000";

let project: TempDir;
/** The migrations of the second change set: what verify must find pending by default. */
let changeSet: string[];
/** The migration of the change set that adds "plan" (and creates "labels"). */
let addsPlan: string;

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, "--cwd", project.path], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

async function write(relative: string, contents: string): Promise<void> {
  await mkdir(dirname(join(project.path, relative)), { recursive: true });
  await writeFile(join(project.path, relative), contents);
}

/** Runs `edit` on the migration's source for the duration of `action`, then puts the file back. */
async function withEdited<T>(file: string, edit: (source: string) => string, action: () => Promise<T>): Promise<T> {
  const path = join(project.path, MIGRATIONS, file);
  const original = await readFile(path, "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  await writeFile(path, edited);
  try {
    return await action();
  } finally {
    await writeFile(path, original);
  }
}

const column = (kind: Difference["kind"], table: string, name: string, changed?: { aspect: string; expected: string; actual: string }): Difference => ({
  kind,
  object: "column",
  table,
  name,
  aspect: changed?.aspect ?? null,
  expected: changed?.expected ?? null,
  actual: changed?.actual ?? null,
});

describe("tenant-schema verify", () => {
  beforeAll(async () => {
    project = await makeTempDir("verify");
    await write("tenant-schema.config.ts", CONFIG);
    await write("schema/users.ts", USERS);
    await write("schema/tickets.ts", TICKETS);
    expect((await cli("emit", "--now", FIRST)).code).toBe(0);
    await write("schema/users.ts", USERS_CHANGED);
    expect((await cli("emit", "--now", SECOND)).code).toBe(0);
    changeSet = (await readdir(join(project.path, MIGRATIONS))).filter((file) => file.startsWith(SECOND.slice(0, 12))).sort();
    expect(changeSet).toHaveLength(2);
    const sources = await Promise.all(changeSet.map((file) => readFile(join(project.path, MIGRATIONS, file), "utf8")));
    addsPlan = changeSet[sources.findIndex((source) => /queryInterface\.addColumn\(\s*"users",\s*"plan"/.test(source))]!;
    expect(addsPlan).toBeDefined();
  }, 120_000);
  afterAll(async () => project?.remove());

  it("proves the newest change set: up, down each, up again, with progress per migration", async () => {
    const run = await cli("verify");
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    for (const file of changeSet) {
      expect(run.out.some((line) => line.startsWith(`  up        ${file}`))).toBe(true);
      expect(run.out.some((line) => line.startsWith(`  down      ${file}`) && line.endsWith("restores the schema before its up"))).toBe(true);
      expect(run.out.some((line) => line.startsWith(`  up again  ${file}`))).toBe(true);
    }
    // Down runs newest first.
    const downs = run.out.filter((line) => line.startsWith("  down")).map((line) => line.split(/\s+/)[2]);
    expect(downs).toEqual([...changeSet].reverse());
    expect(run.out.at(-1)).toMatch(/^verified 2 migrations in \d/);
  }, 60_000);

  it("--since takes every migration after the one named as pending", async () => {
    const run = await cli("verify", "--since", `${FIRST}`, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out.join("\n")) as { verified: boolean; migrations: { file: string }[] };
    const all = (await readdir(join(project.path, MIGRATIONS))).sort();
    expect(report.verified).toBe(true);
    expect(report.migrations.map((m) => m.file)).toEqual(all.filter((file) => file.slice(0, 14) > FIRST));
  }, 60_000);

  it("fails naming the migration whose down does not remove the column its up added", async () => {
    const removeColumn = /\n\s*await queryInterface\.removeColumn\("users", "plan", \{ transaction \}\);/;
    await withEdited(addsPlan, (source) => source.replace(removeColumn, ""), async () => {
      const run = await cli("verify");
      expect(run.code).toBe(1);
      expect(run.err).toEqual([
        `verify failed: the down of ${addsPlan} does not restore the schema before its up (1 difference)`,
        `  column "users"."plan": after its down, not before its up`,
      ]);
      const json = await cli("verify", "--json");
      expect(json.code).toBe(1);
      const { failure } = JSON.parse(json.out.join("\n")) as { failure: { step: string; migration: string; differences: Difference[] } };
      expect(failure).toMatchObject({ step: "down", migration: addsPlan, differences: [column("extra", "users", "plan")] });
    });
  }, 60_000);

  it("fails naming the migration whose up does not produce the declarations", async () => {
    const notNull = /("plan",\s*\{ type: DataTypes\.STRING\(20\), )allowNull: false/;
    await withEdited(addsPlan, (source) => source.replace(notNull, "$1allowNull: true"), async () => {
      const run = await cli("verify", "--json");
      expect(run.code).toBe(1);
      const { failure } = JSON.parse(run.out.join("\n")) as { failure: { step: string; migration: string; differences: Difference[] } };
      expect(failure).toMatchObject({ step: "up", migration: addsPlan, differences: [column("changed", "users", "plan", { aspect: "nullable", expected: "false", actual: "true" })] });
    });
  }, 60_000);

  it("compares what is not a table too: a hand-written down that leaves its function behind fails", async () => {
    // The team's own migration in the change set: a trigger and its function; the down drops the trigger only.
    const file = `${SECOND.slice(0, 12)}05-touch-users.js`;
    await write(
      `${MIGRATIONS}/${file}`,
      `module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query(\`CREATE FUNCTION "touch_users"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."updated_at" = now(); RETURN NEW; END $$\`);
    await queryInterface.sequelize.query(\`CREATE TRIGGER "users_touch" BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION "touch_users"()\`);
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query(\`DROP TRIGGER "users_touch" ON "users"\`);
  },
};
`,
    );
    try {
      const run = await cli("verify", "--json");
      expect(run.code).toBe(1);
      const { failure } = JSON.parse(run.out.join("\n")) as { failure: { step: string; migration: string; differences: Difference[] } };
      expect(failure).toMatchObject({
        step: "down",
        migration: file,
        differences: [{ kind: "extra", object: "function", table: "", name: "touch_users", aspect: null, expected: null, actual: null }],
      });
    } finally {
      await rm(join(project.path, MIGRATIONS, file));
    }
  }, 60_000);

  it("refuses flags that contradict each other with exit 2 and one line, before running anything", async () => {
    expect(await cli("verify", "--since", FIRST, "--database-url", "postgres://nobody@127.0.0.1:1/none")).toEqual({
      code: 2,
      out: [],
      err: ["--since and --database-url cannot be combined: the database's SequelizeMeta says what is pending"],
    });
    expect(await cli("verify", "--legacy", "old-migrations", "--since", FIRST)).toEqual({
      code: 2,
      out: [],
      err: ["verify --legacy runs the folder from an empty database: --database-url and --since do not apply"],
    });
    expect(await cli("verify", "--legacy", "old-migrations")).toEqual({ code: 2, out: [], err: ["the --legacy folder old-migrations does not exist"] });
  });

  describe("with --database-url", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase();
      const snapshot = join(project.path, STATE, "snapshot.json");
      await createTenantRoot(db, parseSnapshot(await readFile(snapshot, "utf8"), snapshot).tenant);
      const first = (await readdir(join(project.path, MIGRATIONS))).filter((file) => file.slice(0, 14) < SECOND).sort();
      const up = await cli("migrate", "up", "--to", first.at(-1)!, "--database-url", db.url);
      expect(up.err).toEqual([]);
      expect(up.code).toBe(0);
    }, 60_000);
    afterAll(async () => db?.close());

    it("takes the live schema as the baseline and what its SequelizeMeta lacks as pending, writing nothing there", async () => {
      const before = await db.query(`SELECT name FROM "SequelizeMeta" ORDER BY name`);
      const run = await cli("verify", "--database-url", db.url, "--json");
      expect(run.err).toEqual([]);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.out.join("\n")) as { verified: boolean; migrations: { file: string }[] };
      expect(report.migrations.map((m) => m.file)).toEqual(changeSet);
      expect(await db.query(`SELECT name FROM "SequelizeMeta" ORDER BY name`)).toEqual(before);
      expect(await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'labels'`)).toEqual([]);
    }, 60_000);
  });
});
