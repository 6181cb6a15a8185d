/**
 * The schema-change doc is printed as prettier prints it (issue 11): for every option set the doc
 * emitter covers, `prettier.format(doc, options)` leaves the emitted doc exactly as it is, so the CLI
 * skips prettier for it (src/cli/format.ts); every other option set is left to prettier. Checked on
 * the evolution docs (renames, enum changes, drops, long lists), a first emit of the fixture, a
 * change set of many migrations, in both languages, and on the committed example docs.
 */
import { readdirSync, readFileSync } from "node:fs";
import prettier from "prettier";
import { beforeAll, describe, expect, it } from "vitest";
import { markdownLayout, printedAsIs } from "../../src/cli/format.js";
import { withDocHeader } from "../../src/cli/ownership.js";
import { emitSchemaDoc, type SchemaDocInput } from "../../src/emitters/markdown/index.js";
import type { MarkdownLayout } from "../../src/emitters/markdown/markdown.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { addPriorityInput, changeInput, docInput, dropAssigneeInput, migration, renameSubjectInput, rewriteAndEnumInput, ticketsSql } from "./markdown/doc-input.js";

/** A change set of 9 migrations: the umzug rollback lists them all, broken over lines at narrow widths. */
function manyMigrationsInput(): SchemaDocInput {
  const base = docInput("tickets");
  const ops = base.migrations[0]!.plan.operations;
  const migrations = Array.from({ length: 9 }, (_, i) => migration("tickets", `create-tickets-part-${i}`, `2026112510300${i}`, true, i === 0 ? ops : [], structuredClone(ticketsSql)));
  return changeInput("tickets", migrations, base.schema, base.previous);
}

const inputs: Record<string, () => SchemaDocInput> = {
  "tickets created": () => docInput("tickets"),
  "the whole fixture created": () => {
    const schema = fixtureSchema();
    const all = docInput("tickets", schema);
    const create = migration("all", "create-all", "20261125103000", true, schema.tables.map((table) => ({ kind: "createTable", table })), structuredClone(ticketsSql));
    return changeInput("all", [create], all.schema, null);
  },
  "a column added with an index": addPriorityInput,
  "a column dropped": dropAssigneeInput,
  "a column renamed": renameSubjectInput,
  "a type rewrite and removed enum values": rewriteAndEnumInput,
  "many migrations": manyMigrationsInput,
};

const covered: prettier.Options[] = [
  {},
  { printWidth: 40 },
  { printWidth: 120 },
  { proseWrap: "preserve", printWidth: 100 },
  { useTabs: true },
  { tabWidth: 4 },
  { tabWidth: 8, printWidth: 60 },
  { useTabs: true, tabWidth: 4, printWidth: 40 },
  { endOfLine: "lf", semi: true, trailingComma: "all" },
];
const notCovered: prettier.Options[] = [{ proseWrap: "always" }, { proseWrap: "never" }, { proseWrap: "never", printWidth: 120 }, { singleQuote: true }, { semi: false }, { trailingComma: "none" }, { endOfLine: "crlf" }, { embeddedLanguageFormatting: "off" }, { plugins: ["x"] }];

let defaults: Map<string, unknown>;
beforeAll(async () => {
  const info = await prettier.getSupportInfo();
  defaults = new Map(info.options.flatMap((o): [string, unknown][] => (o.name === undefined || o.default === undefined ? [] : [[o.name, o.default]])));
});

describe("the doc emitter's output is a fixed point of prettier", () => {
  for (const options of covered) {
    describe(`options ${JSON.stringify(options)}`, () => {
      let layout: MarkdownLayout;
      beforeAll(() => {
        const found = markdownLayout(options as Record<string, unknown>, defaults);
        expect(found).not.toBeNull();
        layout = found!;
      });
      for (const [name, build] of Object.entries(inputs)) {
        for (const language of ["en", "pt"] as const) {
          it(`${name} (${language})`, async () => {
            const doc = withDocHeader(emitSchemaDoc(build(), { language, layout }).contents);
            expect(printedAsIs(doc)).toBe(true);
            expect(await prettier.format(doc, { parser: "markdown", ...options })).toBe(doc);
          });
        }
      }
    });
  }

  it("the layout carries the options it is printed for", () => {
    expect(markdownLayout({}, defaults)).toEqual({ printWidth: 80, tabWidth: 2, useTabs: false });
    expect(markdownLayout({ printWidth: 40, tabWidth: 4, useTabs: true }, defaults)).toEqual({ printWidth: 40, tabWidth: 4, useTabs: true });
  });

  for (const options of notCovered) {
    it(`options ${JSON.stringify(options)} are left to prettier`, () => {
      expect(markdownLayout(options as Record<string, unknown>, defaults)).toBeNull();
    });
  }
});

describe("printedAsIs: text prettier would rewrite is left to prettier", () => {
  const doc = (line: string) => `# T\n\n${line}\n`;
  it("accepts the emitter's kind of prose", () => {
    expect(printedAsIs(doc("**List 1:** `a_b` and `*` → `x` ; Risks & Mitigations | ok"))).toBe(true);
  });
  for (const line of ["2 * 3", "_lead", "trail_", "a\\b", "&amp;", "<b>x</b>", "a  b", "tab\there", "trailing ", "中文", "emoji ✅", "© 2026"]) {
    it(JSON.stringify(line), () => expect(printedAsIs(doc(line))).toBe(false));
  }
  it("a cell with a run of spaces inside it", () => {
    expect(printedAsIs(doc("| A   | B   |\n| --- | --- |\n| a b | c   |"))).toBe(true);
    expect(printedAsIs(doc("| A    | B   |\n| ---- | --- |\n| a  b | c   |"))).toBe(false);
  });
});

describe("the committed example docs (formatted by prettier with the repo's config)", () => {
  const folder = new URL("../../examples/docs/db/", import.meta.url);
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".md"))) {
    it(`${file}: prettier leaves it as it is and printedAsIs accepts it`, async () => {
      const text = readFileSync(new URL(file, folder), "utf8");
      expect(await prettier.format(text, { parser: "markdown" })).toBe(text);
      expect(printedAsIs(text)).toBe(true);
    });
  }
});
