/**
 * The doc's risks and rollback for what the migrations really execute: every operation kind, up
 * AND down, emitted by the real migration emitter and linted by the real squawk, with every
 * finding named in Riscos e Mitigações / Risks & Mitigations; the value a down fills a re-added
 * NOT NULL column with, stated in the doc, is the one its SQL uses; acknowledgement reasons sit next
 * to the destructive change they cover; the INVALID-index recipe works on PostgreSQL.
 */
import { phaseOf } from "../../src/diff/order.js";
import { describe, expect, it } from "vitest";
import type { MigrationPlan, Operation } from "../../src/diff/operations.js";
import { emitSchemaDoc, type SchemaDocInput } from "../../src/emitters/markdown/index.js";
import { changeRiskFacts } from "../../src/plan/risk.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { fillRowsAlias } from "../../src/emitters/migration/column-steps.js";
import { fillValueSql } from "../../src/plan/neutral-value.js";
import type { ColumnIR, SchemaIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { openTestDatabase } from "../support/database.js";
import { docMigrations } from "../support/doc-sql.js";
import { risksSection, squawk, undocumentedFindings } from "../support/squawk.js";
import { changeInput, dropAssigneeInput, everyKind, migration } from "./markdown/doc-input.js";

const languages = ["pt", "en"] as const;
const code = (s: string) => `\`${s}\``;
const options = { sequelize: 6 as const, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000 };

/** Where the diff puts an operation: the migrations without a transaction hold these. */
// Where the split puts it: phase 0 is the transactional migration.
const outsideTransaction = (op: Operation) => phaseOf(op) !== 0;

/** A one-operation change set whose migration SQL comes from the real migration emitter. */
function singleOperationInput(op: Operation, schema: SchemaIR = fixtureSchema()): SchemaDocInput {
  const plan: MigrationPlan = { feature: "tickets", description: `${op.kind}-tickets`, timestamp: "20261127090000", transaction: !outsideTransaction(op), operations: [op] };
  const { sql } = emitMigration(plan, options);
  return changeInput("tickets", [migration(plan.feature, plan.description, plan.timestamp, plan.transaction, [op], sql)], schema, fixtureSchema());
}

const section = (doc: string, heading: string) => {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rest = doc.slice(start + heading.length + 2);
  const level = /^#+/.exec(heading)![0].length;
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
};

describe("risks of what up and down execute", () => {
  for (const [kind, op] of Object.entries(everyKind())) {
    it(`${kind}: every squawk finding of its up and down SQL is named in the risks section, in both languages`, async () => {
      const input = singleOperationInput(op);
      const [m] = input.migrations;
      for (const language of languages) {
        const doc = emitSchemaDoc(input, { language }).contents;
        // The SQL squawk reads is the SQL the doc shows.
        const [shown] = docMigrations(doc);
        const findings = [
          ...(await squawk(shown!.up, { inTransaction: m!.plan.transaction })),
          ...(await squawk(shown!.down, { inTransaction: m!.plan.transaction })),
        ];
        expect(undocumentedFindings(findings, doc).map((f) => `${f.rule}: ${f.text}`), `${kind} ${language}`).toEqual([]);
      }
    });
  }

  it("names the rules the e2e proofs reported: lock waits of concurrent indexes, down of a staged NOT NULL, indexes a down rebuilds", async () => {
    const ops = everyKind();
    const facts = changeRiskFacts([ops.addIndex, ops.setNotNull, ops.validateConstraint, ops.dropIndex], new Set());
    expect(facts.find((f) => f.kind === "concurrentIndexWait")).toMatchObject({ indexes: [ops.addIndex.index.name, ops.dropIndex.index.name], rules: ["require-lock-timeout", "require-statement-timeout"] });
    expect(facts.find((f) => f.kind === "rollbackDropsNotNull")).toMatchObject({ columns: ["tickets.title"], rules: ["ban-drop-not-null"] });
    expect(facts.find((f) => f.kind === "rerunnableSteps")).toMatchObject({ items: ["tickets.title", ops.validateConstraint.name], rules: ["prefer-robust-stmts"] });
    const blocking = changeRiskFacts([{ ...ops.dropIndex, concurrently: false }], new Set());
    expect(blocking.map((f) => f.rules)).toEqual([["require-concurrent-index-deletion"], ["require-concurrent-index-creation"]]);
    // Nothing about operations on a table the change set creates.
    expect(changeRiskFacts([ops.addIndex], new Set(["tickets"]))).toEqual([]);
    const risks = risksSection(emitSchemaDoc(singleOperationInput(ops.addIndex), { language: "en" }).contents);
    expect(risks).toMatch(/`tickets_subject_idx` built or dropped CONCURRENTLY[^\n]*\(squawk: `require-lock-timeout`, `require-statement-timeout`\)[^\n]*pg_stat_activity[^\n]*drop the INVALID index before re-running/);
  });
});

describe("a down that re-adds a NOT NULL column", () => {
  const tickets = (schema: SchemaIR) => schema.tables.find((t) => t.key === "tickets")!;
  // `fill`: the value as the down's SQL writes it (over the numbered rows), as the doc states it (over n).
  const cases: { name: string; column: (c: ColumnIR) => ColumnIR; value: (c: ColumnIR) => string; fill: (c: ColumnIR) => string; own: boolean; perRow: boolean }[] = [
    {
      name: "without a default: a value distinct per row",
      column: (c) => ({ ...c, nullable: false, default: null }),
      value: (c) => fillValueSql(c.type, "n") ?? "NULL",
      fill: (c) => fillValueSql(c.type, `"${fillRowsAlias("tickets")}"."n"`) ?? "NULL",
      own: false,
      perRow: true,
    },
    { name: "of an enum: its first value", column: (c) => ({ ...c, nullable: false, default: null, type: { kind: "enum", values: ["low", "high"], length: 255 } }), value: () => "'low'", fill: () => "'low'", own: false, perRow: false },
    { name: "of an integer: its row number", column: (c) => ({ ...c, nullable: false, default: null, type: { kind: "integer" } }), value: () => "n::integer", fill: () => `"fill_rows"."n"::integer`, own: false, perRow: true },
    { name: "with a default: its own default", column: (c) => ({ ...c, nullable: false, default: { kind: "literal", value: "n/a" } }), value: () => "'n/a'", fill: () => "'n/a'", own: true, perRow: false },
  ];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const c of cases) {
    for (const kind of ["dropColumn", "contractColumnRename"] as const) {
      it(`${kind}, ${c.name}: the doc states the value the down SQL fills existing rows with`, () => {
        const schema = fixtureSchema();
        const t = tickets(schema);
        const subject = c.column(t.columns.find((x) => x.field === "subject")!);
        const op: Operation =
          kind === "dropColumn" ? { kind, table: t, column: subject } : { kind, table: t, from: subject, to: { ...subject, name: "title", field: "title" } };
        const input = singleOperationInput(op, schema);
        const value = c.value(subject);
        const down = input.migrations[0]!.sql.down.join("\n");
        if (c.own) {
          expect(down).toMatch(new RegExp(`ADD COLUMN "subject" [A-Z]+(\\(\\d+\\))? NOT NULL DEFAULT ${escape(value)}`));
        } else {
          // ADD COLUMN nullable, UPDATE with the fill, SET NOT NULL; never a temporary DEFAULT.
          expect(down).toMatch(/ADD COLUMN "subject" [A-Z]+(\(\d+\))?;/);
          expect(down).toContain(`UPDATE "tickets" SET "subject" = ${c.fill(subject)}`);
          expect(down).toContain(`ALTER TABLE "tickets" ALTER COLUMN "subject" SET NOT NULL`);
          expect(down).not.toMatch(/"subject"[^\n]*DEFAULT/);
        }
        for (const language of languages) {
          const risks = risksSection(emitSchemaDoc(input, { language }).contents);
          const row = risks.split("\n").find((l) => l.includes("`tickets.subject`") && l.includes("adding-not-nullable-field"));
          expect(row, `${language}: ${risks}`).toBeDefined();
          expect(row).toContain(code(value));
          if (c.own) expect(row).toMatch(/default/);
          else if (c.perRow) expect(row).toMatch(language === "pt" ? /distinto por linha/ : /distinct per row/);
          else expect(row).toMatch(language === "pt" ? /em todas as linhas/ : /in every row/);
        }
      });
    }
  }

  it("a NOT NULL foreign-key column: the doc says the down stops on a table with rows and rollback goes through the backup", () => {
    const schema = fixtureSchema();
    const t = tickets(schema);
    const assignee = { ...t.columns.find((x) => x.field === "assignee_id")!, nullable: false, default: null };
    const input = singleOperationInput({ kind: "dropColumn", table: t, column: assignee }, schema);
    expect(input.migrations[0]!.sql.down.join("\n")).toMatch(/DO \$\$ BEGIN IF EXISTS \(SELECT 1 FROM "tickets"\) THEN RAISE EXCEPTION/);
    for (const language of languages) {
      const risks = risksSection(emitSchemaDoc(input, { language }).contents);
      const row = risks.split("\n").find((l) => l.includes("`tickets.assignee_id`") && l.includes("adding-not-nullable-field"));
      expect(row, `${language}: ${risks}`).toMatch(language === "pt" ? /para antes com um erro[^\n]*backup/ : /stops first with an error[^\n]*backup/);
    }
  });

  it("a nullable column re-added by down gets no such row", () => {
    const schema = fixtureSchema();
    const t = tickets(schema);
    const column = { ...t.columns.find((x) => x.field === "subject")!, nullable: true, default: null };
    expect(changeRiskFacts([{ kind: "dropColumn", table: t, column }], new Set()).map((f) => f.kind)).toEqual(["droppedColumn"]);
  });
});

describe("acknowledgements in the destructive changes", () => {
  it("prints each written reason and where it was declared next to the change it covers", () => {
    const input = dropAssigneeInput();
    input.schema.acknowledgements = [
      { kind: "dropTable", table: "currencies", reason: "unrelated", source: { file: "schema/other.ts", line: 3 } },
      { kind: "dropColumn", table: "tickets", column: "assigneeId", reason: "Assignment moved\n  to the routing service.", source: { file: "schema/tickets.ts", line: 42 } },
    ];
    for (const language of languages) {
      const doc = emitSchemaDoc(input, { language }).contents;
      const destructive = section(doc, language === "pt" ? "### Alterações destrutivas" : "### Destructive changes");
      const items = destructive.split("\n").filter((l) => l.startsWith("- "));
      expect(items).toEqual([
        `- \`tickets.assignee_id\`: ${language === "pt" ? "reconhecido em" : "acknowledged in"} \`schema/tickets.ts:42\`: “Assignment moved to the routing service.”`,
      ]);
      expect(destructive).not.toContain("unrelated");
    }
  });

  it("a table acknowledged under the key it had before a rename, and a change without acknowledgement (--allow-destructive)", () => {
    const schema = fixtureSchema();
    const currencies = schema.tables.find((t) => t.key === "currencies")!;
    const renamed = { ...currencies, key: "money", renamedFrom: { from: "currencies", strategy: "direct" as const } };
    schema.acknowledgements = [{ kind: "dropTable", table: "currencies", reason: "Replaced by the billing service.", source: null }];
    const t = schema.tables.find((x) => x.key === "tickets")!;
    const dropTable: Operation = { kind: "dropTable", table: renamed };
    const dropColumn: Operation = { kind: "dropColumn", table: t, column: t.columns.find((c) => c.field === "subject")! };
    const plan: MigrationPlan = { feature: "tickets", description: "drop", timestamp: "20261127100000", transaction: true, operations: [dropTable, dropColumn] };
    const input = changeInput("tickets", [migration("tickets", "drop", plan.timestamp, true, plan.operations, emitMigration(plan, options).sql)], schema, fixtureSchema());
    const doc = emitSchemaDoc(input, { language: "en" }).contents;
    const items = section(doc, "### Destructive changes").split("\n").filter((l) => l.startsWith("- "));
    expect(items).toEqual([
      `- \`${currencies.tableName}\`: acknowledged: “Replaced by the billing service.”`,
      "- `tickets.subject`: no acknowledgeDataLoss in the schema covers it: it was accepted with `--allow-destructive`.",
    ]);
  });
});

describe("a failed concurrent index build", () => {
  it("the rollback strategy says how to find the INVALID index and drop it, and that recipe works on PostgreSQL", async () => {
    const ops = everyKind();
    const index = { ...ops.addIndex.index, name: "tickets_code_key", columns: ["code"], unique: true };
    const input = singleOperationInput({ ...ops.addIndex, index });
    for (const language of languages) {
      const doc = emitSchemaDoc(input, { language }).contents;
      const rollback = section(doc, language === "pt" ? "## Estratégia de Rollback" : "## Rollback Strategy");
      expect(rollback).toContain("INVALID");
      expect(rollback).toContain("IF NOT EXISTS");
      expect(rollback).toContain("indisvalid");
      expect(rollback).not.toContain(language === "pt" ? "substitui" : "replaces");
    }
    const doc = emitSchemaDoc(input, { language: "en" }).contents;
    const recipe = section(doc, "### If a concurrent index build fails");
    const [detect, drop] = [...recipe.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(drop).toBe(`DROP INDEX CONCURRENTLY IF EXISTS "tickets_code_key";`);
    const build = input.migrations[0]!.sql.up.find((s) => s.includes("CONCURRENTLY"))!;
    expect(build).toContain("IF NOT EXISTS");

    const db = await openTestDatabase();
    try {
      await db.query(`CREATE TABLE "tickets" ("id" SERIAL PRIMARY KEY, "code" TEXT)`);
      await db.query(`INSERT INTO "tickets" ("code") VALUES ('a'), ('a')`);
      // The build fails on the duplicate and leaves the index behind, INVALID.
      await expect(db.query(build)).rejects.toThrow();
      expect((await db.query(detect!))).toEqual([{ index_name: "tickets_code_key", table_name: "tickets" }]);
      // Why the doc insists: after fixing the data, the re-run skips the INVALID index.
      await db.query(`DELETE FROM "tickets" WHERE "id" = (SELECT max("id") FROM "tickets")`);
      await db.query(build);
      expect((await db.query(detect!))).toHaveLength(1);
      // The doc's recipe: drop it, re-run, and the index is valid.
      await db.query(drop!);
      await db.query(build);
      expect((await db.query(detect!))).toEqual([]);
      expect(await db.query(`SELECT indexname FROM pg_indexes WHERE indexname = 'tickets_code_key'`)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
