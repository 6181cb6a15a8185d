/**
 * The column-kind registry: the catalog recognition the introspection relies on, checked against the
 * type texts a real PostgreSQL prints for columns created from raw DDL (not from the registry).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMN_KINDS, columnKind, columnTypeFromCatalog } from "../../src/ir/column-types.js";
import type { ColumnTypeIR } from "../../src/ir/types.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";

// Raw DDL type → the IR type it must read as (an independent statement of what the DSL can express).
const CASES: [ddl: string, type: ColumnTypeIR][] = [
  ["integer", { kind: "integer" }],
  ["int8", { kind: "bigint" }],
  ["varchar(120)", { kind: "string", length: 120 }],
  ["text", { kind: "text" }],
  ["bool", { kind: "boolean" }],
  ["timestamptz", { kind: "timestamp" }],
  ["date", { kind: "date" }],
  ["numeric(12, 2)", { kind: "decimal", precision: 12, scale: 2 }],
  ["float8", { kind: "double" }],
  ["uuid", { kind: "uuid" }],
  ["jsonb", { kind: "jsonb", tsType: "Record<string, unknown>" }],
  ["json", { kind: "json", tsType: "Record<string, unknown>" }],
  ["varchar(50)[]", { kind: "array", element: { kind: "string", length: 50 } }],
  ['"enum_Tickets_status"', { kind: "pgEnum", name: "enum_Tickets_status", values: ["open", "closed", ""] }],
  ["mood", { kind: "pgEnum", name: "mood", values: ["sad", "ok"] }],
  ["smallint", { kind: "custom", sql: "smallint", tsType: "unknown" }],
  ["varchar", { kind: "custom", sql: "character varying", tsType: "unknown" }],
  ["timestamp", { kind: "custom", sql: "timestamp without time zone", tsType: "unknown" }],
  ["numeric", { kind: "custom", sql: "numeric", tsType: "unknown" }],
  ["char(2)", { kind: "custom", sql: "character(2)", tsType: "unknown" }],
  ['"enum_Tickets_status"[]', { kind: "custom", sql: '"enum_Tickets_status"[]', tsType: "unknown" }],
  ["tsvector", { kind: "custom", sql: "tsvector", tsType: "unknown" }],
];

describe("columnTypeFromCatalog on what PostgreSQL prints", () => {
  let db: TestDatabase;
  let printed: Map<string, string>;
  let enums: Map<string, string[]>;

  beforeAll(async () => {
    db = await openTestDatabase();
    await db.query(`CREATE TYPE "enum_Tickets_status" AS ENUM ('open', 'closed', ''); CREATE TYPE mood AS ENUM ('sad', 'ok')`);
    await db.query(`CREATE TABLE kinds (${CASES.map(([ddl], i) => `c${i} ${ddl}`).join(", ")})`);
    const rows = await db.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'kinds'::regclass AND attnum > 0`,
    );
    printed = new Map(rows.map((row) => [row.name, row.type]));
    const labels = await db.query<{ name: string; labels: string[] }>(
      `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid GROUP BY t.typname`,
    );
    enums = new Map(labels.map((row) => [row.name, row.labels]));
  }, 60_000);
  afterAll(async () => db?.close());

  it.each(CASES.map(([ddl, type], i) => [ddl, type, i] as const))("%s", (_ddl, type, i) => {
    const text = printed.get(`c${i}`)!;
    expect(columnTypeFromCatalog(text, enums)).toEqual(type);
    // What the registry says format_type prints is what it printed.
    if (type.kind !== "custom") expect(columnKind(type).formatType(type)).toBe(text);
  });
});

describe("the registry", () => {
  it("has an entry for every kind, and storage drops what the column does not store", () => {
    expect(Object.keys(COLUMN_KINDS).sort()).toEqual(
      ["array", "bigint", "boolean", "custom", "date", "decimal", "double", "enum", "integer", "json", "jsonb", "pgEnum", "string", "text", "timestamp", "uuid"],
    );
    expect(columnKind({ kind: "pgEnum", name: "x", values: ["a"] }).storage({ kind: "pgEnum", name: "x", values: ["a"] })).toEqual({ kind: "pgEnum", name: "x", values: [] });
    expect(columnKind({ kind: "jsonb", tsType: "A" }).storage({ kind: "jsonb", tsType: "A" })).toEqual({ kind: "jsonb", tsType: "" });
  });
});
