/**
 * Column defaults and transaction framing in emitted migrations, on PostgreSQL where behaviour matters:
 * - the expand/contract sync trigger copies the writer's value on INSERT even when both columns
 *   have defaults (PostgreSQL applies defaults before a BEFORE trigger);
 * - `sql` of a migration without a transaction shows each ALTER's own START TRANSACTION/COMMIT;
 * - a numeric literal default is a bare number for every numeric kind (DOUBLE included);
 * - a down that re-adds a NOT NULL column without a default works on a table with rows (see also
 *   migration-restore.test.ts: distinct fills, unique indexes, foreign-key columns).
 */
import { describe, expect, it } from "vitest";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { neutralValueSql } from "../../src/plan/neutral-value.js";
import { defaultValueSql } from "../../src/emitters/migration/sql-text.js";
import type { ColumnIR, ColumnTypeIR } from "../../src/ir/types.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { changed, changeSet, closedAfterEachTest, columnOf, rows, tableOf, usersSchema } from "./migration/evolution.js";
import { migrationOptions } from "./migration/plans.js";
import { sqlType } from "../support/expected.js";
import { typedColumn } from "../support/ir-builders.js";

const before = usersSchema();
const users = tableOf(before, "users");

async function seedUsers(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO "users" ("company_id", "name", "email", "active", "created_at", "updated_at")
     SELECT c, 'user ' || c || '-' || i, 'u' || c || '-' || i || '@x.io', i % 2 = 0, now(), now()
     FROM generate_series(1, 2) c, generate_series(1, 3) i`,
  );
}

const { start, track } = closedAfterEachTest();

/** `active` (boolean, default true) renamed to `enabled` by expand/contract, with `enabled`'s default. */
function expandActive(enabledDefault: ColumnIR["default"]) {
  const active = columnOf(users, "active");
  const enabled: ColumnIR = { ...active, name: "enabled", field: "enabled", default: enabledDefault, renamedFrom: { from: "active", strategy: "expand-contract" } };
  const after = changed(before, "users", (t) => {
    const index = t.columns.findIndex((c) => c.name === "active");
    t.columns.splice(index, 1, enabled);
    t.transition.columns = [{ column: active, replacedBy: "enabled", indexes: [], checks: [], foreignKeys: [] }];
  });
  const table = tableOf(after, "users");
  const plans = changeSet("users", [
    { transaction: true, operations: [{ kind: "expandColumnRename", table, from: active, to: enabled }] },
    {
      transaction: false,
      operations: [
        { kind: "backfill", table, column: enabled, expression: `"active"` },
        { kind: "setNotNull", table, column: enabled },
      ],
    },
  ]);
  return { after, plans };
}

/** Inserts one user naming only `columns`; returns its (active, enabled). */
async function insertWith(db: TestDatabase, columns: Record<string, string>): Promise<{ active: boolean; enabled: boolean }> {
  const names = Object.keys(columns).map((c) => `, "${c}"`).join("");
  const values = Object.values(columns).map((v) => `, ${v}`).join("");
  const [row] = await db.query<{ active: boolean; enabled: boolean }>(
    `INSERT INTO "users" ("company_id", "name", "email", "created_at", "updated_at"${names})
     VALUES (1, 'w', 'w-' || gen_random_uuid() || '@x.io', now(), now()${values}) RETURNING "active", "enabled"`,
  );
  return row!;
}

describe("the expand/contract sync trigger copies each writer's value when the columns have defaults", () => {
  it("both columns default to true: old and new writers' non-default values reach the other column; defaults stay defaults", async () => {
    const { after, plans } = expandActive({ kind: "literal", value: true });
    const run = await start({ before, after, seed: seedUsers, plans });
    await run.up();
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "enabled" IS DISTINCT FROM "active"`)).toEqual([{ n: 0 }]);
    // Old writer: names only the old column.
    expect(await insertWith(run.db, { active: "false" })).toEqual({ active: false, enabled: false });
    expect(await insertWith(run.db, { active: "true" })).toEqual({ active: true, enabled: true });
    // New writer: names only the new column.
    expect(await insertWith(run.db, { enabled: "false" })).toEqual({ active: false, enabled: false });
    expect(await insertWith(run.db, { enabled: "true" })).toEqual({ active: true, enabled: true });
    // Neither: both defaults.
    expect(await insertWith(run.db, {})).toEqual({ active: true, enabled: true });
    // UPDATE still copies the side that changed.
    await run.db.query(`UPDATE "users" SET "active" = NOT "active" WHERE "id" = 1`);
    await run.db.query(`UPDATE "users" SET "enabled" = NOT "enabled" WHERE "id" = 2`);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "enabled" IS DISTINCT FROM "active"`)).toEqual([{ n: 0 }]);
    await run.down();
    await run.up();
  });

  it("different defaults (old true, new false): each writer's value wins; a writer naming neither gets the new column's default on both", async () => {
    const { after, plans } = expandActive({ kind: "literal", value: false });
    const run = await start({ before, after, seed: seedUsers, plans });
    await run.up();
    expect(await insertWith(run.db, { active: "false" })).toEqual({ active: false, enabled: false });
    expect(await insertWith(run.db, { enabled: "true" })).toEqual({ active: true, enabled: true });
    expect(await insertWith(run.db, {})).toEqual({ active: false, enabled: false });
  });

  it("the new column without a default: old writers fill it, new writers fill the old one", async () => {
    const { after, plans } = expandActive(null);
    const run = await start({ before, after, seed: seedUsers, plans });
    await run.up();
    expect(await insertWith(run.db, { active: "false" })).toEqual({ active: false, enabled: false });
    // The old column's default (true) is taken as "not written" when the new writer sets enabled.
    expect(await insertWith(run.db, { enabled: "false" })).toEqual({ active: false, enabled: false });
    expect(await insertWith(run.db, {})).toEqual({ active: true, enabled: true });
  });
});

describe("expand of a rename whose new column is nullable with a default", () => {
  it("existing rows are copied from the old column by the backfill, not filled with the default", async () => {
    const active = columnOf(users, "active");
    const enabled: ColumnIR = {
      ...active,
      name: "enabled",
      field: "enabled",
      nullable: true,
      default: { kind: "literal", value: false },
      renamedFrom: { from: "active", strategy: "expand-contract" },
    };
    const after = changed(before, "users", (t) => {
      t.columns.splice(t.columns.findIndex((c) => c.name === "active"), 1, enabled);
      t.transition.columns = [{ column: active, replacedBy: "enabled", indexes: [], checks: [], foreignKeys: [] }];
    });
    const table = tableOf(after, "users");
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [
        { transaction: true, operations: [{ kind: "expandColumnRename", table, from: active, to: enabled }] },
        { transaction: false, operations: [{ kind: "backfill", table, column: enabled, expression: `"active"` }] },
      ]),
    });
    await run.up();
    // The seed has both values: a default in ADD COLUMN would have left every row false.
    expect(await rows(run.db, `SELECT "active", count(*)::int AS n FROM "users" WHERE "enabled" = "active" GROUP BY 1 ORDER BY 1`)).toEqual([
      { active: false, n: 4 },
      { active: true, n: 2 },
    ]);
    await run.down();
    await run.up();
  });
});

describe("a migration without a transaction shows each ALTER's own transaction in its SQL", () => {
  it("START TRANSACTION/COMMIT frame each ALTER, never a backfill loop or a concurrent index build; a transactional migration shows none", () => {
    const table = users;
    const name = columnOf(users, "name");
    const index = { ...users.indexes[0]!, name: "users_name_idx", columns: ["name"], unique: false };
    const plan = (transaction: boolean, operations: Parameters<typeof changeSet>[1][number]["operations"]) =>
      changeSet("users", [{ transaction, operations }])[0]!;
    const outside = emitMigration(
      plan(false, [
        { kind: "backfill", table, column: name, expression: `'x'` },
        { kind: "validateConstraint", table, name: "users_role_check" },
        { kind: "addIndex", table, index, concurrently: true },
      ]),
      migrationOptions(6),
    ).sql.up;
    expect(outside[0]).toMatch(/^SELECT DISTINCT/);
    expect(outside[1]).toMatch(/^-- repeated per tenant until no row changes\nUPDATE/);
    expect(outside.slice(2)).toEqual([
      "START TRANSACTION;",
      "SET LOCAL lock_timeout = '5s'",
      "SET LOCAL statement_timeout = '1h'",
      expect.stringMatching(/^DO \$\$ DECLARE offending bigint; keys text; BEGIN ALTER TABLE "users" VALIDATE CONSTRAINT "users_role_check"; EXCEPTION WHEN check_violation THEN /),
      "COMMIT;",
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_name_idx" ON "users" ("name")`,
    ]);
    const inside = emitMigration(plan(true, [{ kind: "validateConstraint", table, name: "users_role_check" }]), migrationOptions(6)).sql.up;
    expect(inside).not.toContain("START TRANSACTION;");
    expect(inside).not.toContain("COMMIT;");
  });
});

describe("numeric literal defaults are bare numbers for every numeric kind", () => {
  const kinds: ColumnTypeIR[] = [{ kind: "integer" }, { kind: "bigint" }, { kind: "decimal", precision: 10, scale: 2 }, { kind: "double" }];

  it("defaultValueSql renders the number as written, for each numeric kind", () => {
    for (const type of kinds) {
      expect(defaultValueSql({ kind: "literal", value: 0 }, type), type.kind).toBe("0");
      expect(defaultValueSql({ kind: "literal", value: -1.5 }, type), type.kind).toBe("-1.5");
    }
    // Other kinds are still escaped for their type.
    expect(defaultValueSql({ kind: "literal", value: "0" }, { kind: "text" })).toBe("'0'");
  });

  it("a DOUBLE column with a literal default, added in place and altered, lands as PostgreSQL keeps a number (0, not '0'::double precision)", async () => {
    const ratio = typedColumn("ratio", "ratio", { kind: "double" }, { default: { kind: "literal", value: 0 } });
    const after = changed(before, "users", (t) => t.columns.splice(6, 0, ratio));
    const table = tableOf(after, "users");
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "addColumn", table, column: ratio, nullable: false }] }]),
    });
    await run.up();
    expect(run.files[0]).toContain(`defaultValue: Sequelize.literal("0")`);
    expect(await rows(run.db, `SELECT pg_get_expr(d.adbin, d.adrelid) AS def FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE a.attname = 'ratio'`)).toEqual([{ def: "0" }]);
    await run.down();
  });
});

describe("a down that re-adds a NOT NULL column without a default works on a table with rows", () => {
  it("dropColumn's down restores the column exactly (NOT NULL, no default), rows holding a value distinct per row", async () => {
    const after = changed(before, "users", (t) => {
      t.columns = t.columns.filter((c) => c.name !== "name");
    });
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "dropColumn", table: tableOf(after, "users"), column: columnOf(users, "name") }] }]),
    });
    await run.up();
    const down = await run.down();
    // ADD COLUMN nullable, UPDATE with the row numbers, SET NOT NULL: no temporary DEFAULT.
    expect(down.filter((sql) => sql.includes(`"name"`)).map((sql) => sql.split(" ").slice(0, 2).join(" "))).toEqual([
      "ALTER TABLE",
      "UPDATE \"users\"",
      "ALTER TABLE",
    ]);
    expect(down).toContain(`ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL`);
    expect(await rows(run.db, `SELECT "name" FROM "users" ORDER BY "id"`)).toEqual(["1", "2", "3", "4", "5", "6"].map((name) => ({ name })));
    await run.up();
  });

  it("every type's neutral constant is a valid value of that type on a table with rows", async () => {
    const db = track(await openTestDatabase());
    const types: ColumnTypeIR[] = [
      { kind: "integer" },
      { kind: "bigint" },
      { kind: "string", length: 10 },
      { kind: "text" },
      { kind: "boolean" },
      { kind: "timestamp" },
      { kind: "date" },
      { kind: "decimal", precision: 8, scale: 2 },
      { kind: "double" },
      { kind: "uuid" },
      { kind: "jsonb", tsType: "object" },
      { kind: "enum", values: ["low", "high"], length: 20 },
      { kind: "array", element: { kind: "text" } },
      { kind: "array", element: { kind: "integer" } },
    ];
    await db.query(`CREATE TABLE "neutral" ("id" serial PRIMARY KEY)`);
    await db.query(`INSERT INTO "neutral" DEFAULT VALUES`);
    for (const [i, type] of types.entries()) {
      await db.query(`ALTER TABLE "neutral" ADD COLUMN "c${i}" ${sqlType(type)} NOT NULL DEFAULT ${neutralValueSql(type)}`);
      await db.query(`ALTER TABLE "neutral" ALTER COLUMN "c${i}" DROP DEFAULT`);
    }
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT ${types.map((_, i) => `"c${i}"::text AS "c${i}"`).join(", ")} FROM "neutral"`,
    );
    expect(Object.values(row!)).toEqual([
      "0", "0", "", "", "false", "1970-01-01 00:00:00+00", "1970-01-01", "0.00", "0",
      "00000000-0000-0000-0000-000000000000", "{}", "low", "{}", "{}",
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid WHERE c.relname = 'neutral'`)).toEqual([{ n: 1 }]);
  });
});
