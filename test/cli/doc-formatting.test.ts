/**
 * The schema-change doc is printed as prettier prints it for the project's options, or formatted by
 * prettier when the doc emitter does not cover them (src/cli/format.ts): either way the doc on disk
 * is prettier's output for the project's config, checked here against prettier itself.
 */
import prettier from "prettier";
import { afterEach, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { makeProject, type Project } from "./project.js";

const projects: Project[] = [];
afterEach(async () => {
  await Promise.all(projects.splice(0).map((p) => p.dispose()));
});

/** The docs a first emit writes (users, tickets) with these extra project files (a prettier config, an .editorconfig). */
async function emittedDocs(extra: Record<string, string>): Promise<string[]> {
  const project = await makeProject();
  projects.push(project);
  for (const [file, contents] of Object.entries(extra)) await project.write(file, contents);
  const report = await runEmit({ cwd: project.root, now: "20261125100000", mode: "write" });
  expect(report.errors).toEqual([]);
  const docs = report.files.filter((f) => f.kind === "doc").map((f) => f.path);
  expect(docs).toHaveLength(2);
  return Promise.all(docs.map((doc) => project.read(doc)));
}

const asPrettier = (text: string, options: prettier.Options) => prettier.format(text, { parser: "markdown", ...options });

describe("the doc on disk is prettier's output for the project's options", () => {
  it("options the emitter covers (printWidth 40, tabWidth 4): printed for them", async () => {
    for (const doc of await emittedDocs({ ".prettierrc": `{ "printWidth": 40, "tabWidth": 4 }\n` })) {
      expect(await asPrettier(doc, { printWidth: 40, tabWidth: 4 })).toBe(doc);
      expect(doc).toMatch(/^ {4}- \[/m); // the contents' nested list, indented as prettier does with tabWidth 4
      expect(doc).toContain('await umzug.down({\n    migrations: [\n        "'); // the array broken at 40 columns
    }
  });

  it("an .editorconfig with tabs: printed for useTabs", async () => {
    for (const doc of await emittedDocs({ ".editorconfig": "root = true\n\n[*]\nindent_style = tab\n" })) {
      expect(await asPrettier(doc, { useTabs: true })).toBe(doc);
      expect(doc).toContain("await umzug.down({\n\tmigrations: [");
    }
  });

  for (const [name, options] of [
    ["proseWrap always", { proseWrap: "always", printWidth: 60 }],
    ["proseWrap never", { proseWrap: "never", printWidth: 60 }],
    ["singleQuote (the embedded TypeScript)", { singleQuote: true }],
  ] as const) {
    it(`options the emitter does not cover (${name}): formatted by prettier`, async () => {
      const plain = await emittedDocs({});
      const docs = await emittedDocs({ ".prettierrc": `${JSON.stringify(options)}\n` });
      for (const [i, doc] of docs.entries()) {
        expect(doc).not.toBe(plain[i]);
        expect(doc).toBe(await asPrettier(plain[i]!, options));
        expect(await asPrettier(doc, options)).toBe(doc);
      }
    });
  }

  it("with no config: prettier's defaults, as the examples", async () => {
    for (const doc of await emittedDocs({})) expect(await asPrettier(doc, {})).toBe(doc);
  });
});
