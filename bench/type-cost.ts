/**
 * Type-cost benchmark: generates schemas of 10, 100, 300 and 1,000 tables that use the DSL the way a
 * real project does (bench/type-cost-shape.ts: columns of every kind, a belongsTo chain, indexes,
 * checks, InferRow/InferCreate), type-checks each with `tsc --extendedDiagnostics`, and reports
 * instantiations and check time. Cost should grow linearly with the table count; a change that
 * makes it super-linear shows here (and fails test/types/type-cost.test.ts, which pins a budget).
 *
 * It checks against the built declarations (dist/index.d.ts), what a user's compiler sees, so the
 * script builds first.
 *
 * Run: npm run bench:types            (all sizes)
 *      npm run bench:types -- 10 100  (some sizes)
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureTypeCost } from "./type-cost-shape.js";

const outDir = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "bench", ".generated");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

const results = [];
for (const n of sizes.length > 0 ? sizes : [10, 100, 300, 1000]) {
  const result = await measureTypeCost(n, join(outDir, String(n)));
  if (result.errors.length > 0) console.error(`${n} tables: ${result.errors.length} type errors, e.g. ${result.errors[0]}`);
  console.error(`measured ${n} tables`);
  results.push(result);
}
console.log("| tables | instantiations | per table | types | check time (s) | total time (s) | memory (MB) | type errors |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of results) {
  console.log(
    `| ${r.tables} | ${r.instantiations} | ${Math.round(r.instantiations / r.tables)} | ${r.types} | ${r.checkSeconds.toFixed(2)} | ${r.totalSeconds.toFixed(2)} | ${Math.round(r.memoryKb / 1024)} | ${r.errors.length} |`,
  );
}
