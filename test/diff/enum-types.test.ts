/**
 * PostgreSQL ENUM types between two schemas: created with their first column, dropped with the last,
 * values added at their place (BEFORE/AFTER), removals, reorders and a default that uses a value the
 * same change adds refused with the reason.
 */
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff/diff.js";
import { splitChangeSets } from "../../src/diff/split.js";
import { defineTenantTable, resolveConfig, t, toSchemaIR } from "../../src/index.js";

const config = resolveConfig({}, "/repo", null);
const mood = (values: readonly string[], extra: { default?: string } = {}) => {
  const column = t.pgEnum("mood", values);
  return extra.default === undefined ? column : column.default(extra.default as never);
};
const schemaOf = (...tables: Parameters<typeof toSchemaIR>[0]) => toSchemaIR(tables, config);
const SAFE = { allowDestructive: false };

describe("ENUM type changes", () => {
  it("creates a type before its first table and drops it after its last", () => {
    const a = defineTenantTable("a", { mood: mood(["sad", "ok"]) }).feature("fa");
    const b = defineTenantTable("b", { mood: mood(["sad", "ok"]) }).feature("fb");
    const created = diffSchemas(schemaOf(), schemaOf(a, b), SAFE);
    const sets = splitChangeSets(created.operations, "20261125100000", null).changeSets;
    expect(sets.map((set) => [set.feature, set.migrations.flatMap((m) => m.operations.map((op) => op.kind))])).toEqual([
      ["fa", ["createEnumType", "createTable"]],
      ["fb", ["createTable"]],
    ]);
    const dropped = diffSchemas(created.snapshot, schemaOf(), { allowDestructive: true });
    const dropSets = splitChangeSets(dropped.operations, "20261125100000", null).changeSets;
    // The type goes with its last user, after the other feature dropped its table.
    expect(dropSets.map((set) => [set.feature, set.migrations.flatMap((m) => m.operations.map((op) => op.kind))])).toEqual([
      ["fa", ["dropTable"]],
      ["fb", ["dropTable", "dropEnumType"]],
    ]);
  });

  it("creates and drops a type shared by features that reference each other with the one the other references (no cycle)", () => {
    const b = defineTenantTable("b", { mood: mood(["sad", "ok"]) }).feature("fb");
    // "a" comes first but references "b": the type must exist before "b", so "b" creates it.
    const a = defineTenantTable("a", { mood: mood(["sad", "ok"]) }).belongsTo(b).feature("fa");
    const created = diffSchemas(schemaOf(), schemaOf(a, b), SAFE);
    const split = splitChangeSets(created.operations, "20261125100000", null);
    expect(split.issues).toEqual([]);
    expect(split.changeSets.map((set) => [set.feature, set.migrations.flatMap((m) => m.operations.map((op) => op.kind))])).toEqual([
      ["fb", ["createEnumType", "createTable"]],
      ["fa", ["createTable"]],
    ]);
    const dropped = splitChangeSets(diffSchemas(created.snapshot, schemaOf(), { allowDestructive: true }).operations, "20261125100000", null);
    expect(dropped.issues).toEqual([]);
    expect(dropped.changeSets.map((set) => [set.feature, set.migrations.flatMap((m) => m.operations.map((op) => op.kind))])).toEqual([
      ["fa", ["dropTable"]],
      ["fb", ["dropTable", "dropEnumType"]],
    ]);
  });

  it("adds values at their place, one ADD VALUE each, each down back to the list before it", () => {
    const before = schemaOf(defineTenantTable("a", { mood: mood(["sad", "ok"]) }));
    const after = schemaOf(defineTenantTable("a", { mood: mood(["meh", "sad", "glad", "ok", "great"]) }));
    const ops = diffSchemas(before, after, SAFE).operations.filter((op) => op.kind === "addEnumValue");
    expect(ops.map((op) => (op.kind === "addEnumValue" ? [op.value, op.position, op.previous] : []))).toEqual([
      ["meh", { before: "sad" }, ["sad", "ok"]],
      ["glad", { after: "sad" }, ["meh", "sad", "ok"]],
      ["great", { after: "ok" }, ["meh", "sad", "glad", "ok"]],
    ]);
  });

  it("refuses removals, reorders, and a default on a value the same change adds", () => {
    const before = schemaOf(defineTenantTable("a", { mood: mood(["sad", "ok"]) }));
    const message = (values: string[], extra = {}) => diffSchemas(before, schemaOf(defineTenantTable("a", { mood: mood(values, extra) })), SAFE).issues.map((i) => i.message);
    expect(message(["sad"])[0]).toMatch(/^PostgreSQL ENUM type 'mood' loses "ok": PostgreSQL cannot drop or reorder the values/);
    expect(message(["ok", "sad"])[0]).toMatch(/^PostgreSQL ENUM type 'mood' reorders its values/);
    expect(message(["sad", "ok", "glad"], { default: "glad" })).toEqual([
      "column 'mood' of table 'a' defaults to 'glad', which this change adds to the PostgreSQL ENUM type 'mood': a new value can be used only once ADD VALUE has committed, in a later migration. Add the value first (emit), then use it as the default",
    ]);
    expect(message(["sad", "ok", "glad"], { default: "ok" })).toEqual([]);
  });
});
