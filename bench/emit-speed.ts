/**
 * Emit-speed benchmark: a project of N generated tables (one feature per 10 tables), emitted from
 * scratch (every migration, doc and model written), then again with nothing to do, then checked as
 * CI's `--check` does on every push (the fast path: nothing loaded, emitted or formatted; and the
 * full path, for comparison), then with one table changed (formatting only what changed). The
 * commands as the CLI runs them (`runEmitFast`), in-process. Reports wall-clock milliseconds per run,
 * median of several runs.
 *
 * Run: npm run bench:emit             (100 and 300 tables)
 *      npm run bench:emit -- 50       (some sizes)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runEmit, type EmitOptions } from "../src/cli/emit.js";
import { runEmitFast } from "../src/cli/up-to-date.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const RUNS = 3;

function tableSource(i: number): string {
  const relation = i % 10 > 0 ? `.belongsTo(table${i - 1}, { onDelete: "CASCADE" })` : "";
  return `export const table${i} = defineTenantTable("table${i}", {
  title: t.string(255),
  status: t.enum(["open", "closed"]).default("open"),
  amount: t.decimal(12, 2).default(0),
  payload: t.jsonb().nullable(),
})${relation}
  .index(["companyId", "status", "createdAt"], { reason: "listing" });
`;
}

/** Writes a project with `tables` tables, ten per schema file (one feature per file). */
function writeProject(dir: string, tables: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "schema"), { recursive: true });
  writeFileSync(join(dir, "tenant-schema.config.ts"), `import { defineConfig } from "tenant-schema";\nexport default defineConfig({});\n`);
  for (let file = 0; file * 10 < tables; file++) {
    const body = Array.from({ length: Math.min(10, tables - file * 10) }, (_, k) => tableSource(file * 10 + k)).join("\n");
    writeFileSync(join(dir, "schema", `feature${file}.ts`), `import { defineTenantTable, t } from "tenant-schema";\n\n${body}`);
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const moduleUrl = pathToFileURL(join(root, "src", "cli", "emit.ts")).href;

console.log("| tables | first emit (ms) | emit, nothing to do (ms) | `--check`, nothing changed (ms) | `--check`, full path (ms) | one table changed, emit (ms) |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
for (const tables of sizes.length > 0 ? sizes : [100, 300]) {
  const runs: number[][] = [[], [], [], [], []];
  for (let run = 0; run < RUNS; run++) {
    const dir = join(root, ".tmp", `bench-emit-${tables}`);
    writeProject(dir, tables);
    const options = (mode: EmitOptions["mode"], now = "20261125090000"): EmitOptions => ({ cwd: dir, now, mode, moduleUrl });
    const ok = (exitCode: number) => (report: { exitCode: number; errors: string[] }) => {
      if (report.exitCode !== exitCode) throw new Error(report.errors.join("\n") || `exit ${report.exitCode}`);
    };
    runs[0]!.push(await timed(() => runEmitFast(options("write")).then(ok(0))));
    runs[1]!.push(await timed(() => runEmitFast(options("write")).then(ok(0))));
    runs[2]!.push(await timed(() => runEmitFast(options("check")).then(ok(0))));
    runs[3]!.push(await timed(() => runEmit(options("check")).then(ok(0))));
    // One table of the first feature gains a column.
    const first = join(dir, "schema", "feature0.ts");
    writeFileSync(first, readFileSync(first, "utf8").replace("title: t.string(255),", "title: t.string(255),\n  note: t.text().nullable(),"));
    runs[4]!.push(await timed(() => runEmitFast(options("write", "20261126090000")).then(ok(0))));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`| ${tables} | ${runs.map((values) => Math.round(median(values))).join(" | ")} |`);
}
