/**
 * The schema-change doc of a first emit stays readable at any size (issue 11): chained schemas of N
 * tenant tables (the bench shape: each table belongs to the previous one, ON DELETE CASCADE or SET
 * NULL, composite tenant keys and row-level security on) are planned, their migration emitted and
 * the doc written, then formatted as the CLI formats it. No line may grow with N (prettier pads every row of a table to
 * its widest cell), the bytes per table stay the same, and the table of contents links every
 * table's section under the anchor GitHub gives its heading.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatFile } from "../../src/cli/format.js";
import { planChanges } from "../../src/diff/plan.js";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import type { ReferentialAction, SchemaIR } from "../../src/ir/types.js";
import { applyIsolation } from "../../src/isolation/apply.js";
import { columnIR, foreignKeyIR, indexIR, schemaIR, tableIR } from "../support/ir-builders.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { changeInput, everyKind, migration } from "./markdown/doc-input.js";
import { section } from "./markdown/doc-text.js";

const integer = { kind: "integer" } as const;
const name = (i: number) => `t${String(i).padStart(4, "0")}`;

/** N tenant tables, each referencing the previous one (`onDelete`), with the bench's kinds of columns and indexes. */
function chainedSchema(n: number, onDelete: ReferentialAction): SchemaIR {
  const tables = Array.from({ length: n }, (_, i) => {
    const key = name(i);
    const parent = i > 0 ? name(i - 1) : null;
    return tableIR(key, {
      feature: "chain",
      columns: [
        columnIR("id", { type: integer, primaryKey: true, autoIncrement: true, role: "primaryKey" }),
        columnIR("companyId", { field: "company_id", type: integer, role: "tenant" }),
        ...(parent ? [columnIR("parentId", { field: "parent_id", type: integer, nullable: true, role: "foreignKey" })] : []),
        columnIR("title", { type: { kind: "string", length: 255 } }),
        columnIR("quantity", { type: integer, default: { kind: "literal", value: 0 } }),
        columnIR("status", { type: { kind: "enum", values: ["draft", "active", "archived"], length: 20 }, default: { kind: "literal", value: "draft" } }),
        columnIR("metadata", { type: { kind: "jsonb", tsType: "unknown" }, nullable: true }),
        columnIR("deletedAt", { field: "deleted_at", type: { kind: "timestamp" }, nullable: true, role: "deletedAt" }),
      ],
      indexes: [
        indexIR(`${key}_company_id_idx`, ["company_id"]),
        ...(parent ? [indexIR(`${key}_parent_id_idx`, ["parent_id"])] : []),
        indexIR(`${key}_company_id_title_key`, ["company_id", "title"], { unique: true }),
      ],
      foreignKeys: [
        foreignKeyIR(`${key}_company_id_fkey`, ["company_id"], "companies"),
        ...(parent ? [foreignKeyIR(`${key}_parent_id_fkey`, ["parent_id"], parent, { onDelete, onUpdate: "CASCADE" })] : []),
      ],
    });
  });
  return applyIsolation(schemaIR(tables), { keys: true, rls: true });
}

/** The doc of the first emit of `schema`, unformatted, as the CLI's artifacts build it. */
function firstDoc(schema: SchemaIR, language: "en" | "pt"): string {
  const { changeSets, issues } = planChanges(null, schema, "20261201000000", null);
  expect(issues).toEqual([]);
  expect(changeSets).toHaveLength(1);
  const change = changeSets[0]!;
  const migrations = change.migrations.map((plan) => {
    const { file, sql } = emitMigration(plan, { sequelize: 6, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000 });
    return { plan, file: file.path, sql };
  });
  return emitSchemaDoc({ change, migrations, schema, previous: null, path: "schema-changes-chain.md" }, { language }).contents;
}

const longestLine = (doc: string) => Math.max(...doc.split("\n").map((line) => line.length));

/** GitHub's heading anchors, in document order (a repeated slug gets -1, -2, …), outside fenced code. */
function headingAnchors(doc: string): { text: string; anchor: string }[] {
  const seen = new Map<string, number>();
  const out: { text: string; anchor: string }[] = [];
  let fenced = false;
  for (const line of doc.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6} (.+)$/.exec(line);
    if (!m) continue;
    const text = m[1]!;
    const base = text.replace(/`/g, "").toLowerCase().replace(/[^a-z0-9_\- ]/g, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.push({ text, anchor: count === 0 ? base : `${base}-${count}` });
  }
  return out;
}

const sizes = [20, 80] as const;

describe("the schema-change doc of a large first emit", () => {
  for (const onDelete of ["SET NULL", "CASCADE"] as const) {
    describe(`chained tables, ON DELETE ${onDelete}`, () => {
      const docs: Record<number, { raw: string; formatted: string }> = {};
      const [small, large] = sizes;
      beforeAll(async () => {
        for (const n of sizes) {
          const raw = firstDoc(chainedSchema(n, onDelete), "en");
          docs[n] = { raw, formatted: await formatFile(join(tmpdir(), "schema-changes-chain.md"), raw) };
        }
      });

      it("is printed as prettier prints it (the CLI skips prettier for it)", () => {
        for (const n of sizes) expect(docs[n]!.raw).toBe(docs[n]!.formatted);
      });

      for (const kind of ["raw", "formatted"] as const) {
        it(`no line grows with the number of tables (${kind})`, () => {
          // A few characters for counts with more digits; the old emitter's cascade cell alone grew by ~600.
          expect(longestLine(docs[large]![kind])).toBeLessThanOrEqual(longestLine(docs[small]![kind]) + 4);
        });

        it(`its size is linear in the tables (${kind})`, () => {
          const perTable = (n: number) => docs[n]![kind].length / n;
          const ratio = perTable(large) / perTable(small);
          expect(ratio).toBeGreaterThan(0.85);
          expect(ratio).toBeLessThan(1.15);
        });
      }

      it("links every table's section from the table of contents, under its GitHub anchor", () => {
        const doc = docs[large]!.formatted;
        const anchors = headingAnchors(doc);
        const contents = doc.slice(doc.indexOf("## Contents"), doc.indexOf("## Summary"));
        const links = [...contents.matchAll(/\[(.+)\]\(#([^)]+)\)/g)].map((m) => ({ text: m[1]!, anchor: m[2]! }));
        for (let i = 0; i < large; i++) {
          const text = `\`${name(i)[0]!.toUpperCase()}${name(i).slice(1)}\` (\`${name(i)}\`)`;
          const heading = anchors.find((h) => h.text === text);
          expect(heading, text).toBeDefined();
          expect(links).toContainEqual({ text, anchor: heading!.anchor });
        }
        // Every link of the contents leads to a heading of the doc.
        const known = new Set(anchors.map((h) => h.anchor));
        expect(links.filter((l) => !known.has(l.anchor))).toEqual([]);
      });

      it("counts the tables a tenant delete reaches in the risk row and lists each of them after the table", () => {
        const doc = docs[large]!.formatted;
        const risks = doc.slice(doc.indexOf("## Risks & Mitigations"), doc.indexOf("## ER Diagram"));
        const row = risks.split("\n").find((l) => l.startsWith("| Deleting a row of `companies` cascades"))!;
        const list = /the (\d+) in list (\d+) below/.exec(row)!;
        // Every table of the fixture references companies ON DELETE CASCADE (foreignKeyIR's default).
        expect(Number(list[1])).toBe(large);
        const items = risks.slice(risks.indexOf(`**List ${list[2]}:**`)).split("\n\n")[1]!.split("\n");
        expect(items).toEqual(Array.from({ length: large }, (_, i) => `- \`${name(i)}\``));
      });
    });
  }

  it("shows a long ON DELETE CASCADE chain with its ends and how many tables lie between", () => {
    const doc = firstDoc(chainedSchema(40, "CASCADE"), "en");
    // t0000 → t0001 → … → t0039: deleting a t0000 row reaches every later table.
    const first = doc.split("\n").find((l) => l.includes("ON DELETE CASCADE chain: `t0000`"))!;
    expect(first).toContain("`t0000` → `t0001` → `t0002` → `t0003` → 35 more → `t0039`");
    const last = doc.split("\n").find((l) => l.includes("ON DELETE CASCADE chain: `t0038`"))!;
    expect(last).toContain("`t0038` → `t0039`");
  });

  it("counts the columns a shared ENUM type's down converts, in the rollback and the risks, and lists each after them", () => {
    const add = everyKind().addEnumValue;
    const [column] = add.columns;
    const columns = Array.from({ length: 40 }, (_, i) => ({ tableName: name(i), column: column!.column }));
    const op = { ...add, columns };
    const doc = emitSchemaDoc(changeInput("tickets", [migration("tickets", "add-angry", "20261201000000", false, [op], { up: [], down: [] })], fixtureSchema(), fixtureSchema()), { language: "en" }).contents;
    const down = section(section(doc, "## Rollback Strategy"), "### What down does");
    expect(down).toContain("the 40 in list 1 below converted");
    expect(down.slice(down.indexOf("**List 1:**")).split("\n\n")[1]!.trimEnd().split("\n")).toEqual(columns.map((c) => `- \`${c.tableName}.mood\``));
    expect(section(doc, "## Risks & Mitigations")).toMatch(/rebuilds the type and converts the 40 in list \d below/);
    expect(longestLine(doc)).toBeLessThan(1000);
  });

  it("splits a large ER diagram into parts, each table shown in exactly one part with its columns", () => {
    const doc = firstDoc(chainedSchema(45, "SET NULL"), "pt");
    const er = doc.slice(doc.indexOf("## Diagrama ER"));
    const parts = [...er.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(er).toContain("### Parte 1 de 3: `t0000` a `t0019`");
    expect(er).toContain("### Parte 3 de 3: `t0040` a `t0044`");
    for (let i = 0; i < 45; i++) {
      // An entity with its columns appears once; elsewhere only with its key (when referenced).
      const withColumns = parts.filter((p) => p.includes(`  ${name(i)} {\n    integer id PK\n    integer company_id`));
      expect(withColumns, name(i)).toHaveLength(1);
    }
  });
});
