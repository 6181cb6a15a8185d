import { access } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { defaultExclusions, EXCLUDED_RULES, risksSection, SQUAWK_BINARY, squawk, undocumentedFindings, type Finding } from "./squawk.js";

const rules = (findings: Finding[]) => findings.map((finding) => finding.rule);

describe("squawk", () => {
  it("runs the real binary", async () => {
    await expect(access(SQUAWK_BINARY)).resolves.toBeUndefined();
  });

  it("finds nothing in a transactional ADD COLUMN with a constant default under timeouts", async () => {
    const sql = [
      `SET LOCAL lock_timeout = '5s';`,
      `SET LOCAL statement_timeout = '60s';`,
      `ALTER TABLE "tickets" ADD COLUMN "priority" VARCHAR(255) NOT NULL DEFAULT 'medium';`,
    ].join("\n");
    expect(await squawk(sql, { inTransaction: true })).toEqual([]);
  });

  it("reports rule, 1-based line and the SQL pointed at", async () => {
    const sql = `SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '60s';\nALTER TABLE "t" DROP COLUMN "x";`;
    const findings = await squawk(sql, { inTransaction: true });
    expect(findings).toEqual([
      expect.objectContaining({ rule: "ban-drop-column", line: 3, text: `DROP COLUMN "x"`, level: "Warning" }),
    ]);
    expect(findings[0]?.message).toMatch(/column/i);
  });

  it("assumes a transaction only when told: outside one, a bare ALTER is not re-runnable", async () => {
    const sql = `SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '60s';\nALTER TABLE "t" ADD COLUMN "c" integer;`;
    expect(rules(await squawk(sql, { inTransaction: true }))).toEqual([]);
    expect(rules(await squawk(sql, { inTransaction: false }))).toContain("prefer-robust-stmts");
  });

  it("flags a blocking index build and the risks a migration accepts on purpose", async () => {
    const sql = [
      `SET LOCAL lock_timeout = '5s';`,
      `SET LOCAL statement_timeout = '60s';`,
      `CREATE INDEX "t_c_idx" ON "t" ("c");`,
      `DROP TABLE "u";`,
      `ALTER TABLE "t" RENAME COLUMN "a" TO "b";`,
      `ALTER TABLE "t" ALTER COLUMN "c" TYPE integer USING "c"::integer;`,
    ].join("\n");
    expect(rules(await squawk(sql, { inTransaction: true })).sort()).toEqual([
      "ban-drop-table",
      "changing-column-type",
      "renaming-column",
      "require-concurrent-index-creation",
    ]);
  });

  it("leaves out the rules our conventions answer, unless the exclusions are replaced", async () => {
    const sql = `SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '60s';\nCREATE TABLE "t" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(255) NOT NULL);`;
    expect(await squawk(sql, { inTransaction: true })).toEqual([]);
    expect(rules(await squawk(sql, { inTransaction: true, exclude: [] })).sort()).toEqual(
      Object.keys(EXCLUDED_RULES).sort(),
    );
  });

  it("outside a transaction, a missing statement_timeout is reported like a missing lock_timeout (nothing but the conventions is excluded)", async () => {
    const sql = `CREATE INDEX CONCURRENTLY IF NOT EXISTS "t_c_idx" ON "t" ("c");`;
    expect(rules(await squawk(sql, { inTransaction: false })).sort()).toEqual(["require-lock-timeout", "require-statement-timeout"]);
    expect(defaultExclusions()).toEqual(Object.keys(EXCLUDED_RULES));
    // A short transaction that sets both is clean.
    const validate = `START TRANSACTION;\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '1h';\nALTER TABLE "t" VALIDATE CONSTRAINT "c";\nCOMMIT;`;
    expect(await squawk(validate, { inTransaction: false })).toEqual([]);
  });

  it("throws when the SQL cannot be linted by the tool itself", async () => {
    await expect(squawk("SELECT 1;", { pgVersion: "not-a-version" })).rejects.toThrow(/squawk/);
  });
});

describe("undocumentedFindings", () => {
  const finding = (rule: string): Finding => ({ rule, level: "Warning", message: "", help: null, line: 1, text: "" });
  const doc = [
    "# Doc",
    "## Estratégia de Rollback",
    "ban-drop-table is mentioned here but this is not the risks section",
    "## Riscos e Mitigações",
    "| Risco | Mitigação |",
    "| ban-drop-column: dados da coluna perdidos | backup |",
    "### Detalhe",
    "renaming-column: código antigo",
    "## Próximos passos",
    "changing-column-type",
  ].join("\n");

  it("keeps findings whose rule id the risks section does not name", () => {
    const findings = ["ban-drop-column", "renaming-column", "ban-drop-table", "changing-column-type", "ban-drop"].map(finding);
    expect(undocumentedFindings(findings, doc).map((f) => f.rule)).toEqual(["ban-drop-table", "changing-column-type", "ban-drop"]);
  });

  it("reads the English heading too, and a doc without the section documents nothing", () => {
    expect(undocumentedFindings([finding("ban-drop-table")], "## Risks & Mitigations\n- ban-drop-table: backup first")).toEqual([]);
    expect(undocumentedFindings([finding("ban-drop-table")], "## Risks\nban-drop-table")).toHaveLength(1);
  });

  it("cuts the section at the next heading of the same level", () => {
    expect(risksSection(doc)).toBe("| Risco | Mitigação |\n| ban-drop-column: dados da coluna perdidos | backup |\n### Detalhe\nrenaming-column: código antigo");
    expect(risksSection("no headings")).toBe("");
  });
});
