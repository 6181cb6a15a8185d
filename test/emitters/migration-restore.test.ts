/**
 * A `down` that re-adds a dropped NOT NULL column on a table with rows, on PostgreSQL:
 * - every row gets a fill value distinct per row, so a unique index restored over the column is
 *   built and the catalog equals the before-catalog exactly (the harness asserts it);
 * - a NOT NULL foreign-key column cannot get valid references: the down raises a clear error as
 *   its first statement and leaves the table untouched; on an empty table it restores the column;
 * - every type's per-row fill expression is accepted by PostgreSQL, distinct where the type allows.
 */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/diff/operations.js";
import { fillIsDistinct, fillValueSql } from "../../src/plan/neutral-value.js";
import type { ColumnIR, ColumnTypeIR, SchemaIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { expectedCatalog, sqlType } from "../support/expected.js";
import { introspect } from "../support/introspect.js";
import { excludedTables } from "../support/round-trip.js";
import { changed, changeSet, closedAfterEachTest, columnOf, rows, tableOf, usersSchema } from "./migration/evolution.js";

const { start, track } = closedAfterEachTest();

/** Three users in each of the two tenants. */
async function seedUsers(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO "users" ("company_id", "name", "email", "active", "created_at", "updated_at")
     SELECT c, 'user ' || c || '-' || i, 'u' || c || '-' || i || '@x.io', true, now(), now()
     FROM generate_series(1, 2) c, generate_series(1, 3) i`,
  );
}

describe("dropColumn's down on a table with rows, a unique index over the column", () => {
  const cases: Array<{ name: string; email: Partial<ColumnIR>; expected: Array<string | null> }> = [
    { name: "NOT NULL without a default: a distinct value per row", email: {}, expected: ["1", "2", "3", "4", "5", "6"] },
    { name: "NOT NULL with a default: per row too (the default would repeat), the default set for new rows", email: { default: { kind: "literal", value: "x@x.io" } }, expected: ["1", "2", "3", "4", "5", "6"] },
    { name: "nullable with a default: NULL in every row, the default set for new rows", email: { nullable: true, default: { kind: "literal", value: "x@x.io" } }, expected: [null, null, null, null, null, null] },
  ];
  for (const c of cases) {
    it(`${c.name}: the column and its unique index come back exactly`, async () => {
      const before = changed(usersSchema(), "users", (t) => {
        t.columns = t.columns.map((column) => (column.name === "email" ? { ...column, ...c.email } : column));
      });
      const users = tableOf(before, "users");
      const unique = users.indexes.find((index) => index.unique && index.columns.includes("email"))!;
      const after = changed(before, "users", (t) => {
        t.columns = t.columns.filter((column) => column.name !== "email");
        t.indexes = t.indexes.filter((index) => index.name !== unique.name);
      });
      const table = tableOf(after, "users");
      const run = await start({
        before,
        after,
        seed: seedUsers,
        plans: changeSet("users", [
          {
            transaction: true,
            operations: [
              { kind: "dropIndex", table, index: unique, concurrently: false },
              { kind: "dropColumn", table, column: columnOf(users, "email") },
            ],
          },
        ]),
      });
      await run.up();
      // The harness asserts the before-catalog: nullability, default, comment, the unique index.
      const down = await run.down();
      expect(down.some((sql) => /ADD COLUMN "email" [^;]*DEFAULT/.test(sql))).toBe(false);
      expect(down.some((sql) => sql.includes(`row_number() OVER (ORDER BY "id")`))).toBe(c.email.nullable !== true);
      const emails = await rows<{ email: string | null }>(run.db, `SELECT "email" FROM "users" ORDER BY "id"`);
      expect(emails.map((r) => r.email)).toEqual(c.expected);
      await run.up();
    });
  }

  it("without a unique index over it, a column with a default still comes back holding its default", async () => {
    const before = usersSchema();
    const users = tableOf(before, "users");
    const after = changed(before, "users", (t) => {
      t.columns = t.columns.filter((column) => column.name !== "active");
    });
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "dropColumn", table: tableOf(after, "users"), column: columnOf(users, "active") }] }]),
    });
    await run.up();
    await run.down();
    expect(await rows(run.db, `SELECT DISTINCT "active" FROM "users"`)).toEqual([{ active: true }]);
  });
});

describe("dropColumn's down of a NOT NULL foreign-key column", () => {
  const before: SchemaIR = (() => {
    const schema = fixtureSchema();
    return { ...schema, tables: schema.tables.filter((t) => t.key === "users" || t.key === "notifications") };
  })();
  const notifications = tableOf(before, "notifications");
  const userId = columnOf(notifications, "userId");
  const fk = notifications.foreignKeys.find((f) => f.columns.includes("user_id"))!;
  const indexes = notifications.indexes.filter((index) => index.columns.includes("user_id"));
  const after = changed(before, "notifications", (t) => {
    t.columns = t.columns.filter((c) => c.name !== "userId");
    t.foreignKeys = t.foreignKeys.filter((f) => f.name !== fk.name);
    t.indexes = t.indexes.filter((index) => !index.columns.includes("user_id"));
    t.associations = [];
  });
  const table = tableOf(after, "notifications");
  const operations: Operation[] = [
    { kind: "dropForeignKey", table, foreignKey: fk },
    ...indexes.map((index): Operation => ({ kind: "dropIndex", table, index, concurrently: false })),
    { kind: "dropColumn", table, column: userId },
  ];
  const plans = changeSet("notifications", [{ transaction: true, operations }]);

  it("on a table with rows: raises a clear error before altering anything, and the table is untouched", async () => {
    const run = await start({
      before,
      after,
      plans,
      seed: async (db) => {
        await seedUsers(db);
        await db.query(
          `INSERT INTO "notifications" ("company_id", "title", "user_id", "created_at", "updated_at")
           SELECT "company_id", 'hello ' || "id", "id", now(), now() FROM "users"`,
        );
      },
    });
    await run.up();
    const firstDown = run.sql[0]!.down.find((sql) => !sql.startsWith("SET LOCAL") && sql !== "START TRANSACTION;" && sql !== "COMMIT;");
    expect(firstDown).toMatch(/^DO \$\$ BEGIN IF EXISTS \(SELECT 1 FROM "notifications"\) THEN RAISE EXCEPTION/);
    const rowsBefore = await rows(run.db, `SELECT * FROM "notifications" ORDER BY "id"`);
    await expect(run.down()).rejects.toThrow(/cannot restore the NOT NULL foreign-key column "notifications"\."user_id".*backup/);
    expect(await introspect(run.db, { exclude: excludedTables(after) })).toEqual(await expectedCatalog(after, run.db));
    expect(await rows(run.db, `SELECT * FROM "notifications" ORDER BY "id"`)).toEqual(rowsBefore);
  });

  it("on an empty table: restores the column, its indexes and its foreign key exactly", async () => {
    const run = await start({ before, after, plans, seed: seedUsers });
    await run.up();
    await run.down();
    await run.up();
  });
});

describe("every type's per-row fill expression", () => {
  const types: ColumnTypeIR[] = [
    { kind: "integer" },
    { kind: "bigint" },
    { kind: "string", length: 10 },
    { kind: "text" },
    { kind: "boolean" },
    { kind: "timestamp" },
    { kind: "date" },
    { kind: "decimal", precision: 8, scale: 2 },
    { kind: "decimal", precision: 3, scale: 0 },
    { kind: "double" },
    { kind: "uuid" },
    { kind: "jsonb", tsType: "object" },
    { kind: "enum", values: ["low", "high"], length: 20 },
    { kind: "array", element: { kind: "text" } },
    { kind: "array", element: { kind: "integer" } },
    { kind: "array", element: { kind: "uuid" } },
    { kind: "array", element: { kind: "boolean" } },
  ];
  it("is accepted by PostgreSQL for a NOT NULL column on a table with rows, and distinct per row where the type allows", async () => {
    const db = track(await openTestDatabase());
    await db.query(`CREATE TABLE "fills" ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid())`);
    await db.query(`INSERT INTO "fills" SELECT FROM generate_series(1, 5)`);
    for (const [i, type] of types.entries()) {
      const c = `"c${i}"`;
      await db.query(`ALTER TABLE "fills" ADD COLUMN ${c} ${sqlType(type)}`);
      await db.query(
        `UPDATE "fills" SET ${c} = ${fillValueSql(type, `"r"."n"`)} FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS "n" FROM "fills") AS "r" WHERE "fills"."id" = "r"."id"`,
      );
      await db.query(`ALTER TABLE "fills" ALTER COLUMN ${c} SET NOT NULL`);
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(DISTINCT ${c}::text)::int AS n FROM "fills"`)) as [{ n: number }];
      expect(n, `${JSON.stringify(type)}: ${fillValueSql(type, "n")}`).toBe(fillIsDistinct(type) ? 5 : 1);
      if (fillIsDistinct(type) && type.kind !== "array") await db.query(`CREATE UNIQUE INDEX "fills_c${i}_key" ON "fills" (${c})`);
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM "fills" WHERE "c5" = timestamptz '1970-01-01 00:00:05+00'`)).toEqual([{ n: 1 }]);
  });

  it("stays inside a short VARCHAR and a small DECIMAL (cut and wrapped instead of failing)", async () => {
    const db = track(await openTestDatabase());
    await db.query(`CREATE TABLE "small" ("id" serial PRIMARY KEY, "s" varchar(1), "d" numeric(2,1))`);
    await db.query(`INSERT INTO "small" ("id") SELECT g FROM generate_series(1, 120) g`);
    await db.query(
      `UPDATE "small" SET "s" = ${fillValueSql({ kind: "string", length: 1 }, `"id"`)}, "d" = ${fillValueSql({ kind: "decimal", precision: 2, scale: 1 }, `"id"`)}`,
    );
    expect(await db.query(`SELECT "s", "d"::text AS d FROM "small" WHERE "id" IN (7, 99, 120) ORDER BY "id"`)).toEqual([
      { s: "7", d: "0.7" },
      { s: "9", d: "9.9" },
      { s: "1", d: "2.0" },
    ]);
  });
});
