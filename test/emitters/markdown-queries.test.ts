/**
 * The doc's example and verification queries are real SQL: PostgreSQL (PGlite) prepares every one
 * of them against tables built from the same IR, so a wrong column, quote or operator fails here.
 */
import { PGlite } from "@electric-sql/pglite";
import { emptyPGlite } from "../support/database.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import { sqlType } from "../../src/ir/sql-type.js";
import type { SchemaIR, TableIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { addPriorityInput, docInput, dropAssigneeInput } from "./markdown/doc-input.js";

/** Bare tables (columns and types only): enough for the planner to resolve every name and operator. */
function createTable(t: TableIR): string {
  return `CREATE TABLE "${t.tableName}" (${t.columns.map((c) => `"${c.field}" ${sqlType(c.type)}`).join(", ")})`;
}

function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => m[1]!);
}

describe("queries printed in the doc run on PostgreSQL", () => {
  let db: PGlite;
  const schema: SchemaIR = fixtureSchema();

  beforeAll(async () => {
    db = await emptyPGlite();
    await db.exec(`CREATE TABLE "companies" ("id" INTEGER PRIMARY KEY)`);
    await db.exec(`CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) PRIMARY KEY)`);
    for (const t of schema.tables) await db.exec(createTable(t));
  });
  afterAll(async () => {
    await db.close();
  });

  for (const feature of ["tickets", "notifications", "users", "payments"]) {
    it(`prepares every example query of the ${feature} doc`, async () => {
      const doc = emitSchemaDoc(docInput(feature, schema), { language: "en" }).contents;
      const performance = doc.slice(doc.indexOf("## Performance"), doc.indexOf("## Multi-Tenant Validation"));
      const queries = codeBlocks(performance, "sql");
      const indexCount = schema.tables.filter((t) => t.feature === feature).reduce((n, t) => n + t.indexes.length, 0);
      expect(queries.length).toBe(indexCount);
      for (const [i, query] of queries.entries()) {
        await db.exec(`PREPARE example_${i} AS ${query.replace(/;\s*$/, "")}`);
        await db.exec(`DEALLOCATE example_${i}`);
      }
    });
  }

  it("runs the evolution verification queries: rows while the rollback is incomplete, none after it", async () => {
    const verifyOf = (text: string) => codeBlocks(text.slice(text.indexOf("### Verify after rollback")), "sql")[0]!.split("\n\n");
    const [columnsGone, indexesGone] = verifyOf(emitSchemaDoc(addPriorityInput(), { language: "en" }).contents);
    await db.exec(`ALTER TABLE "tickets" ADD COLUMN "priority" VARCHAR(255); CREATE INDEX "tickets_company_id_priority_idx" ON "tickets" ("company_id", "priority")`);
    expect((await db.query(columnsGone!)).rows).toEqual([{ table_name: "tickets", column_name: "priority" }]);
    expect((await db.query(indexesGone!)).rows).toHaveLength(1);
    await db.exec(`ALTER TABLE "tickets" DROP COLUMN "priority"`);
    expect((await db.query(columnsGone!)).rows).toHaveLength(0);
    expect((await db.query(indexesGone!)).rows).toHaveLength(0);

    const [columnsBack] = verifyOf(emitSchemaDoc(dropAssigneeInput(), { language: "en" }).contents);
    expect((await db.query(columnsBack!)).rows).toHaveLength(0);
    await db.exec(`ALTER TABLE "tickets" DROP COLUMN "assignee_id"`);
    expect((await db.query(columnsBack!)).rows).toEqual([{ t: "tickets", c: "assignee_id" }]);
    await db.exec(`ALTER TABLE "tickets" ADD COLUMN "assignee_id" INTEGER`);
  });

  it("runs the rollback verification queries: rows while the tables exist, none after down", async () => {
    const doc = emitSchemaDoc(docInput("tickets", schema), { language: "en" }).contents;
    const rollback = doc.slice(doc.indexOf("## Rollback Strategy"), doc.indexOf("## Performance"));
    const [verify] = codeBlocks(rollback.slice(rollback.indexOf("### Verify after rollback")), "sql");
    const [tablesGone, metaGone] = verify!.split("\n\n");
    await db.query(`INSERT INTO "SequelizeMeta" VALUES ('20261125103000-create-tickets.ts')`);
    expect((await db.query(tablesGone!)).rows).toHaveLength(3);
    expect((await db.query(metaGone!)).rows).toHaveLength(1);
    await db.exec(`DROP TABLE "ticket_tags"; DROP TABLE "tickets"; DROP TABLE "tags"; DELETE FROM "SequelizeMeta"`);
    expect((await db.query(tablesGone!)).rows).toHaveLength(0);
    expect((await db.query(metaGone!)).rows).toHaveLength(0);
  });
});
