/**
 * The files `pull` prints: features whose files would import each other are merged into one (an
 * ES module cycle would leave a binding undefined at load), named after the first of them; the
 * other features keep their own files.
 */
import { describe, expect, it } from "vitest";
import { printSchema } from "../../src/pull/print-schema.js";
import { columnIR, foreignKeyIR, schemaIR, tableIR } from "../support/ir-builders.js";

/** A table of its own feature with a foreign key to each table named. */
const referencing = (key: string, targets: string[]) =>
  tableIR(key, {
    columns: [columnIR("id", { type: { kind: "integer" }, primaryKey: true, autoIncrement: true, role: "primaryKey" }), ...targets.map((t) => columnIR(`${t}Id`, { field: `${t}_id`, type: { kind: "integer" }, role: "foreignKey" }))],
    foreignKeys: targets.map((t) => foreignKeyIR(`${key}_${t}_id_fkey`, [`${t}_id`], t)),
  });

describe("printSchema's files", () => {
  it("merges features that reference each other in a cycle, and only those", () => {
    // zebras → apples → mangos → zebras is a cycle; kiwis references apples but nothing comes back.
    const schema = schemaIR([referencing("zebras", ["apples"]), referencing("apples", ["mangos"]), referencing("mangos", ["zebras"]), referencing("kiwis", ["apples"])]);
    const { files } = printSchema(schema, { source: "test", pulledAt: "2026-12-02T00:00:00Z" });
    const byFile = Object.fromEntries(files.map((file) => [file.path, [...file.tables].sort()]));
    expect(byFile).toEqual({ "apples.ts": ["apples", "mangos", "zebras"], "kiwis.ts": ["kiwis"] });
    expect(files.find((file) => file.path === "kiwis.ts")?.contents).toContain(`import { apples } from "./apples.js";`);
  });

  it("keeps a long chain without cycles as one file per feature", () => {
    const chain = Array.from({ length: 300 }, (_, i) => referencing(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    const { files } = printSchema(schemaIR(chain), { source: "test", pulledAt: "2026-12-02T00:00:00Z" });
    expect(files).toHaveLength(300);
  });
});
