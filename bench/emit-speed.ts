/**
 * Emit-speed benchmark: a project of N generated tables (one feature per 10 tables), emitted from
 * scratch (every migration, doc and model written) and then again with nothing to do, as CI's
 * `--check` does on every push. Reports wall-clock milliseconds per run, median of several runs.
 *
 * Run: npm run bench:emit             (100 and 300 tables)
 *      npm run bench:emit -- 50       (some sizes)
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runEmit } from "../src/cli/emit.js";

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

console.log("| tables | first emit (ms) | emit with nothing to do (ms) |");
console.log("| ---: | ---: | ---: |");
for (const tables of sizes.length > 0 ? sizes : [100, 300]) {
  const first: number[] = [];
  const again: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = join(root, ".tmp", `bench-emit-${tables}`);
    writeProject(dir, tables);
    const emit = () => runEmit({ cwd: dir, now: "20261125090000", mode: "write", moduleUrl }).then((report) => {
      if (report.exitCode !== 0) throw new Error(report.errors.join("\n"));
    });
    first.push(await timed(emit));
    again.push(await timed(emit));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`| ${tables} | ${Math.round(median(first))} | ${Math.round(median(again))} |`);
}
