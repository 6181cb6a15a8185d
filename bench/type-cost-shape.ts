/**
 * The schema shape the type cost is measured on, shared by `npm run bench:types` and the type-cost
 * budget test (test/types/type-cost.test.ts): one file per table, columns of every kind, each table
 * `belongsTo` the previous one (a chain as long as the schema), an index, a CHECK, and the row types
 * a project infers (`InferRow`, `InferCreate`, a typed value). It type-checks against the BUILT
 * declarations (dist/index.d.ts), what a user's compiler sees.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

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

export interface TypeCost {
  tables: number;
  instantiations: number;
  types: number;
  checkSeconds: number;
  totalSeconds: number;
  memoryKb: number;
  /** The compiler's error lines (TS2589 among them); empty when the schema type-checks. */
  errors: string[];
}

/**
 * Writes a schema of `tables` tables under `dir` and type-checks it with `tsc --extendedDiagnostics`
 * (a child process: a worker of the test runner must not block its event loop for seconds).
 *
 * @example
 * const cost = await measureTypeCost(40, "/tmp/type-cost/40"); // cost.instantiations, cost.errors
 */
export async function measureTypeCost(tables: number, dir: string): Promise<TypeCost> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "schema"), { recursive: true });
  await Promise.all(Array.from({ length: tables }, (_, i) => writeFile(join(dir, "schema", `table${i}.ts`), tableSource(i))));
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
    paths: { "tenant-schema": [join(root, "dist", "index.d.ts")] },
  };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["schema"] }, null, 2));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const output = await new Promise<string>((done, fail) => {
    // tsc exits non-zero on type errors; its diagnostics are still printed, and they are what is measured.
    execFile(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics"], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error !== null && stdout === "") fail(error);
      else done(stdout);
    });
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
    errors: output.split("\n").filter((line) => / error TS\d+:/.test(line)),
  };
}
