/**
 * The README's umzug runner, taken from README.md itself and run for real as the tutorial has it: in
 * a CommonJS project (no "type": "module"), with tsx, against PostgreSQL, after the tutorial's
 * customers and invoices and a payments feature pointing at invoices. `up` applies all three; the
 * runner's "undo one" reverts the newest only (undoing create-invoices first would fail: payments
 * depends on it).
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";
import { parseSnapshot } from "../../src/cli/state.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

/** The README's fenced blocks of one language. */
const blocks = (text: string, language: string) => [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => m[1]!);

const PAYMENTS = `import { defineTenantTable, t } from "tenant-schema";
import { invoices } from "./invoices.js";

export const payments = defineTenantTable("payments", {
  amount: t.decimal(12, 2),
}).belongsTo(invoices, { onDelete: "RESTRICT" });
`;

describe("the README's umzug runner, in a CommonJS project with tsx", () => {
  let dir: TempDir;
  let db: TestDatabase;
  let readme: string;
  const applied = async () => (await db.query<{ name: string }>(`SELECT name FROM "SequelizeMeta" ORDER BY name`)).map((row) => row.name);
  const migrate = (...args: string[]) =>
    run(join(ROOT, "node_modules/.bin/tsx"), ["migrate.ts", ...args], { cwd: dir.path, env: { ...process.env, DATABASE_URL: db.url }, timeout: 120_000 });

  beforeAll(async () => {
    readme = await readFile(join(ROOT, "README.md"), "utf8");
    dir = await makeTempDir("readme-umzug");
    // A CommonJS project: no "type" field. Its packages are this repository's (tenant-schema's own
    // dev dependencies include sequelize, umzug and tsx).
    await writeFile(join(dir.path, "package.json"), JSON.stringify({ name: "backend", private: true }));
    await symlink(join(ROOT, "node_modules"), join(dir.path, "node_modules"), "dir");
    await mkdir(join(dir.path, "schema"));
    const schemas = blocks(readme, "ts");
    const customers = schemas.find((block) => block.startsWith("// schema/customers.ts"))!;
    const invoices = schemas.find((block) => block.startsWith("// schema/invoices.ts"))!;
    await writeFile(join(dir.path, "schema/customers.ts"), customers);
    await writeFile(join(dir.path, "schema/invoices.ts"), invoices);
    await writeFile(join(dir.path, "schema/payments.ts"), PAYMENTS);
    const report = await runEmit({ cwd: dir.path, now: "20261125093000", mode: "write" });
    expect(report.errors).toEqual([]);
    const runner = schemas.find((block) => block.includes("new Umzug("))!;
    await writeFile(join(dir.path, "migrate.ts"), runner);
    db = await openTestDatabase();
    const snapshot = join(dir.path, "backend/src/database/tenant-schema/snapshot.json");
    await createTenantRoot(db, parseSnapshot(await readFile(snapshot, "utf8"), snapshot).tenant);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("tells the reader to install umzug and tsx, and has no top-level await", () => {
    const runner = blocks(readme, "ts").find((block) => block.includes("new Umzug("))!;
    expect(blocks(readme, "bash")).toContain("npm install --save-dev umzug tsx");
    expect(runner.split("\n").filter((line) => /^await\b/.test(line))).toEqual([]);
  });

  it("up applies every migration; its undo-one reverts only the newest", async () => {
    await migrate();
    expect(await applied()).toEqual(["20261125093000-create-customers.ts", "20261125093001-create-invoices.ts", "20261125093002-create-payments.ts"]);
    await migrate("down");
    expect(await applied()).toEqual(["20261125093000-create-customers.ts", "20261125093001-create-invoices.ts"]);
    expect(await db.query(`SELECT to_regclass('payments') AS t`)).toEqual([{ t: null }]);
  }, 240_000);
});
