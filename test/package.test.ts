/**
 * The package as users get it: `npm test` builds dist/ first, and these tests use the build, not
 * the sources. ESM and CommonJS consumers see the same API; the built CLI runs on the bundled
 * examples and finds every committed artifact up to date.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runBuiltCli } from "./cli/project.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const API = ["defineTenantTable", "defineGlobalTable", "t", "sql", "defineConfig", "toSchemaIR", "validateSchema", "withTenant", "tenantContext", "currentTenant", "tenantMiddleware", "installTenantGuard", "isolationDdl"];

// Child processes, never the *Sync calls: a worker blocked under load misses vitest's RPC deadline.
async function exportsOf(script: string, type: "commonjs" | "module"): Promise<string[]> {
  const flag = type === "module" ? "--input-type=module" : "--input-type=commonjs";
  const { stdout } = await promisify(execFile)(process.execPath, [flag, "-e", script], { cwd: root, encoding: "utf8" });
  return JSON.parse(stdout) as string[];
}

describe("the built package", () => {
  it("is usable from CommonJS and ESM with the same API", async () => {
    const cjs = await exportsOf(`console.log(JSON.stringify(Object.keys(require("tenant-schema")).sort()))`, "commonjs");
    const esm = await exportsOf(`const m = await import("tenant-schema"); console.log(JSON.stringify(Object.keys(m).sort()))`, "module");
    expect(cjs).toEqual(esm);
    expect(cjs).toEqual(expect.arrayContaining(API));
  });

  it("shares one tenant context between its CommonJS and ES module builds loaded in one process", async () => {
    const script = `import { createRequire } from "node:module";
      const cjs = createRequire(process.cwd() + "/")("tenant-schema");
      const esm = await import("tenant-schema");
      console.log(JSON.stringify([cjs.tenantContext.run(5, () => esm.currentTenant()), esm.tenantContext.run(6, () => cjs.currentTenant())]));`;
    expect(await exportsOf(script, "module")).toEqual([5, 6]);
  });

  it("defines a table from CommonJS", async () => {
    const script = `const { defineTenantTable, t } = require("tenant-schema");
      const table = defineTenantTable("notes", { body: t.text() });
      console.log(JSON.stringify([typeof table.index]));`;
    expect(await exportsOf(script, "commonjs")).toEqual(["function"]);
  });

  it("its CLI prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { version: string };
    const result = await runBuiltCli(["--version"]);
    expect(result.stdout.trim()).toBe(version);
    expect(result.code).toBe(0);
  });

  it("its CLI finds the committed examples up to date", async () => {
    const result = await runBuiltCli(["emit", "--check", "--cwd", root]);
    expect(`${result.stdout}${result.stderr}`).toContain("up to date");
    expect(result.code).toBe(0);
  });
});
