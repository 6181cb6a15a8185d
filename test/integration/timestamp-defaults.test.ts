/**
 * `createdAt`/`updatedAt` have the database default `now()`, so rows inserted by plain SQL (scripts,
 * data migrations, other services) need not name them. Proven on the committed examples, as a
 * project that emitted them before the default existed has them: their first migrations (written
 * without the default) are run, a raw INSERT fails; the change set the next emit wrote for the
 * defaults (SET DEFAULT, never a rewrite of an emitted migration) is run, the same INSERT works,
 * and the catalog equals the snapshot exactly; its down brings the previous catalog back.
 */
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJournal, parseSnapshot } from "../../src/cli/state.js";
import type { JournalEntry } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { expectedCatalog } from "../support/expected.js";
import { introspect } from "../support/introspect.js";
import { migrator, type Migrator } from "../support/migrate.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/backend/src/database", import.meta.url));

describe("timestamp defaults on the committed examples", () => {
  let dir: TempDir;
  let db: TestDatabase;
  let runner: Migrator;
  let schema: SchemaIR;
  let defaults: JournalEntry[];
  let before: JournalEntry[];
  let company: number;
  const exclude = () => [schema.tenant.tableName, "SequelizeMeta"];
  const name = (entry: JournalEntry) => entry.migration.split("/").pop()!;
  const rawInsert = () => db.query(`INSERT INTO tags (company_id, name) VALUES (${company}, 'raw') RETURNING created_at, updated_at`);

  beforeAll(async () => {
    dir = await makeTempDir("timestamp-defaults");
    await cp(EXAMPLES, dir.path, { recursive: true });
    const state = join(dir.path, "tenant-schema");
    schema = parseSnapshot(await readFile(join(state, "snapshot.json"), "utf8"), "snapshot.json");
    const entries = parseJournal(await readFile(join(state, "journal.json"), "utf8"), "journal.json").entries;
    // The change sets that only set the timestamps' defaults: every migration of theirs says so.
    const onlyDefaults = async (entry: JournalEntry) => {
      const source = await readFile(join(dir.path, "migrations", name(entry)), "utf8");
      const operations = source.split("\n").filter((line) => line.startsWith(" * - "));
      return operations.length > 0 && operations.every((line) => /^ \* - Changes the default of "[^"]+"\."(created_at|updated_at)"\.$/.test(line));
    };
    const flags = await Promise.all(entries.map(onlyDefaults));
    defaults = entries.filter((_, i) => flags[i]);
    before = entries.slice(0, entries.indexOf(defaults[0]!));
    db = await openTestDatabase();
    await createTenantRoot(db, schema.tenant);
    const [tenant] = await db.query<{ id: number }>(`INSERT INTO "${schema.tenant.tableName}" ("name") VALUES ('Acme') RETURNING "id"`);
    company = tenant!.id;
    runner = migrator(db.sequelize, join(dir.path, "migrations"));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("the examples hold one defaults change set per feature, after every migration emitted before it", () => {
    expect(new Set(defaults.map((entry) => entry.feature))).toEqual(new Set(schema.tables.map((table) => table.feature)));
    expect(defaults.every((entry) => entry.transaction)).toBe(true);
    expect(before.length).toBeGreaterThan(0);
  });

  it("before the defaults, a raw INSERT without timestamps fails on created_at", async () => {
    await runner.umzug.up({ to: name(before.at(-1)!) });
    await expect(rawInsert()).rejects.toThrow(/null value in column "created_at"/);
  });

  it("after them, the same INSERT works, filled with now(); the catalog equals the snapshot exactly", async () => {
    await runner.up();
    expect(await runner.pending()).toEqual([]);
    const [row] = await rawInsert();
    expect(row).toMatchObject({ created_at: expect.any(Date), updated_at: expect.any(Date) });
    expect(await introspect(db, { exclude: exclude() })).toEqual(await expectedCatalog(schema, db));
  });

  it("their down drops the defaults again, and the INSERT fails as before", async () => {
    // Down to and including the first defaults migration (later change sets, e.g. isolation, go first).
    await runner.down({ to: name(defaults[0]!) });
    expect(await runner.executed()).toEqual(before.map(name));
    await expect(rawInsert()).rejects.toThrow(/null value in column "created_at"/);
    await runner.up();
  });
});
