import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/define-config.js";
import { formatFile } from "../../src/cli/format.js";
import { loadConfig } from "../../src/cli/load-config.js";
import { loadSchemaTables } from "../../src/cli/load-schema.js";
import { createModuleLoader } from "../../src/cli/module-loader.js";
import { ownEntry } from "../../src/cli/own-entry.js";
import { CliError } from "../../src/cli/problem.js";
import { toSchemaIR } from "../../src/dsl/to-ir.js";

const repo = path.resolve(import.meta.dirname, "../..");
let root: string;
const loader = createModuleLoader(pathToFileURL(path.join(repo, "src/cli/module-loader.ts")).href);

async function write(relative: string, contents: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), contents);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tenant-schema-load-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("ownEntry", () => {
  it("points at the sources when running from sources, at dist when bundled", () => {
    expect(ownEntry(pathToFileURL(path.join(repo, "src/cli/emit.ts")).href)).toBe(path.join(repo, "src/index.ts"));
    expect(ownEntry(path.join(repo, "dist/cli/bin.cjs"))).toMatch(/dist[\\/]index\.c?js$/);
  });
});

describe("loadConfig", () => {
  it("uses defaults without a config file, rooted at cwd", async () => {
    expect(await loadConfig({ cwd: root, loader })).toEqual(resolveConfig({}, root, null));
  });

  it("loads a TypeScript config importing tenant-schema, rooted at its folder", async () => {
    await write("config/ts.config.ts", `import { defineConfig } from "tenant-schema";\nexport default defineConfig({ sequelize: 5, schema: ["a", "b"] });\n`);
    const config = await loadConfig({ cwd: root, configFile: "config/ts.config.ts", loader });
    expect(config.sequelize).toBe(5);
    expect(config.schema).toEqual(["a", "b"]);
    expect(config.rootDir).toBe(path.join(root, "config"));
    expect(config.configFile).toBe(path.join(root, "config/ts.config.ts"));
  });

  it("reports a config without a default export, and a missing --config, as exit 2", async () => {
    await write("tenant-schema.config.ts", "export const nothing = 1;\n");
    await expect(loadConfig({ cwd: root, loader })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("export default") });
    await expect(loadConfig({ cwd: root, configFile: "nope.ts", loader })).rejects.toBeInstanceOf(CliError);
  });

  it("refuses a config whose values the types would refuse, naming the file and each field (exit 2)", async () => {
    await write(
      "tenant-schema.config.js",
      `export default { sequelize: 7, naming: "camel", docs: { language: "fr" }, ouput: { models: "m" }, tenant: { attribute: "company-id", model: { name: "Company" } }, migrations: { lockTimeout: "5s'; DROP TABLE x; --", backfillBatchSize: 0, extension: "ts" }, isolation: { keys: "yes", rsl: true } };\n`,
    );
    const error: unknown = await loadConfig({ cwd: root, loader }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).problems.map((problem) => `${problem.file}: ${problem.message}`)).toEqual([
      "tenant-schema.config.js: ouput: unknown field; known: schema, output, tenant, naming, primaryKey, sequelize, docs, models, migrations, isolation",
      "tenant-schema.config.js: tenant.attribute: must be a JavaScript identifier (the tenant attribute of every model), got \"company-id\"",
      "tenant-schema.config.js: tenant.model.importPath: is required",
      'tenant-schema.config.js: naming: must be one of "snake_case", "sequelize", got "camel"',
      "tenant-schema.config.js: sequelize: must be one of 6, 5, got 7",
      'tenant-schema.config.js: docs.language: must be one of "pt", "en", got "fr"',
      `tenant-schema.config.js: migrations.lockTimeout: must be a PostgreSQL duration such as "5s", "500ms" or "0", got "5s'; DROP TABLE x; --"`,
      "tenant-schema.config.js: migrations.backfillBatchSize: must be a positive integer, got 0",
      'tenant-schema.config.js: migrations.extension: must be one of ".ts", ".js", got "ts"',
      "tenant-schema.config.js: isolation.rsl: unknown field; known: keys, rls, guard",
      'tenant-schema.config.js: isolation.keys: must be true or false, got "yes"',
    ]);
  });

  it("the tenant model's export style follows models.exports unless it is given", () => {
    const tenant = { model: { name: "Company", importPath: "./Company" } };
    expect(resolveConfig({ tenant }, root, null).tenant.modelExport).toBe("named");
    expect(resolveConfig({ tenant, models: { exports: "default" } }, root, null).tenant.modelExport).toBe("default");
    expect(resolveConfig({ tenant: { model: { ...tenant.model, export: "named" } }, models: { exports: "default" } }, root, null).tenant.modelExport).toBe("named");
    expect(resolveConfig({}, root, null).models).toEqual({ module: "commonjs", layout: "single", exports: "named" });
  });

  it("isolation: composite keys and the guard on, RLS off, unless the config says otherwise", () => {
    expect(resolveConfig({}, root, null).isolation).toEqual({ keys: true, rls: false, guard: true });
    expect(resolveConfig({ isolation: { keys: false } }, root, null).isolation).toEqual({ keys: false, rls: false, guard: true });
    expect(resolveConfig({ isolation: { rls: true, guard: false } }, root, null).isolation).toEqual({ keys: true, rls: true, guard: false });
  });

  it("accepts every documented value", async () => {
    await write(
      "tenant-schema.config.ts",
      `import { defineConfig } from "tenant-schema";
export default defineConfig({
  schema: ["a", "b"],
  output: { models: "m", migrations: "mig", docs: "d", state: "s" },
  tenant: { table: "accounts", key: "id", keyType: "uuid", attribute: "accountId", onDelete: "RESTRICT", model: { name: "Account", importPath: "../account", export: "default" } },
  naming: "sequelize",
  primaryKey: "bigint",
  sequelize: 5,
  docs: { language: "en" },
  models: { module: "esm", layout: "base-and-user", exports: "named" },
  migrations: { lockTimeout: "500ms", statementTimeout: "0", validateTimeout: "2h", backfillBatchSize: 250, extension: ".js" },
  isolation: { keys: false, rls: true, guard: false },
});
`,
    );
    const config = await loadConfig({ cwd: root, loader });
    // The tenant model's export style stays out of `model`, which the IR (and so the snapshot) copies.
    expect(config.tenant).toMatchObject({ table: "accounts", keyType: "uuid", model: { name: "Account", importPath: "../account" }, modelExport: "default" });
    expect(config.tenant.model).toEqual({ name: "Account", importPath: "../account" });
    expect(config.migrations).toEqual({ lockTimeout: "500ms", statementTimeout: "0", validateTimeout: "2h", backfillBatchSize: 250, extension: ".js" });
    expect(config.models).toEqual({ module: "esm", layout: "base-and-user", exports: "named" });
    expect(config.isolation).toEqual({ keys: false, rls: true, guard: false });
  });
});

describe("loadSchemaTables", () => {
  it("collects each exported table once, recursively and in path order", async () => {
    await write("schema/users.ts", `import { defineTenantTable, t } from "tenant-schema";\nexport const users = defineTenantTable("users", { name: t.string(50) });\n`);
    await write("schema/nested/tickets.ts", `import { defineTenantTable, t } from "tenant-schema";\nimport { users } from "../users.js";\nexport { users };\nexport const tickets = defineTenantTable("tickets", { title: t.text() }).belongsTo(users);\nexport const notATable = { key: "x" };\n`);
    await write("schema/types.d.ts", "export type X = 1;\n");
    await write("schema/readme.md", "# not code\n");
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.problems).toEqual([]);
    expect(loaded.files.map((file) => path.relative(root, file).split(path.sep).join("/"))).toEqual(["schema/nested/tickets.ts", "schema/users.ts"]);
    expect(loaded.tables).toHaveLength(2);
  });

  it("keeps loading after a broken file and names it", async () => {
    await write("schema/a.ts", "export const a = ;\n");
    await write("schema/b.ts", `import { defineTenantTable, t } from "tenant-schema";\nexport const b = defineTenantTable("b", { n: t.integer() });\n`);
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.tables).toHaveLength(1);
    expect(loaded.problems).toEqual([expect.objectContaining({ file: "schema/a.ts", message: expect.stringContaining("failed to load") })]);
  });
});

describe("the loader keeps the user's lines", () => {
  // Line numbers are read off the file's own text, so the test does not trust the loader to say them.
  const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((line) => line.includes(needle)) + 1;

  it("names the line of each call in a multi-line chain, after types, comments and imports", async () => {
    const text = [
      `import { defineTenantTable, t, sql } from "tenant-schema";`,
      `type Priority = "low" | "high";`,
      `const levels: readonly Priority[] = ["low", "high"];`,
      `/** Tickets. */`,
      `export const tickets = defineTenantTable("tickets", {`,
      `  title: t.string(200),`,
      `  priority: t.enum(levels as Priority[]).default("low"),`,
      `})`,
      `  .index(["title"], { reason: "search" })`,
      `  .check("titled", (c) => sql\`length(\${c.title}) > 0\`);`,
      ``,
    ].join("\n");
    await write("schema/tickets.ts", text);
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.problems).toEqual([]);
    const table = toSchemaIR(loaded.tables, resolveConfig({}, root, null)).tables[0]!;
    const declared = (origin: string) => table.indexes.filter((index) => index.origin === origin).map((index) => index.source?.line);
    expect(declared("declared")).toEqual([lineOf(text, ".index(")]);
    expect(table.checks.filter((check) => check.origin === "declared").map((check) => check.source?.line)).toEqual([lineOf(text, ".check(")]);
    expect(table.columns.find((column) => column.name === "priority")?.source?.line).toBe(lineOf(text, "priority:"));
  });

  it("names the line of a refused column inside a multi-line callback", async () => {
    const text = [
      `import { defineTenantTable, t, sql } from "tenant-schema";`,
      `export const tickets = defineTenantTable("tickets", { title: t.string(200) })`,
      `  .check("titled", (c) =>`,
      `    sql\`length(\${`,
      `      (c as Record<string, never>).nope`,
      `    }) > 0\`,`,
      `  );`,
      ``,
    ].join("\n");
    await write("schema/tickets.ts", text);
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.problems).toEqual([expect.objectContaining({ file: "schema/tickets.ts", line: lineOf(text, ".nope"), message: expect.stringContaining("nope") })]);
  });

  it("loads what CommonJS cannot express (import.meta, top-level await) through jiti's own transform", async () => {
    const text = `import { defineTenantTable, t } from "tenant-schema";\nconst here = import.meta.url;\nconst size = await Promise.resolve(here.length > 0 ? 40 : 0);\nexport const tags = defineTenantTable("tags", { name: t.string(size) });\n`;
    await write("schema/tags.ts", text);
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.problems).toEqual([]);
    expect(toSchemaIR(loaded.tables, resolveConfig({}, root, null)).tables[0]?.columns.find((column) => column.name === "name")?.type).toEqual({ kind: "string", length: 40 });
  });

  it("names the line of a syntax error", async () => {
    const text = `import { t } from "tenant-schema";\n\nexport const a = ;\n`;
    await write("schema/a.ts", text);
    const loaded = await loadSchemaTables(resolveConfig({}, root, null), loader);
    expect(loaded.problems).toEqual([expect.objectContaining({ file: "schema/a.ts", line: lineOf(text, "= ;") })]);
  });
});

describe("formatFile", () => {
  it("formats by extension with the project's prettier config", async () => {
    await write(".prettierrc", JSON.stringify({ singleQuote: true, tabWidth: 4 }));
    expect(await formatFile(path.join(root, "src/a.ts"), 'export const a = {b:"c"}')).toBe("export const a = { b: 'c' };\n");
    expect(await formatFile(path.join(root, "docs/a.md"), "# A\n\n\n\ntext")).toBe("# A\n\ntext\n");
    expect(await formatFile(path.join(root, "notes.unknownext"), "kept  as is")).toBe("kept  as is");
  });
});
