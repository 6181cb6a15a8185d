/**
 * The doc prints a literal default exactly as the migration sends it, for every column kind that
 * takes literals. Property: for a random column type and literal default, the emitted createTable
 * migration runs on PostgreSQL; then PostgreSQL itself (not a string comparison) checks that
 * - the doc's text (`defaultText`) and the migration's text (`defaultValueSql`) each denote the value
 *   PostgreSQL reports for the stored default (`pg_get_expr` of pg_attrdef), and
 * - that value is the declared literal, read by PostgreSQL from its JSON (independent of the tool).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { defaultValueSql } from "../../src/emitters/migration/sql-text.js";
import { defaultText } from "../../src/emitters/markdown/sql-type.js";
import { columnKind } from "../../src/ir/column-types.js";
import type { ColumnTypeIR, JsonValue, ScalarTypeIR } from "../../src/ir/types.js";
import { openTestDatabase, quoteLiteral, type TestDatabase } from "../support/database.js";
import { tableIR, typedColumn } from "../support/ir-builders.js";
import { migrationOptions } from "./migration/plans.js";

const ENUM_VALUES = ["low", "medium", "it's", "Ünïcode", "a b"] as const;
const PG_ENUM = { kind: "pgEnum", name: "ticket_mood", values: [...ENUM_VALUES] } as const satisfies ColumnTypeIR;

/** Text PostgreSQL takes: no NUL (text and jsonb cannot hold one). */
const textArb = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\u0000"));

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const dateArb = fc.record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(
  ({ y, m, d }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`,
);
const timestampArb = fc
  .record({
    date: dateArb,
    h: fc.integer({ min: 0, max: 23 }),
    min: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
    zone: fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+14:00", ""),
  })
  .map(({ date, h, min, s, ms, zone }) => `${date}T${pad(h)}:${pad(min)}:${pad(s)}.${pad(ms, 3)}${zone}`);

/** A scalar kind or a string enum: the kinds an array element or a plain column literal can be. */
type LiteralScalar = ScalarTypeIR | Extract<ColumnTypeIR, { kind: "enum" }>;

/** Special values PostgreSQL reads for timestamps and dates. */
const specialDateArb = fc.constantFrom("infinity", "-infinity", "epoch");

/** Literals a scalar kind accepts (validate-default's rule), the awkward ones included. */
function scalarLiteralArb(type: LiteralScalar): fc.Arbitrary<JsonValue> {
  switch (type.kind) {
    case "integer":
      return fc.integer();
    case "bigint":
      return fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String));
    case "string":
      return textArb.filter((s) => s.length <= type.length);
    case "text":
      return textArb;
    case "boolean":
      return fc.boolean();
    case "timestamp":
      return fc.oneof({ weight: 5, arbitrary: timestampArb }, { weight: 1, arbitrary: specialDateArb });
    case "date":
      return fc.oneof({ weight: 5, arbitrary: dateArb }, { weight: 1, arbitrary: specialDateArb });
    case "decimal":
      return fc.oneof(
        fc.integer({ min: -9999, max: 9999 }),
        fc.integer({ min: -999999, max: 999999 }).map((n) => (n / 100).toFixed(2)),
      );
    case "double":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    case "uuid":
      return fc.uuid();
    case "enum":
      return fc.constantFrom(...type.values);
  }
}

const scalarTypeArb: fc.Arbitrary<LiteralScalar> = fc.constantFrom<LiteralScalar>(
  { kind: "integer" },
  { kind: "bigint" },
  { kind: "string", length: 8 },
  { kind: "text" },
  { kind: "boolean" },
  { kind: "timestamp" },
  { kind: "date" },
  { kind: "decimal", precision: 8, scale: 2 },
  { kind: "double" },
  { kind: "uuid" },
  { kind: "enum", values: [...ENUM_VALUES], length: 20 },
);

/** A column type that takes literal defaults, with one such default. */
const typedLiteralArb: fc.Arbitrary<{ type: ColumnTypeIR; value: JsonValue }> = fc.oneof(
  { weight: 6, arbitrary: scalarTypeArb.chain((type) => scalarLiteralArb(type).map((value) => ({ type, value }))) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<ScalarTypeIR>({ kind: "integer" }, { kind: "text" }, { kind: "string", length: 8 }, { kind: "boolean" }, { kind: "date" }, { kind: "timestamp" })
      .chain((element) => fc.array(scalarLiteralArb(element), { maxLength: 3 }).map((value) => ({ type: { kind: "array" as const, element }, value }))),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<ColumnTypeIR>({ kind: "jsonb", tsType: "unknown" }, { kind: "json", tsType: "unknown" })
      .chain((type) => fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes("\\u0000")).map((value) => ({ type, value: value as JsonValue }))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PG_ENUM.values).map((value) => ({ type: PG_ENUM, value })) },
);

/** The type values are compared in: json has no equality operator, jsonb does. */
const comparedType = (type: ColumnTypeIR): string => (type.kind === "json" ? "jsonb" : columnKind(type).sql(type));

/** The declared literal as PostgreSQL reads it from its JSON, of type `type`: what every text must denote. */
function fromJson(value: JsonValue, type: ColumnTypeIR): string {
  // A null literal is SQL NULL for every kind, jsonb and json included (no stored default).
  if (value === null) return `NULL::${comparedType(type)}`;
  const json = `${quoteLiteral(JSON.stringify(value))}::jsonb`;
  const sqlType = comparedType(type);
  if (type.kind === "json" || type.kind === "jsonb") return json;
  if (type.kind === "array") return `ARRAY(SELECT jsonb_array_elements_text(${json}))::${sqlType}`;
  return `(${json} #>> '{}')::${sqlType}`;
}

let db: TestDatabase;
const processZone = process.env.TZ;
beforeAll(async () => {
  // The Node process in a zone other than the database's (UTC): a printer that reads a timestamp
  // in the process's zone shows here.
  process.env.TZ = "America/Sao_Paulo";
  db = await openTestDatabase();
  await db.query(`CREATE TYPE "${PG_ENUM.name}" AS ENUM (${PG_ENUM.values.map(quoteLiteral).join(", ")})`);
});
afterAll(async () => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
  await db.close();
});

describe("a literal default: the doc's text, the migration's text and the stored default denote the declared value", () => {
  it("for random column kinds and literals, on PostgreSQL", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(typedLiteralArb, async ({ type, value }) => {
        run += 1;
        const table = tableIR(`things${run}`, {
          scope: { kind: "global", reason: "test" },
          columns: [
            typedColumn("id", "id", { kind: "integer" }, { primaryKey: true, autoIncrement: true, role: "primaryKey" }),
            typedColumn("value", "value", type, { nullable: true, default: { kind: "literal", value } }),
          ],
        });
        const plan = { feature: "things", description: "create-things", timestamp: "20261202000000", transaction: true, operations: [{ kind: "createTable" as const, table }] };
        const { sql } = emitMigration(plan, migrationOptions(6));
        const migrationText = defaultValueSql({ kind: "literal", value }, type);
        const docText = defaultText({ kind: "literal", value }, type);
        // The createTable statement carries the migration's text as the column's DEFAULT.
        expect(sql.up.some((statement) => statement.includes(`DEFAULT ${migrationText}`)), sql.up.join("\n")).toBe(true);
        await db.query(sql.up.join(";\n"));
        const [stored] = await db.query<{ expr: string }>(
          `SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d
           JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
           WHERE d.adrelid = '"${table.tableName}"'::regclass AND a.attname = 'value'`,
        );
        // PostgreSQL stores no default for DEFAULT NULL: the column's default is then NULL.
        const reported = stored?.expr ?? "NULL";
        const t = comparedType(type);
        const [same] = await db.query<{ doc: boolean; migration: boolean; declared: boolean }>(
          `SELECT ((${docText})::${t} IS NOT DISTINCT FROM (${reported})::${t}) AS doc,
                  ((${migrationText})::${t} IS NOT DISTINCT FROM (${reported})::${t}) AS migration,
                  ((${reported})::${t} IS NOT DISTINCT FROM ${fromJson(value, type)}) AS declared`,
        );
        await db.query(`DROP TABLE "${table.tableName}"`);
        expect(same, `${type.kind} ${JSON.stringify(value)}: doc ${docText}, migration ${migrationText}, stored ${reported}`).toEqual({
          doc: true,
          migration: true,
          declared: true,
        });
      }),
      { numRuns: 50, examples: [[{ type: { kind: "timestamp" }, value: "0001-01-01T00:00:00.000" }], [{ type: { kind: "date" }, value: "infinity" }]] },
    );
  }, 30_000);
});
