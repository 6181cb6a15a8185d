/**
 * `tenant-schema verify --legacy` on the legacy fixture (55 hand-written sequelize-cli migrations),
 * run once for the whole file: exactly the downs the fixture plants as sloppy (planted.ts) are
 * reported as not restoring the schema, and squawk's findings for migrations whose SQL is known from
 * their source (a plain addIndex, a changeColumn, a renameColumn) name the rule squawk has for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { formatReview, type LegacyMigration } from "../../src/cli/verify-legacy.js";
import { SLOPPY_DOWNS } from "../fixtures/legacy/planted.js";
import { legacyMigrationNames, LEGACY_MIGRATIONS_DIR } from "../support/legacy.js";

describe("tenant-schema verify --legacy", () => {
  let code: number;
  let err: string[];
  let migrations: LegacyMigration[];
  const byFile = (file: string) => migrations.find((migration) => migration.file === file)!;
  const rulesOf = (file: string, category: string) => byFile(file).risks.filter((risk) => risk.category === category).map((risk) => risk.rule);

  beforeAll(async () => {
    const out: string[] = [];
    err = [];
    code = await main(["verify", "--legacy", LEGACY_MIGRATIONS_DIR, "--json"], { out: (line) => out.push(line), err: (line) => err.push(line) });
    migrations = (JSON.parse(out.join("\n")) as { migrations: LegacyMigration[] }).migrations;
  }, 300_000);

  it("runs every migration up, down and up again, in order", () => {
    expect(err).toEqual([]);
    expect(migrations.map((migration) => migration.file)).toEqual(legacyMigrationNames());
    for (const migration of migrations) {
      expect(migration.upError, migration.file).toBeNull();
      expect(migration.down?.error, migration.file).toBeNull();
      expect(migration.statements.length, migration.file).toBeGreaterThan(0);
    }
  });

  it("reports exactly the planted sloppy downs as not restoring the schema, and exits 1 for them", () => {
    const unrestored = migrations.filter((migration) => migration.down?.restores === false);
    expect(unrestored.map((migration) => migration.file).sort()).toEqual(Object.keys(SLOPPY_DOWNS).sort());
    for (const migration of unrestored) expect(migration.down!.differences.length, migration.file).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it("names what a sloppy down leaves, as planted.ts describes it", () => {
    // 'forgets to remove "Tickets"."firstResponseAt"'
    expect(byFile("20200128101000-add-sla-to-tickets.js").down!.differences).toEqual([
      { kind: "extra", object: "column", table: "Tickets", name: "firstResponseAt", aspect: null, expected: null, actual: null },
    ]);
    // 'dropTable leaves the type "enum_Users_role"'
    expect(byFile("20190115103000-create-users.js").down!.differences).toEqual([
      { kind: "extra", object: "enum type", table: "enum_Users_role", name: "enum_Users_role", aspect: null, expected: null, actual: null },
    ]);
  });

  it("captures the SQL of each up and lints it with squawk: the rules these migrations' statements break", () => {
    // queryInterface.addIndex('Tickets', ['companyId', 'status']) is a CREATE INDEX without CONCURRENTLY.
    expect(byFile("20210322153000-add-ticket-list-indexes.js").statements.some((sql) => /^CREATE INDEX /.test(sql))).toBe(true);
    expect(rulesOf("20210322153000-add-ticket-list-indexes.js", "locking")).toContain("require-concurrent-index-creation");
    // changeColumn('Companies', 'name', { type: STRING(120) }) is an ALTER COLUMN ... TYPE: a rewrite under an exclusive lock.
    expect(rulesOf("20240115090000-change-companies-name.js", "locking")).toContain("changing-column-type");
    // renameColumn('Contacts', 'phone', 'phoneNumber') breaks the code still reading "phone".
    expect(byFile("20201201090000-rename-contacts-phone.js").risks.map((risk) => risk.rule)).toContain("renaming-column");
    // create-plans only creates a table: no locking or data-loss risk.
    expect(byFile("20190114093000-create-plans.js").risks.filter((risk) => risk.category !== "other")).toEqual([]);
  });

  it("prints a table: one row per migration, NO for the sloppy downs, then what each left", () => {
    const lines = formatReview(migrations, "1 s");
    expect(lines[0]).toMatch(/^migration\s+down restores\s+locking\s+data loss\s+other$/);
    for (const file of legacyMigrationNames()) {
      const row = lines.find((line) => line.startsWith(`${file} `))!;
      expect(row.split(/\s{2,}/)[1], file).toBe(file in SLOPPY_DOWNS ? "NO" : "yes");
    }
    expect(lines).toContain(`  column "Tickets"."firstResponseAt": after its down, not before its up`);
  });
});
