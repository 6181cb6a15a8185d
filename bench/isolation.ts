/**
 * Isolation benchmark (issue 9 item 6): do the composite tenant keys and the row-level security
 * policy make tenant-filtered queries slower? Two databases on the server of DATABASE_URL, the
 * schema of test/isolation/schema.ts without isolation (today's single-column foreign keys) and
 * with it (isolationDdl: composite keys, immutable tenant, RLS), the same data in each: 2 tenants
 * × 100,000 tickets (and 1,000 users, 20 tags, one tag link per ticket per tenant). Each query is
 * what the guard sends for one tenant; with isolation it runs as the application role, inside a
 * transaction that set the tenant as withTenant does. Off and on runs alternate, so load on the
 * machine hits both alike. Prints EXPLAIN (ANALYZE) plans, then median/p95 and the on/off ratio.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres npm run bench:isolation
 *      (add a number to change the iterations per query, default 200)
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { SEED_SQL, schemaStatements } from "../test/isolation/schema.js";

const serverUrl = process.env.DATABASE_URL;
const ITERATIONS = Number(process.argv[2] ?? 200) || 200;
const TICKETS_PER_TENANT = 100_000;
const USERS_PER_TENANT = 1_000;
const TAGS_PER_TENANT = 20;

interface Query {
  name: string;
  sql: string;
  params: (tenant: number) => unknown[];
}

/** Typical tenant-filtered queries: what the guard's where (and include ON clause) produce. */
const QUERIES: readonly Query[] = [
  {
    name: "list by status",
    sql: `SELECT id, subject, status FROM tickets WHERE company_id = $1 AND status = 'open' AND deleted_at IS NULL LIMIT 50`,
    params: (tenant) => [tenant],
  },
  {
    name: "by assignee",
    sql: `SELECT id, subject, status FROM tickets WHERE company_id = $1 AND assignee_id = $2 AND deleted_at IS NULL`,
    params: (tenant) => [tenant, userId(tenant, 7)],
  },
  {
    name: "join tickets → assignee",
    sql:
      `SELECT t.id, t.subject, u.email FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id AND u.company_id = $1 ` +
      `WHERE t.company_id = $1 AND t.status = 'pending' AND t.deleted_at IS NULL ORDER BY t.id DESC LIMIT 50`,
    params: (tenant) => [tenant],
  },
  {
    name: "join tag links → tickets",
    sql:
      `SELECT t.id, t.subject FROM ticket_tags l JOIN tickets t ON t.id = l.ticket_id AND t.company_id = $1 ` +
      `WHERE l.company_id = $1 AND l.tag_id = $2 AND t.deleted_at IS NULL LIMIT 50`,
    params: (tenant) => [tenant, tagId(tenant, 3)],
  },
  {
    name: "count by status (whole tenant)",
    sql: `SELECT status, count(*) FROM tickets WHERE company_id = $1 AND deleted_at IS NULL GROUP BY status`,
    params: (tenant) => [tenant],
  },
];

const userId = (tenant: number, n: number) => 1_000 + (tenant - 1) * USERS_PER_TENANT + n;
const tagId = (tenant: number, n: number) => 1_000 + (tenant - 1) * TAGS_PER_TENANT + n;

/** The data, the same in both databases (ids from 1,000 so the seed's two tenants stay as they are). */
function dataSql(): string {
  return `${SEED_SQL}
    INSERT INTO users (id, company_id, name, email, created_at, updated_at)
      SELECT 1000 + (c - 1) * ${USERS_PER_TENANT} + n, c, 'User ' || n, 'user' || n || '@tenant' || c || '.test', now(), now()
      FROM generate_series(1, 2) c, generate_series(1, ${USERS_PER_TENANT}) n;
    INSERT INTO tags (id, company_id, name, created_at, updated_at)
      SELECT 1000 + (c - 1) * ${TAGS_PER_TENANT} + n, c, 'tag ' || n, now(), now()
      FROM generate_series(1, 2) c, generate_series(1, ${TAGS_PER_TENANT}) n;
    INSERT INTO tickets (id, company_id, subject, status, assignee_id, created_at, updated_at, deleted_at)
      SELECT 1000 + (c - 1) * ${TICKETS_PER_TENANT} + n, c, 'Ticket ' || n,
             (ARRAY['open', 'pending', 'solved', 'closed'])[1 + n % 4],
             CASE WHEN n % 5 = 0 THEN NULL ELSE 1000 + (c - 1) * ${USERS_PER_TENANT} + 1 + n % ${USERS_PER_TENANT} END,
             now(), now(), CASE WHEN n % 50 = 0 THEN now() END
      FROM generate_series(1, 2) c, generate_series(1, ${TICKETS_PER_TENANT}) n;
    INSERT INTO ticket_tags (company_id, ticket_id, tag_id, created_at, updated_at)
      SELECT c, 1000 + (c - 1) * ${TICKETS_PER_TENANT} + n, 1000 + (c - 1) * ${TAGS_PER_TENANT} + 1 + n % ${TAGS_PER_TENANT}, now(), now()
      FROM generate_series(1, 2) c, generate_series(1, ${TICKETS_PER_TENANT}) n;
    ANALYZE;`;
}

interface Side {
  label: "off" | "on";
  client: pg.Client;
  /** Runs `sql` the way the application would on this side. */
  run(sql: string, params: unknown[], tenant: number): Promise<pg.QueryResult>;
}

async function main(): Promise<void> {
  if (serverUrl === undefined) {
    console.log("bench:isolation: skipped, it needs a PostgreSQL server: DATABASE_URL=postgres://... npm run bench:isolation");
    return;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const names = { off: `bench_isolation_off_${suffix}`, on: `bench_isolation_on_${suffix}`, owner: `bench_owner_${suffix}`, app: `bench_app_${suffix}` };
  const clients: pg.Client[] = [];
  try {
    const version = (await admin.query("SHOW server_version")).rows[0].server_version as string;
    console.log(`# Isolation benchmark: PostgreSQL ${version}, 2 tenants × ${TICKETS_PER_TENANT.toLocaleString("en")} tickets, ${ITERATIONS} runs per query and side\n`);
    await admin.query(`CREATE DATABASE "${names.off}"`);
    await admin.query(`CREATE DATABASE "${names.on}"`);
    await admin.query(`CREATE ROLE "${names.owner}" LOGIN BYPASSRLS; CREATE ROLE "${names.app}" LOGIN NOBYPASSRLS`);

    const connect = async (database: string, user?: string) => {
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      if (user !== undefined) url.username = user;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      clients.push(client);
      return client;
    };
    const started = performance.now();
    const offSetup = await connect(names.off);
    await offSetup.query(schemaStatements({ isolation: false }).join(";\n"));
    await offSetup.query(dataSql());
    const onSetup = await connect(names.on);
    await onSetup.query(`GRANT CREATE, USAGE ON SCHEMA public TO "${names.owner}"; SET ROLE "${names.owner}"`);
    await onSetup.query(schemaStatements({ isolation: true, rls: true }).join(";\n"));
    await onSetup.query(dataSql());
    await onSetup.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${names.app}"; RESET ROLE`);
    console.log(`data loaded in both databases in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const offClient = await connect(names.off);
    const appClient = await connect(names.on, names.app);
    const sides: Side[] = [
      { label: "off", client: offClient, run: (sql, params) => offClient.query(sql, params) },
      {
        label: "on",
        client: appClient,
        run: async (sql, params, tenant) => {
          // As withTenant: the tenant set for the transaction; only the query itself is timed.
          await appClient.query("BEGIN");
          await appClient.query("SELECT set_config('app.company_id', $1, true)", [String(tenant)]);
          try {
            return await appClient.query(sql, params);
          } finally {
            await appClient.query("COMMIT");
          }
        },
      },
    ];

    console.log("## Plans (EXPLAIN ANALYZE, tenant 2)\n");
    for (const query of QUERIES) {
      console.log(`### ${query.name}\n\n\`\`\`sql\n${query.sql}\n\`\`\`\n`);
      for (const side of sides) {
        const plan = await side.run(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${query.sql}`, query.params(2), 2);
        const rows = await side.run(query.sql, query.params(2), 2);
        console.log(`isolation ${side.label} (${rows.rowCount} rows):\n\`\`\`\n${plan.rows.map((row) => row["QUERY PLAN"]).join("\n")}\n\`\`\`\n`);
      }
    }

    console.log("## Timings (ms per query, server round trip included)\n");
    console.log("| query | off median | off p95 | on median | on p95 | on/off (median) |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
    const ratios: number[] = [];
    for (const query of QUERIES) {
      const times: Record<Side["label"], number[]> = { off: [], on: [] };
      for (let i = 0; i < ITERATIONS + 10; i += 1) {
        const tenant = 1 + (i % 2);
        for (const side of i % 4 < 2 ? sides : [...sides].reverse()) {
          const timer = side.label === "on" ? timedInside(side, query, tenant) : timedPlain(side, query, tenant);
          const ms = await timer;
          if (i >= 10) times[side.label].push(ms);
        }
      }
      const off = stats(times.off);
      const on = stats(times.on);
      ratios.push(on.median / off.median);
      console.log(`| ${query.name} | ${off.median.toFixed(3)} | ${off.p95.toFixed(3)} | ${on.median.toFixed(3)} | ${on.p95.toFixed(3)} | ${(on.median / off.median).toFixed(2)} |`);
    }
    const geometric = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
    console.log(`\ngeometric mean of the on/off ratios: ${geometric.toFixed(2)}`);

    // What withTenant adds per unit of work: BEGIN, set_config, the read-back, COMMIT.
    const unit: number[] = [];
    for (let i = 0; i < ITERATIONS; i += 1) {
      const start = performance.now();
      await appClient.query("BEGIN");
      await appClient.query("SELECT set_config('app.company_id', $1, true)", ["1"]);
      await appClient.query("SELECT current_setting($1, true) AS tenant", ["app.company_id"]);
      await appClient.query("COMMIT");
      unit.push(performance.now() - start);
    }
    const overhead = stats(unit);
    console.log(`withTenant's own statements per unit of work (BEGIN, set_config, read-back, COMMIT): median ${overhead.median.toFixed(3)} ms, p95 ${overhead.p95.toFixed(3)} ms`);
  } finally {
    for (const client of clients) await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${names.off}" WITH (FORCE)`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${names.on}" WITH (FORCE)`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS "${names.owner}"; DROP ROLE IF EXISTS "${names.app}"`).catch(() => undefined);
    await admin.end();
  }
}

/** The query alone, timed. */
async function timedPlain(side: Side, query: Query, tenant: number): Promise<number> {
  const start = performance.now();
  await side.client.query(query.sql, query.params(tenant));
  return performance.now() - start;
}

/** The query alone, timed inside the transaction that set the tenant. */
async function timedInside(side: Side, query: Query, tenant: number): Promise<number> {
  await side.client.query("BEGIN");
  await side.client.query("SELECT set_config('app.company_id', $1, true)", [String(tenant)]);
  const start = performance.now();
  await side.client.query(query.sql, query.params(tenant));
  const ms = performance.now() - start;
  await side.client.query("COMMIT");
  return ms;
}

function stats(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

await main();
