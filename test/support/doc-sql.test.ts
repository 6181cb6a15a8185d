import { describe, expect, it } from "vitest";
import { docMigrations, docStatements, normalizeStatement } from "./doc-sql.js";

const DOC = [
  "# Schema Changes: tickets",
  "## Migrations",
  "2 files:",
  "### `20261125110000-add-priority-to-tickets.ts`",
  "Runs in one transaction.",
  "#### UP",
  "```sql",
  "SET LOCAL lock_timeout = '5s';",
  "",
  "ALTER TABLE \"tickets\" ADD COLUMN \"priority\" VARCHAR(20);",
  "```",
  "#### DOWN",
  "```sql",
  "ALTER TABLE \"tickets\" DROP COLUMN \"priority\";",
  "```",
  "### `20261125110001-add-priority-to-tickets-backfill.ts`",
  "#### UP",
  "```sql",
  "-- repeated per tenant until no row changes",
  "UPDATE \"tickets\" SET \"priority\" = 'low' WHERE \"id\" IN (SELECT \"id\" FROM \"tickets\" WHERE \"company_id\" = $1 LIMIT 2);",
  "```",
  "#### DOWN",
  "(none)",
  "## Rollback",
  "```sql",
  "SELECT 1;",
  "```",
].join("\n");

describe("doc SQL", () => {
  it("reads each migration's UP and DOWN SQL, stopping at the next section", () => {
    const migrations = docMigrations(DOC);
    expect(migrations.map((m) => m.file)).toEqual([
      "20261125110000-add-priority-to-tickets.ts",
      "20261125110001-add-priority-to-tickets-backfill.ts",
    ]);
    expect(migrations[0]?.down).toBe(`ALTER TABLE "tickets" DROP COLUMN "priority";`);
    expect(migrations[1]?.down).toBe("");
  });

  it("splits statements at the doc's blank lines and drops explanatory comment lines", () => {
    const [first, second] = docMigrations(DOC);
    expect(docStatements(first?.up ?? "")).toEqual([`SET LOCAL lock_timeout = '5s'`, `ALTER TABLE "tickets" ADD COLUMN "priority" VARCHAR(20)`]);
    expect(docStatements(second?.up ?? "")).toEqual([
      `UPDATE "tickets" SET "priority" = 'low' WHERE "id" IN (SELECT "id" FROM "tickets" WHERE "company_id" = $1 LIMIT 2)`,
    ]);
    expect(normalizeStatement(" DROP TABLE x;\n")).toBe("DROP TABLE x");
  });

  it("refuses a migration without an UP heading", () => {
    expect(() => docMigrations("### `1-x.ts`\n#### DOWN\n```sql\nSELECT 1;\n```")).toThrow(/UP/);
  });
});
