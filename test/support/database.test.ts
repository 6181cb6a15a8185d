import { describe, expect, it } from "vitest";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, quoteIdent, quoteLiteral } from "./database.js";

describe("openTestDatabase", () => {
  it("gives an empty, isolated database per call", async () => {
    const first = await openTestDatabase();
    const second = await openTestDatabase();
    try {
      await first.query(`CREATE TABLE only_in_first (id integer)`);
      const inSecond = await second.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_class WHERE relname = 'only_in_first'`,
      );
      expect(inSecond).toEqual([{ n: "0" }]);
      expect(first.url).not.toEqual(second.url);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("runs multi-statement SQL and returns rows", async () => {
    const db = await openTestDatabase();
    try {
      const rows = await db.query<{ n: number }>(`CREATE TABLE t (n integer); INSERT INTO t VALUES (1), (2); SELECT n FROM t ORDER BY n`);
      expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it("passes executed SQL to the logging callback", async () => {
    const executed: string[] = [];
    const db = await openTestDatabase({ logging: (sql) => executed.push(sql) });
    try {
      await db.sequelize.getQueryInterface().createTable("logged", { id: { type: "INTEGER", primaryKey: true } });
      expect(executed.some((sql) => sql.includes(`CREATE TABLE IF NOT EXISTS "logged"`))).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("serves a second client on its url while Sequelize holds its connection", async () => {
    const db = await openTestDatabase();
    const { default: pg } = await import("pg");
    const other = new pg.Client({ connectionString: db.url });
    try {
      await db.query(`CREATE TABLE shared (n integer); INSERT INTO shared VALUES (7)`);
      await other.connect();
      const result = await other.query<{ n: number }>(`SELECT n FROM shared`);
      expect(result.rows).toEqual([{ n: 7 }]);
    } finally {
      await other.end();
      await db.close();
    }
  });
});

describe("createTenantRoot", () => {
  it.each([
    ["integer", "integer", "nextval('companies_id_seq'::regclass)"],
    ["bigint", "bigint", "nextval('companies_id_seq'::regclass)"],
    ["uuid", "uuid", "gen_random_uuid()"],
  ] as const)("creates the root table with a %s key", async (keyType, sqlType, defaultExpression) => {
    const db = await openTestDatabase();
    try {
      await createTenantRoot(db, { ...fixtureSchema().tenant, keyType });
      const columns = await db.query<{ name: string; type: string; notnull: boolean; def: string | null }>(`
        SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
               pg_get_expr(d.adbin, d.adrelid) AS def
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'public.companies'::regclass AND a.attnum > 0 ORDER BY a.attnum`);
      expect(columns).toEqual([
        { name: "id", type: sqlType, notnull: true, def: defaultExpression },
        { name: "name", type: "text", notnull: true, def: null },
      ]);
      const [row] = await db.query<{ id: unknown }>(`INSERT INTO companies (name) VALUES ('Acme') RETURNING id`);
      expect(row?.id).not.toBeNull();
    } finally {
      await db.close();
    }
  });
});

describe("quoting", () => {
  it("doubles embedded quotes", () => {
    expect(quoteIdent(`we"ird`)).toBe(`"we""ird"`);
    expect(quoteLiteral(`it's`)).toBe(`'it''s'`);
  });
});
