/**
 * A schema-change doc input for the "tickets" feature of the fixture schema: one createTable per
 * table of the feature, the previous schema without them, and a small hand-written MigrationSql.
 */
import type { MigrationPlan } from "../../../src/diff/operations.js";
import type { SchemaDocInput } from "../../../src/emitters/markdown/index.js";
import type { SchemaIR } from "../../../src/ir/types.js";
import { fixtureFeature, fixtureSchema } from "../../fixtures/schema-ir.js";

export const ticketsSql = {
  up: [
    'CREATE TABLE IF NOT EXISTS "tickets" ("id" SERIAL , "company_id" INTEGER NOT NULL REFERENCES "companies" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("id"))',
    'CREATE INDEX "tickets_company_id_idx" ON "tickets" ("company_id");',
    'CREATE TABLE IF NOT EXISTS "tags" ("id" SERIAL , "company_id" INTEGER NOT NULL, PRIMARY KEY ("id"))',
  ],
  down: ['DROP TABLE IF EXISTS "tags" CASCADE;', 'DROP TABLE IF EXISTS "tickets" CASCADE'],
};

/**
 * The doc input for one feature of `schema` (default: the fixture), with `previous` = the schema without it.
 *
 * @example
 * docInput("tickets").plan.operations.length // 3
 */
export function docInput(feature = "tickets", schema: SchemaIR = fixtureSchema()): SchemaDocInput {
  const tables = fixtureFeature(schema, feature);
  const plan: MigrationPlan = {
    feature,
    description: `create-${feature}`,
    timestamp: "20261125103000",
    transaction: true,
    operations: tables.map((table) => ({ kind: "createTable", table })),
  };
  return {
    plan,
    schema,
    previous: { ...schema, tables: schema.tables.filter((t) => t.feature !== feature) },
    sql: structuredClone(ticketsSql),
    migrationFile: `20261125103000-create-${feature}.ts`,
    path: `schema-changes-${feature}.md`,
  };
}
