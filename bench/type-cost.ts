/**
 * Type-cost benchmark: generates schemas of 10, 100, 300 and 1,000 tables that use the DSL the way a
 * real project does (columns of every kind, belongsTo chains, indexes, checks, InferRow/InferCreate),
 * type-checks each with `tsc --extendedDiagnostics`, and reports instantiations and check time.
 * Cost should grow linearly with the table count; a change that makes it super-linear shows here.
 *
 * It checks against the built declarations (dist/index.d.ts), what a user's compiler sees, so the
 * script builds first.
 *
 * Run: npm run bench:types            (all sizes)
 *      npm run bench:types -- 10 100  (some sizes)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "bench", ".generated");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

/** One schema file per table; table i belongs to table i-1 so relation types are exercised. */
function tableSource(i: number): string {
  const previous = i > 0 ? `import { table${i - 1} } from "./table${i - 1}.js";\n` : "";
  const relation = i > 0 ? `\n  .belongsTo(table${i - 1}, { onDelete: "CASCADE" })` : "";
  return `import { defineTenantTable, sql, t, type InferCreate, type InferRow } from "tenant-schema";
${previous}
export const table${i} = defineTenantTable("table${i}", {
  title: t.string(255),
  body: t.text().nullable(),
  status: t.enum(["open", "pending", "closed"]).default("open"),
  amount: t.decimal(12, 2).default(0),
  attempts: t.integer().default(0),
  active: t.boolean().default(true),
  payload: t.jsonb<{ id: number; tags: string[] }>().nullable(),
  labels: t.array(t.string(50)).default([]),
  dueOn: t.date().nullable(),
  seenAt: t.timestamp().nullable(),
})${relation}
  .index(["companyId", "status", "createdAt"], { reason: "listing" })
  .check("amount_non_negative", (c) => sql\`\${c.amount} >= 0\`);

export type Table${i}Row = InferRow<typeof table${i}>;
export type Table${i}Create = InferCreate<typeof table${i}>;
export const sample${i}: Table${i}Create = { title: "x" } as Table${i}Create;
`;
}

interface Measurement {
  tables: number;
  instantiations: number;
  types: number;
  checkSeconds: number;
  totalSeconds: number;
  memoryKb: number;
}

function measure(tables: number): Measurement {
  const dir = join(outDir, String(tables));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "schema"), { recursive: true });
  for (let i = 0; i < tables; i++) writeFileSync(join(dir, "schema", `table${i}.ts`), tableSource(i));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [join(root, "node_modules", "@types")],
          paths: { "tenant-schema": [join(root, "dist", "index.d.ts")] },
        },
        include: ["schema"],
      },
      null,
      2,
    ),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const output = execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const read = (label: string): number => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output);
    if (!match?.[1]) throw new Error(`tsc did not report "${label}":\n${output}`);
    return Number(match[1]);
  };
  return {
    tables,
    instantiations: read("Instantiations"),
    types: read("Types"),
    checkSeconds: read("Check time"),
    totalSeconds: read("Total time"),
    memoryKb: read("Memory used"),
  };
}

const results = (sizes.length > 0 ? sizes : [10, 100, 300, 1000]).map((n) => {
  const result = measure(n);
  console.error(`measured ${n} tables`);
  return result;
});
console.log("| tables | instantiations | per table | types | check time (s) | total time (s) | memory (MB) |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of results) {
  console.log(
    `| ${r.tables} | ${r.instantiations} | ${Math.round(r.instantiations / r.tables)} | ${r.types} | ${r.checkSeconds.toFixed(2)} | ${r.totalSeconds.toFixed(2)} | ${Math.round(r.memoryKb / 1024)} |`,
  );
}
