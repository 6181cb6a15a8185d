/**
 * The package as users get it: `npm test` builds dist/ first, and these tests use the build, not
 * the sources. ESM and CommonJS consumers see the same API; the built CLI runs on the bundled
 * examples and finds every committed artifact up to date.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const API = ["defineTenantTable", "defineGlobalTable", "t", "sql", "defineConfig", "toSchemaIR", "validateSchema", "withTenant", "tenantContext", "currentTenant", "tenantMiddleware", "installTenantGuard", "isolationDdl"];

function exportsOf(script: string, type: "commonjs" | "module"): string[] {
  const flag = type === "module" ? "--input-type=module" : "--input-type=commonjs";
  return JSON.parse(execFileSync(process.execPath, [flag, "-e", script], { cwd: root, encoding: "utf8" })) as string[];
}

describe("the built package", () => {
  it("is usable from CommonJS and ESM with the same API", () => {
    const cjs = exportsOf(`console.log(JSON.stringify(Object.keys(require("tenant-schema")).sort()))`, "commonjs");
    const esm = exportsOf(`const m = await import("tenant-schema"); console.log(JSON.stringify(Object.keys(m).sort()))`, "module");
    expect(cjs).toEqual(esm);
    expect(cjs).toEqual(expect.arrayContaining(API));
  });

  it("shares one tenant context between its CommonJS and ES module builds loaded in one process", () => {
    const script = `import { createRequire } from "node:module";
      const cjs = createRequire(process.cwd() + "/")("tenant-schema");
      const esm = await import("tenant-schema");
      console.log(JSON.stringify([cjs.tenantContext.run(5, () => esm.currentTenant()), esm.tenantContext.run(6, () => cjs.currentTenant())]));`;
    expect(exportsOf(script, "module")).toEqual([5, 6]);
  });

  it("defines a table from CommonJS", () => {
    const script = `const { defineTenantTable, t } = require("tenant-schema");
      const table = defineTenantTable("notes", { body: t.text() });
      console.log(JSON.stringify([typeof table.index]));`;
    expect(exportsOf(script, "commonjs")).toEqual(["function"]);
  });

  it("its CLI prints the package's version", () => {
    const { version } = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { version: string };
    const result = spawnSync(process.execPath, ["dist/cli/bin.cjs", "--version"], { cwd: root, encoding: "utf8" });
    expect(result.stdout.trim()).toBe(version);
    expect(result.status).toBe(0);
  });

  it("its CLI finds the committed examples up to date", () => {
    const result = spawnSync(process.execPath, ["dist/cli/bin.cjs", "emit", "--check"], { cwd: root, encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toContain("up to date");
    expect(result.status).toBe(0);
  });
});
