/**
 * Every Operation kind, emitted and run on PostgreSQL: the before-schema is created first (seeded
 * with rows in two tenants where data matters), then the change set runs up → down → up; each run
 * asserts the exact catalog (expectedCatalog of after / before) and that Sequelize sent exactly
 * `sql.up` / `sql.down` (see ./migration/evolution.ts). Data assertions follow per kind.
 */
import { describe, expect, it } from "vitest";
import type { MigrationPlan } from "../../src/diff/operations.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { notNullCheckName } from "../../src/ir/naming.js";
import { indexOf, typedColumn } from "../support/ir-builders.js";
import type { SchemaIR } from "../../src/ir/types.js";
import type { TestDatabase } from "../support/database.js";
import {
  changed,
  changeSet,
  closedAfterEachTest,
  columnOf,
  createPlan,
  rows,
  tableOf,
  usersSchema,
  type Evolution,
} from "./migration/evolution.js";
import { migrationOptions } from "./migration/plans.js";
import { compileMigrations, sequelize5Modules } from "./migration/support.js";

const before = usersSchema();
const users = tableOf(before, "users");

/** 5 users in each of the two tenants. */
async function seedUsers(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO "users" ("company_id", "name", "email", "created_at", "updated_at")
     SELECT c, 'user ' || c || '-' || i, 'u' || c || '-' || i || '@x.io', now() - (i || ' days')::interval, now()
     FROM generate_series(1, 2) c, generate_series(1, 5) i`,
  );
}

const insertUser = (db: TestDatabase, columns: Record<string, string>) =>
  db.query(
    `INSERT INTO "users" ("company_id", "email", "created_at", "updated_at", ${Object.keys(columns).map((c) => `"${c}"`).join(", ")})
     VALUES (1, 'new-' || gen_random_uuid() || '@x.io', now(), now(), ${Object.values(columns).join(", ")}) RETURNING *`,
  );

const { start } = closedAfterEachTest();

/** up, down, up: every stage asserted by `evolve`. */
async function roundTrip(run: Evolution): Promise<void> {
  await run.up();
  await run.down();
  await run.up();
}

// ---- the cases: before, after and the change set, built by hand as src/diff would ----

const nickname = typedColumn("nickname", "nickname", { kind: "string", length: 40 }, { nullable: true, comment: "Shown in mentions" });
const score = typedColumn("score", "score", { kind: "integer" }, { default: { kind: "literal", value: 0 } });
const addColumns = changed(before, "users", (t) => t.columns.splice(6, 0, nickname, score));

const joinedOn = typedColumn("joinedOn", "joined_on", { kind: "date" }, { default: { kind: "sql", sql: "CURRENT_DATE" } });
const withJoinedOn = changed(before, "users", (t) => t.columns.splice(6, 0, joinedOn));
const joinedOnSet = (table = tableOf(withJoinedOn, "users")) =>
  changeSet("users", [
    { transaction: true, operations: [{ kind: "addColumn", table, column: joinedOn, nullable: true }] },
    {
      transaction: false,
      operations: [
        { kind: "backfill", table, column: joinedOn, expression: `"created_at"::date` },
        { kind: "setNotNull", table, column: joinedOn },
      ],
    },
  ]);

const displayName = { ...columnOf(users, "name"), name: "displayName", field: "display_name", renamedFrom: { from: "name", strategy: "expand-contract" as const } };
const expanded = changed(before, "users", (t) => {
  const index = t.columns.findIndex((c) => c.name === "name");
  const [old] = t.columns.splice(index, 1, displayName);
  t.transition.columns = [{ column: old!, replacedBy: "displayName", indexes: [], checks: [], foreignKeys: [] }];
});
const expandSet = () => {
  const table = tableOf(expanded, "users");
  return changeSet("users", [
    { transaction: true, operations: [{ kind: "expandColumnRename", table, from: columnOf(users, "name"), to: displayName }] },
    {
      transaction: false,
      operations: [
        { kind: "backfill", table, column: displayName, expression: `"name"` },
        { kind: "setNotNull", table, column: displayName },
      ],
    },
  ]);
};
const contracted = changed(expanded, "users", (t) => {
  t.transition.columns = [];
  t.columns = t.columns.map((c) => (c.name === "displayName" ? { ...c, renamedFrom: null } : c));
});

const members = changed(before, "users", (t) => {
  t.tableName = "members";
  // PostgreSQL's name for the primary key follows the table.
  t.primaryKey = { name: "members_pkey", columns: ["id"] };
  t.renamedFrom = { from: "users", strategy: "direct" };
  t.indexes = t.indexes.map((i) => ({ ...i, name: i.name.replace(/^users_/, "members_") }));
  t.checks = t.checks.map((c) => ({ ...c, name: c.name.replace(/^users_/, "members_") }));
  t.foreignKeys = t.foreignKeys.map((f) => ({ ...f, name: f.name.replace(/^users_/, "members_") }));
});
const membersWithView = changed(members, "users", (t) => {
  t.renamedFrom = { from: "users", strategy: "expand-contract" };
  t.transition.view = "users";
});
const renameTableSet = (strategy: "direct" | "expand-contract") =>
  changeSet("users", [
    {
      transaction: true,
      operations: [{ kind: "renameTable", from: users, table: tableOf(strategy === "direct" ? members : membersWithView, "users"), strategy }],
    },
  ]);

const managerId = typedColumn("managerId", "manager_id", { kind: "integer" }, { nullable: true, role: "foreignKey" });
const managerFk = {
  name: "users_manager_id_fkey",
  columns: ["manager_id"],
  referencedTable: "users",
  referencedColumns: ["id"],
  onDelete: "SET NULL" as const,
  onUpdate: "CASCADE" as const,
  source: null,
};
const withManager = changed(before, "users", (t) => {
  t.columns.splice(6, 0, managerId);
  t.foreignKeys.push(managerFk);
});

const roleCheck = users.checks[0]!;
const newRoleCheck = { ...roleCheck, expression: `"role" IN ('admin', 'agent', 'owner')` };
const newRoles = changed(before, "users", (t) => {
  const role = columnOf(t, "role");
  role.type = { kind: "enum", values: ["admin", "agent", "owner"], length: 255 };
  t.checks = [newRoleCheck];
});

const nameCheck = { name: "users_name_check", expression: `char_length("name") > 0`, columns: ["name"], origin: "declared" as const, source: null };
const nameIndex = indexOf({
  name: "users_company_id_name_idx",
  columns: ["company_id", "name"],
  unique: false,
  where: `"deleted_at" IS NULL`,
  method: "btree" as const,
  origin: "declared" as const,
  reason: { kind: "written", text: "Lists by name." },
  source: null,
});
const activeIndex = { ...nameIndex, name: "users_active_idx", columns: ["active"], where: null };
const emailKey = users.indexes[0]!;
const indexed = changed(before, "users", (t) => {
  t.indexes = [{ ...emailKey, name: "users_email_per_company_key" }, activeIndex, nameIndex];
});

describe("migration emitter: every operation kind on PostgreSQL, up → down → up", () => {
  it("addColumn: nullable with a comment, and NOT NULL with a literal default filled in place", async () => {
    const table = tableOf(addColumns, "users");
    const run = await start({
      before,
      after: addColumns,
      seed: seedUsers,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            { kind: "addColumn", table, column: nickname, nullable: true },
            { kind: "addColumn", table, column: score, nullable: false },
          ],
        },
      ]),
    });
    await roundTrip(run);
    expect(run.sql[0]!.up.slice(0, 2)).toEqual(["SET LOCAL lock_timeout = '5s'", "SET LOCAL statement_timeout = '60s'"]);
    expect(await rows(run.db, `SELECT DISTINCT "score" FROM "users"`)).toEqual([{ score: 0 }]);
  });

  it("NOT NULL column with an sql default: added nullable, backfilled per tenant in batches outside a transaction, staged NOT NULL", async () => {
    const run = await start({ before, after: withJoinedOn, seed: seedUsers, plans: joinedOnSet(), options: { backfillBatchSize: 2 } });
    const sent = await run.up();
    // 5 rows per tenant in batches of 2: 3 UPDATEs that change rows + 1 that changes none, per tenant.
    expect(sent.filter((sql) => sql.startsWith(`UPDATE "users" SET "joined_on"`))).toHaveLength(8);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "joined_on" IS DISTINCT FROM "created_at"::date`)).toEqual([{ n: 0 }]);
    await expect(run.db.query(`UPDATE "users" SET "joined_on" = NULL WHERE "id" = 1`)).rejects.toThrow(/null value|not-null/);
    const backfill = run.sql[1]!;
    expect(backfill.up).toContain(`SELECT DISTINCT "company_id" AS "tenant" FROM "users" WHERE "joined_on" IS NULL`);
    expect(backfill.up.find((sql) => sql.includes("UPDATE"))).toBe(
      `-- repeated per tenant until no row changes\nUPDATE "users" SET "joined_on" = "created_at"::date WHERE "id" IN (SELECT "id" FROM "users" WHERE "company_id" = $1 AND "joined_on" IS NULL AND ("created_at"::date) IS NOT NULL LIMIT 2)`,
    );
    // Staged NOT NULL, each ALTER in its own transaction after its own SET LOCAL lock_timeout and statement_timeout.
    const check = notNullCheckName("users", "joined_on");
    const own = (sql: string) => ["START TRANSACTION;", "SET LOCAL lock_timeout = '5s'", "SET LOCAL statement_timeout = '1h'", sql, "COMMIT;"];
    expect(backfill.up.slice(2)).toEqual([
      ...own(
        `DO $$ DECLARE nulls bigint; BEGIN IF EXISTS (SELECT 1 FROM "users" WHERE "joined_on" IS NULL) THEN SELECT count(*) INTO nulls FROM "users" WHERE "joined_on" IS NULL; ` +
          `RAISE EXCEPTION 'tenant-schema: % row(s) of "users" have "joined_on" NULL, so it cannot become NOT NULL; no row was changed. Fill them (UPDATE "users" SET "joined_on" = ... WHERE "joined_on" IS NULL) or delete them, then run this migration again.', nulls; END IF; END $$`,
      ),
      ...own(`ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "${check}", ADD CONSTRAINT "${check}" CHECK ("joined_on" IS NOT NULL) NOT VALID`),
      ...own(`ALTER TABLE "users" VALIDATE CONSTRAINT "${check}"`),
      ...own(`ALTER TABLE "users" ALTER COLUMN "joined_on" SET NOT NULL`),
      ...own(`ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "${check}"`),
    ]);
    // The loop is at the top level of `up`: no transaction around it, no `transaction` option.
    expect(run.files[1]).toMatch(/^ {2}\{\n {4}const \[tenants\] = await queryInterface\.sequelize\.query\("SELECT DISTINCT[^\n]*"\);$/m);
    expect(run.files[1]).toContain("{ bind: [tenant] });");
    await run.down();
    await run.up();
  });

  it("the backfill migration can run again after a partial failure (every statement re-runnable)", async () => {
    const run = await start({ before, after: withJoinedOn, seed: seedUsers, plans: joinedOnSet() });
    await run.up();
    // Replay every statement of the non-transactional migration on the finished state.
    for (const sql of run.sql[1]!.up.filter((s) => !s.startsWith("SET LOCAL"))) {
      const statement = sql.replace(/^-- repeated[^\n]*\n/, "").replace("$1", "1");
      await run.db.query(statement);
    }
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "joined_on" IS NULL`)).toEqual([{ n: 0 }]);
  });

  it("dropColumn (its check dropped first): down restores the column and its check", async () => {
    const after = changed(before, "users", (t) => {
      t.columns = t.columns.filter((c) => c.name !== "role");
      t.checks = [];
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
            { kind: "dropCheck", table, check: roleCheck },
            { kind: "dropColumn", table, column: columnOf(users, "role") },
          ],
        },
      ]),
    });
    await run.up();
    await run.down();
    // Structure back, filled by its default; the old values are gone (the doc says so).
    expect(await rows(run.db, `SELECT DISTINCT "role" FROM "users"`)).toEqual([{ role: "agent" }]);
    await run.up();
  });

  it("renameColumn (direct) keeps every value", async () => {
    const fullName = { ...columnOf(users, "name"), name: "fullName", field: "full_name", renamedFrom: { from: "name", strategy: "direct" as const } };
    const after = changed(before, "users", (t) => {
      t.columns = t.columns.map((c) => (c.name === "name" ? fullName : c));
    });
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [
        { transaction: true, operations: [{ kind: "renameColumn", table: tableOf(after, "users"), from: columnOf(users, "name"), to: fullName }] },
      ]),
    });
    await roundTrip(run);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "full_name" LIKE 'user %'`)).toEqual([{ n: 10 }]);
  });

  it("expandColumnRename: the new column is backfilled and kept in sync both ways for old and new code", async () => {
    const run = await start({ before, after: expanded, seed: seedUsers, plans: expandSet() });
    await roundTrip(run);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "users" WHERE "display_name" IS DISTINCT FROM "name"`)).toEqual([{ n: 0 }]);
    const [viaOld] = await insertUser(run.db, { name: `'old code'` });
    expect(viaOld).toMatchObject({ name: "old code", display_name: "old code" });
    const [viaNew] = await insertUser(run.db, { display_name: `'new code'` });
    expect(viaNew).toMatchObject({ name: "new code", display_name: "new code" });
    await run.db.query(`UPDATE "users" SET "name" = 'renamed by old' WHERE "id" = 1`);
    await run.db.query(`UPDATE "users" SET "display_name" = 'renamed by new' WHERE "id" = 2`);
    expect(await rows(run.db, `SELECT "id", "name", "display_name" FROM "users" WHERE "id" IN (1, 2) ORDER BY "id"`)).toEqual([
      { id: 1, name: "renamed by old", display_name: "renamed by old" },
      { id: 2, name: "renamed by new", display_name: "renamed by new" },
    ]);
  });

  it("contractColumnRename: trigger and old column go; down brings the old column back filled and in sync", async () => {
    const run = await start({
      before: expanded,
      after: contracted,
      setup: [createPlan(before), ...expandSet().map((p, i) => ({ ...p, timestamp: `2026112500000${i + 1}` }))],
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [{ kind: "contractColumnRename", table: tableOf(contracted, "users"), from: columnOf(users, "name"), to: displayName }],
        },
      ]),
    });
    await run.db.query(`INSERT INTO "users" ("company_id", "display_name", "email", "created_at", "updated_at") VALUES (2, 'kept', 'k@x.io', now(), now())`);
    await run.up();
    await run.down();
    expect(await rows(run.db, `SELECT "name", "display_name" FROM "users"`)).toEqual([{ name: "kept", display_name: "kept" }]);
    const [viaOld] = await insertUser(run.db, { name: `'old again'` });
    expect(viaOld).toMatchObject({ display_name: "old again" });
    await run.up();
  });

  it("alterColumnType: widening in place, and a rewrite with USING whose default is re-set around it", async () => {
    const after = changed(before, "users", (t) => {
      columnOf(t, "name").type = { kind: "string", length: 200 };
      Object.assign(columnOf(t, "active"), { type: { kind: "text" }, default: { kind: "literal", value: "true" } });
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
            { kind: "alterColumnType", table, from: columnOf(users, "name"), to: columnOf(table, "name"), rewrite: false, using: null, downUsing: `"name"::varchar(120)` },
            { kind: "alterColumnType", table, from: columnOf(users, "active"), to: columnOf(table, "active"), rewrite: true, using: `"active"::text`, downUsing: `"active"::boolean` },
          ],
        },
      ]),
    });
    await roundTrip(run);
    expect(await rows(run.db, `SELECT DISTINCT "active" FROM "users"`)).toEqual([{ active: "true" }]);
    expect(run.sql[0]!.up).toContain(`ALTER TABLE "users" ALTER COLUMN "active" TYPE TEXT USING "active"::text`);
  });

  it("dropNotNull, alterDefault (set and drop), alterColumnComment, alterTableComment", async () => {
    const after = changed(before, "users", (t) => {
      columnOf(t, "name").nullable = true;
      columnOf(t, "active").default = { kind: "literal", value: false };
      columnOf(t, "role").default = null;
      columnOf(t, "email").comment = "It's the login";
      t.description = null;
    });
    const table = tableOf(after, "users");
    const run = await start({
      before,
      after,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            { kind: "dropNotNull", table, column: columnOf(table, "name") },
            { kind: "alterDefault", table, column: columnOf(table, "active"), from: { kind: "literal", value: true }, to: { kind: "literal", value: false } },
            { kind: "alterDefault", table, column: columnOf(table, "role"), from: { kind: "literal", value: "agent" }, to: null },
            { kind: "alterColumnComment", table, column: columnOf(table, "email"), from: "Login e-mail, unique per tenant", to: "It's the login" },
            { kind: "alterTableComment", table, from: users.description, to: null },
          ],
        },
      ]),
    });
    await roundTrip(run);
  });

  it("setNotNull inside a transactional migration is a plain SET NOT NULL", async () => {
    const nullableName = changed(before, "users", (t) => {
      columnOf(t, "name").nullable = true;
    });
    const run = await start({
      before: nullableName,
      after: before,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "setNotNull", table: users, column: columnOf(users, "name") }] }]),
    });
    await roundTrip(run);
    expect(run.sql[0]!.up.at(-1)).toBe(`ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL`);
  });

  it("indexes: renameIndex and a plain addIndex in the transaction, CREATE INDEX CONCURRENTLY alone outside any transaction", async () => {
    const table = tableOf(indexed, "users");
    const run = await start({
      before,
      after: indexed,
      seed: seedUsers,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            { kind: "renameIndex", table, from: emailKey.name, to: "users_email_per_company_key" },
            { kind: "addIndex", table, index: activeIndex, concurrently: false },
          ],
        },
        { transaction: false, operations: [] },
        { transaction: false, operations: [{ kind: "addIndex", table, index: nameIndex, concurrently: true }] },
      ]),
    });
    await roundTrip(run);
    // CONCURRENTLY fails inside a transaction block: it ran, so it ran outside one.
    expect(run.sql[2]).toEqual({
      up: [`CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_company_id_name_idx" ON "users" ("company_id", "name") WHERE "deleted_at" IS NULL`],
      down: [`DROP INDEX CONCURRENTLY IF EXISTS "users_company_id_name_idx"`],
    });
    expect(run.files[2]).not.toContain("sequelize.transaction(");
  });

  it("dropIndex concurrently; down rebuilds it concurrently", async () => {
    const after = changed(before, "users", (t) => {
      t.indexes = [];
    });
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: false, operations: [{ kind: "dropIndex", table: tableOf(after, "users"), index: emailKey, concurrently: true }] }]),
    });
    await roundTrip(run);
    expect(run.sql[0]!.up).toEqual([`DROP INDEX CONCURRENTLY IF EXISTS "users_company_id_email_key"`]);
  });

  it("addCheck NOT VALID then validateConstraint in a later migration; renameConstraint", async () => {
    const after = changed(before, "users", (t) => {
      t.checks.push(nameCheck);
      t.foreignKeys = t.foreignKeys.map((f) => ({ ...f, name: "users_tenant_fkey" }));
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
            { kind: "addCheck", table, check: nameCheck, notValid: true },
            { kind: "renameConstraint", table, from: "users_company_id_fkey", to: "users_tenant_fkey" },
          ],
        },
        { transaction: false, operations: [{ kind: "validateConstraint", table, name: nameCheck.name }] },
      ]),
    });
    await roundTrip(run);
    expect(run.sql[0]!.up).toContain(`ALTER TABLE "users" ADD CONSTRAINT "users_name_check" CHECK (char_length("name") > 0) NOT VALID`);
    const offending = `SELECT "users"."id"::text AS offending_key FROM "users" WHERE (char_length("name") > 0) IS FALSE ORDER BY "users"."id"`;
    const validate =
      `DO $$ DECLARE offending bigint; keys text; BEGIN ALTER TABLE "users" VALIDATE CONSTRAINT "users_name_check"; EXCEPTION WHEN check_violation THEN ` +
      `SELECT count(*) INTO offending FROM "users" WHERE (char_length("name") > 0) IS FALSE; ` +
      `SELECT string_agg(offending_key, ', ') INTO keys FROM (${offending} LIMIT 20) AS first_rows; ` +
      `RAISE EXCEPTION 'tenant-schema: % row(s) of "users" break "users_name_check" (CHECK (char_length("name") > 0) is false), so it cannot be validated; nothing was changed. The first by key: %. Fix or delete them, then run this migration again.', offending, keys ` +
      `USING ERRCODE = '23514', HINT = 'All of them: ${offending}'; END $$`;
    expect(run.sql[1]).toEqual({
      up: ["START TRANSACTION;", "SET LOCAL lock_timeout = '5s'", "SET LOCAL statement_timeout = '1h'", validate, "COMMIT;"],
      down: [],
    });
    await expect(insertUser(run.db, { name: `''` })).rejects.toThrow(/users_name_check/);
  });

  it("addColumn + addForeignKey NOT VALID + validate; then dropForeignKey + dropColumn restore it", async () => {
    const table = tableOf(withManager, "users");
    const adding = await start({
      before,
      after: withManager,
      seed: seedUsers,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            { kind: "addColumn", table, column: managerId, nullable: true },
            { kind: "addForeignKey", table, foreignKey: managerFk, notValid: true },
          ],
        },
        { transaction: false, operations: [{ kind: "validateConstraint", table, name: managerFk.name }] },
      ]),
    });
    await roundTrip(adding);
    await expect(adding.db.query(`UPDATE "users" SET "manager_id" = 999 WHERE "id" = 1`)).rejects.toThrow(/users_manager_id_fkey/);

    const dropping = await start({
      before: withManager,
      after: before,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            { kind: "dropColumn", table: users, column: managerId },
            { kind: "dropForeignKey", table: users, foreignKey: managerFk },
          ],
        },
      ]),
    });
    await roundTrip(dropping);
    // The foreign key goes before the column it needs, whatever the order in the plan.
    expect(dropping.sql[0]!.up.slice(2)).toEqual([
      `ALTER TABLE "users" DROP CONSTRAINT "users_manager_id_fkey"`,
      `ALTER TABLE "public"."users" DROP COLUMN "manager_id";`,
    ]);
  });

  it("changeEnumValues: the enum CHECK is replaced NOT VALID, validated later; values outside it are refused", async () => {
    const table = tableOf(newRoles, "users");
    const run = await start({
      before,
      after: newRoles,
      seed: seedUsers,
      plans: changeSet("users", [
        {
          transaction: true,
          operations: [
            {
              kind: "changeEnumValues",
              table,
              column: columnOf(table, "role"),
              from: roleCheck,
              to: newRoleCheck,
              added: ["owner"],
              removed: ["viewer"],
              remap: [],
            },
          ],
        },
        { transaction: false, operations: [{ kind: "validateConstraint", table, name: newRoleCheck.name }] },
      ]),
    });
    await roundTrip(run);
    await insertUser(run.db, { name: `'o'`, role: `'owner'` });
    await expect(insertUser(run.db, { name: `'v'`, role: `'viewer'` })).rejects.toThrow(/users_role_check/);
  });

  it("renameTable (direct): table, sequence, primary key, indexes and constraints renamed; rows kept", async () => {
    const run = await start({ before, after: members, seed: seedUsers, plans: renameTableSet("direct") });
    await roundTrip(run);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "members"`)).toEqual([{ n: 10 }]);
    // The sequence carries on where it was.
    const [row] = await run.db.query<{ id: number }>(
      `INSERT INTO "members" ("company_id", "name", "email", "created_at", "updated_at") VALUES (1, 'm', 'm@x.io', now(), now()) RETURNING "id"`,
    );
    expect(row?.id).toBe(11);
  });

  it("renameTable (expand-contract): the old name stays an updatable view for old code", async () => {
    const run = await start({ before, after: membersWithView, seed: seedUsers, plans: renameTableSet("expand-contract") });
    await roundTrip(run);
    await run.db.query(`INSERT INTO "users" ("company_id", "name", "email", "created_at", "updated_at") VALUES (2, 'via view', 'v@x.io', now(), now())`);
    expect(await rows(run.db, `SELECT "name" FROM "members" WHERE "email" = 'v@x.io'`)).toEqual([{ name: "via view" }]);
    await run.db.query(`UPDATE "users" SET "name" = 'changed' WHERE "email" = 'v@x.io'`);
    expect(await rows(run.db, `SELECT count(*)::int AS n FROM "members" WHERE "name" = 'changed'`)).toEqual([{ n: 1 }]);
  });

  it("dropCompatibilityView: the contract of a table rename; down recreates the view", async () => {
    const after = changed(membersWithView, "users", (t) => {
      t.transition.view = null;
      t.renamedFrom = null;
    });
    const run = await start({
      before: membersWithView,
      after,
      setup: [createPlan(before), { ...renameTableSet("expand-contract")[0]!, timestamp: "20261125000001" }],
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "dropCompatibilityView", table: tableOf(after, "users"), view: "users" }] }]),
    });
    await roundTrip(run);
  });

  it("dropTable: down recreates the structure", async () => {
    const after: SchemaIR = { ...before, tables: [] };
    const run = await start({
      before,
      after,
      seed: seedUsers,
      plans: changeSet("users", [{ transaction: true, operations: [{ kind: "dropTable", table: users }] }]),
    });
    await roundTrip(run);
    expect(run.sql[0]!.up.slice(2)).toEqual([`ALTER TABLE "users" DROP CONSTRAINT "users_company_id_fkey"`, `DROP TABLE IF EXISTS "users";`]);
  });
});

describe("migration emitter: evolution files against Sequelize 5", () => {
  it("compile with tsc --strict against Sequelize 5's typings, one file per kind", async () => {
    const plans: MigrationPlan[] = [
      ...joinedOnSet(),
      ...expandSet(),
      ...renameTableSet("expand-contract"),
      ...changeSet("users", [
        {
          transaction: false,
          operations: [
            { kind: "addIndex", table: tableOf(indexed, "users"), index: nameIndex, concurrently: true },
            { kind: "dropIndex", table: users, index: emailKey, concurrently: true },
          ],
        },
      ]),
    ];
    const files = plans.map((plan, i) => {
      const { file } = emitMigration(plan, migrationOptions(5));
      return { ...file, path: `${String(i).padStart(2, "0")}-${file.path}` };
    });
    const { cleanup } = await compileMigrations(files, sequelize5Modules);
    await cleanup();
    expect(files.map((f) => f.contents).join("\n")).toContain("bind: [tenant]");
  });

  it("refuses a concurrent index build in a transactional migration", () => {
    const plan = changeSet("users", [{ transaction: true, operations: [{ kind: "addIndex", table: users, index: nameIndex, concurrently: true }] }])[0]!;
    expect(() => emitMigration(plan, migrationOptions(6))).toThrow(/cannot run "CREATE INDEX CONCURRENTLY/);
  });
});
