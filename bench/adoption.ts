/**
 * Adoption benchmark: a generated Sequelize-style database of N tables (PascalCase tables,
 * camelCase columns, a tenant column, a foreign key to the previous table, an index, an enum
 * type), then what `pull`, `audit` and `drift` do on it: read the catalog (and how many queries
 * that took — it must not grow with N), map it to IR, audit it, print the DSL files, and for
 * drift build the declarations on the embedded PostgreSQL and compare. Wall-clock milliseconds,
 * median of several runs.
 *
 * Run: npm run bench:adoption                 (1,000 tables on the embedded PostgreSQL)
 *      DATABASE_URL=postgres://… npm run bench:adoption -- 100 1000   (a real server; a scratch database is created)
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { auditSchema } from "../src/audit/rules.js";
import { connectLive, openEmbedded, type Database } from "../src/cli/database.js";
import { buildEmbedded } from "../src/cli/embedded-schema.js";
import { resolveConfig } from "../src/config/define-config.js";
import { compareSchemas } from "../src/drift/compare.js";
import { readCatalog } from "../src/introspect/catalog.js";
import { catalogToIR } from "../src/introspect/to-ir.js";
import { printSchema } from "../src/pull/print-schema.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const RUNS = 3;
const TENANT = { tableName: "Companies", key: "id", keyType: "integer", attribute: "companyId", onDelete: "CASCADE" } as const;

function ddl(n: number): string {
  const tables = Array.from({ length: n }, (_, i) => {
    const name = `Item${i}s`;
    const previous = i > 0 ? `, "item${i - 1}Id" integer REFERENCES "Item${i - 1}s" (id) ON DELETE CASCADE` : "";
    return `CREATE TABLE "${name}" (id serial PRIMARY KEY, "companyId" integer NOT NULL REFERENCES "Companies" (id) ON DELETE CASCADE,
      title varchar(255) NOT NULL, status "enum_status" NOT NULL DEFAULT 'open', amount numeric(12,2) DEFAULT 0, payload jsonb${previous},
      "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL, CONSTRAINT "${name}_amount_check" CHECK (amount >= 0));
    CREATE INDEX "${name.toLowerCase()}_company_id_status" ON "${name}" ("companyId", status);`;
  });
  return [`CREATE TYPE "enum_status" AS ENUM ('open', 'closed');`, `CREATE TABLE "Companies" (id serial PRIMARY KEY, name text);`, ...tables].join("\n");
}

async function scratchDatabase(n: number): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url === undefined) {
    const db = await openEmbedded();
    return { db, drop: () => db.close() };
  }
  const name = `tenant_schema_bench_${process.pid}_${n}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await connectLive(target.toString());
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE "${name}"`);
      await admin.end();
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

console.log(`| tables | catalog queries | read catalog (ms) | to IR (ms) | audit (ms) | findings | print DSL (ms) | drift: build declarations (ms) | drift: compare (ms) |`);
console.log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const n of sizes.length > 0 ? sizes : [1000]) {
  const { db, drop } = await scratchDatabase(n);
  try {
    await db.run(ddl(n));
    const rows: Record<string, number[]> = { read: [], ir: [], audit: [], print: [], build: [], compare: [] };
    let queries = 0;
    let findings = 0;
    for (let run = 0; run < RUNS; run++) {
      const read = await timed(() => readCatalog(db.run));
      queries = read.value.queries;
      const ir = await timed(() => catalogToIR(read.value, { tenant: TENANT, keepTenantRoot: false }));
      const audit = await timed(() => auditSchema(ir.value.schema));
      findings = audit.value.length;
      const print = await timed(() => printSchema(ir.value.schema, { source: "bench", pulledAt: "2026-12-02T00:00:00Z" }));
      const build = await timed(() => buildEmbedded(ir.value.schema, resolveConfig({ naming: "sequelize" }, "/bench", null)));
      const compare = await timed(() => compareSchemas(build.value, ir.value.schema));
      if (compare.value.length > 0) throw new Error(`drift found ${compare.value.length} differences on an unchanged database`);
      rows.read!.push(read.ms);
      rows.ir!.push(ir.ms);
      rows.audit!.push(audit.ms);
      rows.print!.push(print.ms);
      rows.build!.push(build.ms);
      rows.compare!.push(compare.ms);
    }
    const cell = (key: string) => Math.round(median(rows[key]!)).toLocaleString("en");
    console.log(`| ${n.toLocaleString("en")} | ${queries} | ${cell("read")} | ${cell("ir")} | ${cell("audit")} | ${findings.toLocaleString("en")} | ${cell("print")} | ${cell("build")} | ${cell("compare")} |`);
  } finally {
    await drop();
  }
}
