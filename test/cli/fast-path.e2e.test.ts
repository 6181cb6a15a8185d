/**
 * The no-change fast path of `emit --check` and `emit` (src/cli/up-to-date.ts) never answers where
 * the full path would answer otherwise: for every way an input, an output or the state can change
 * since the last emit, the fast path either declines (the CLI's run is then the full path's,
 * `runEmit`, by construction; the exit code of `--check` is stated for each change) or, where the
 * change cannot matter, answers exactly what the full path answers for `--check` and `emit`. On an
 * untouched project it answers "up to date". And emit reuses the formatted text of what did not
 * change (the fingerprint's record of each model), formatting only what did. In-process runs on
 * copies of one emitted project.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit, type EmitMode } from "../../src/cli/emit.js";
import { serializeFingerprint, type Fingerprint } from "../../src/cli/fingerprint.js";
import { fileChecksum } from "../../src/cli/state.js";
import { provenUpToDate, runEmitFast } from "../../src/cli/up-to-date.js";
import { FIRST, makeProject, MIGRATIONS, MODELS, STATE, TICKETS, type Project } from "./project.js";

const LATER = "20261130000000";
const FINGERPRINT = `${STATE}/fingerprint.json`;
const JOURNAL = `${STATE}/journal.json`;
const SNAPSHOT = `${STATE}/snapshot.json`;
const MANIFEST = `${STATE}/manifest.json`;
const CREATE_USERS = `${MIGRATIONS}/20261125100000-create-users.ts`;
const USERS_DOC = "docs/db/schema-changes-users.md";

/** users takes a column from a local module outside the schema folder. */
const COLUMNS = `import { t } from "tenant-schema";

export const nameColumn = () => t.string(120);
`;
const USERS = `import { defineTenantTable, t } from "tenant-schema";
import { nameColumn } from "../lib/columns.js";

export const users = defineTenantTable("users", {
  name: nameColumn(),
  email: t.string(255),
});
`;
const PRETTIER = `{ "printWidth": 100 }\n`;

let base: Project;
const config = (extra: string) => `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "en" }${extra} });
`;

beforeAll(async () => {
  base = await makeProject({ "schema/users.ts": USERS, "schema/tickets.ts": TICKETS, "lib/columns.ts": COLUMNS, ".prettierrc": PRETTIER });
  expect((await runEmit({ cwd: base.root, now: FIRST, mode: "write" })).errors).toEqual([]);
}, 60_000);
afterAll(async () => {
  await base?.dispose();
});

const run = (project: Project, mode: EmitMode) => ({ cwd: project.root, now: LATER, mode });

/** The fingerprint rewritten as an emit would have written it, after `edit` (a consistent one, checksum included). */
async function rewriteFingerprint(project: Project, edit: (fingerprint: Fingerprint) => void): Promise<void> {
  const { checksum, ...fingerprint } = JSON.parse(await project.read(FINGERPRINT)) as Fingerprint & { checksum: string };
  expect(checksum).toMatch(/^sha256:/);
  edit(fingerprint);
  await project.write(FINGERPRINT, serializeFingerprint(fingerprint));
}

const append = (file: string, text: string) => async (p: Project) => p.write(file, `${await p.read(file)}${text}`);

interface Case {
  name: string;
  change: (project: Project) => Promise<void>;
  /** The full path's exit code for `--check`, stated independently of either path. */
  check: number;
  /** The fast path answers (what changed cannot change the result, and the proof sees that): default false. */
  answers?: true;
}

const CASES: Case[] = [
  { name: "a schema file edited (a new column)", change: async (p) => p.write("schema/users.ts", USERS.replace("email: t.string(255),", "email: t.string(255),\n  phone: t.string(30).nullable(),")), check: 1 },
  { name: "a schema file edited without a schema change (a comment at its end)", change: append("schema/users.ts", "// reviewed\n"), check: 0 },
  { name: "a local module a schema file imports edited", change: async (p) => p.write("lib/columns.ts", COLUMNS.replace("120", "160")), check: 1 },
  { name: "a new schema file", change: async (p) => p.write("schema/labels.ts", `import { defineTenantTable, t } from "tenant-schema";\n\nexport const labels = defineTenantTable("labels", { name: t.string(40) });\n`), check: 1 },
  { name: "a schema file that exports nothing added", change: async (p) => p.write("schema/notes.ts", "export {};\n"), check: 0 },
  { name: "the config edited (models as ESM)", change: async (p) => p.write("tenant-schema.config.ts", config(', models: { module: "esm" }')), check: 1 },
  { name: "the config edited without an effect on the output (the same values written out)", change: async (p) => p.write("tenant-schema.config.ts", config(', naming: "snake_case"')), check: 0 },
  { name: "the project's prettier config changed", change: async (p) => p.write(".prettierrc", `{ "printWidth": 100, "singleQuote": true }\n`), check: 1 },
  { name: "a prettier config added closer to the models", change: async (p) => p.write(`${MODELS}/.prettierrc`, `{ "semi": false }\n`), check: 1 },
  { name: "a prettier config added closer to the models that formats the same way", change: async (p) => p.write(`${MODELS}/.prettierrc`, `{ "printWidth": 100, "semi": true }\n`), check: 0 },
  { name: "an .editorconfig added that changes the indentation", change: async (p) => p.write(".editorconfig", "root = true\n\n[*]\nindent_style = tab\n"), check: 1 },
  { name: "a model edited by hand", change: append(`${MODELS}/User.ts`, "export const hook = 1;\n"), check: 1 },
  { name: "a model deleted", change: async (p) => p.remove(`${MODELS}/Ticket.ts`), check: 1 },
  { name: "a model in a CRLF checkout", change: async (p) => p.write(`${MODELS}/User.ts`, (await p.read(`${MODELS}/User.ts`)).replace(/\n/g, "\r\n")), check: 0, answers: true },
  { name: "a migration deleted", change: async (p) => p.remove(CREATE_USERS), check: 1 },
  { name: "a migration edited", change: append(CREATE_USERS, "// tweak\n"), check: 1 },
  { name: "a doc edited", change: append(USERS_DOC, "\nA note.\n"), check: 1 },
  { name: "a hand-written migration added to the folder", change: async (p) => p.write(`${MIGRATIONS}/20261126000000-backfill.js`, "module.exports = {};\n"), check: 0 },
  { name: "an emitted migration the journal does not list", change: async (p) => p.write(`${MIGRATIONS}/20261126000000-create-users.ts`, await p.read(CREATE_USERS)), check: 1 },
  { name: "the journal deleted", change: async (p) => p.remove(JOURNAL), check: 1 },
  { name: "the whole state folder deleted", change: async (p) => p.remove(STATE), check: 1 },
  { name: "the snapshot edited", change: async (p) => p.write(SNAPSHOT, (await p.read(SNAPSHOT)).replace('"users"', '"members"')), check: 1 },
  { name: "the manifest deleted", change: async (p) => p.remove(MANIFEST), check: 1 },
  { name: "the fingerprint deleted", change: async (p) => p.remove(FINGERPRINT), check: 0 },
  { name: "another tenant-schema version (simulated: the fingerprint of another build)", change: (p) => rewriteFingerprint(p, (f) => (f.tool = fileChecksum("tenant-schema 0.0.1"))), check: 0 },
  {
    name: "the fingerprint tampered with (a recorded input made to match an edited schema file, its checksum not recomputed)",
    change: async (p) => {
      const edited = USERS.replace("email: t.string(255),", "email: t.string(255),\n  phone: t.string(30).nullable(),");
      await p.write("schema/users.ts", edited);
      const data = JSON.parse(await p.read(FINGERPRINT));
      data.inputs["schema/users.ts"] = fileChecksum(edited);
      await p.write(FINGERPRINT, `${JSON.stringify(data, null, 2)}\n`);
    },
    check: 1,
  },
  { name: "the fingerprint left with merge conflict markers", change: async (p) => p.write(FINGERPRINT, `<<<<<<< HEAD\n${await p.read(FINGERPRINT)}=======\n{}\n>>>>>>> other\n`), check: 0 },
  { name: "a temp file a killed run left", change: async (p) => p.write(`${MODELS}/.User.ts.0123456789abcdef.tenant-schema.tmp`, "half"), check: 0 },
  {
    name: "an emit interrupted while writing",
    change: async (p) => {
      await p.write("docs/db/.x.md.00000000000000aa.tenant-schema.tmp", "staged\n");
      const intent = { version: 1, status: "committing", pid: 4242, host: "elsewhere", startedAt: "2026-11-27T00:00:00.000Z", files: [{ target: "docs/db/x.md", temp: "docs/db/.x.md.00000000000000aa.tenant-schema.tmp", mode: "create", checksum: "sha256:unused" }] };
      await p.write(`${STATE}/.emit-intent.json`, `${JSON.stringify(intent)}\n`);
    },
    check: 1,
  },
  { name: "the lock of a run that is gone", change: async (p) => p.write(`${STATE}/.emit.lock`, `${JSON.stringify({ pid: 999_999_999, host: (await import("node:os")).hostname(), startedAt: "2026-11-25T09:30:00.000Z", command: "emit", token: "00000000000000ff" })}\n`), check: 0, answers: true },
];

describe("the fast path", () => {
  it("answers on an untouched project, as the full path does: up to date, for --check and emit", async () => {
    for (const mode of ["check", "write"] as const) {
      const project = await base.copy();
      try {
        const before = await project.outputs();
        const fast = await provenUpToDate(run(project, mode));
        expect(fast.report).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
        expect(await runEmit(run(project, mode))).toEqual(fast.report);
        expect(await project.outputs()).toEqual(before);
      } finally {
        await project.dispose();
      }
    }
  });

  it(`covers ${CASES.length} changes`, () => {
    console.log(`fast-path table: ${CASES.length} changes, each compared with the full path`);
    expect(CASES.length).toBeGreaterThan(25);
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: ${testCase.answers === true ? "answers as the full path does" : "declines, so --check is the full path's"}`, async () => {
      // Each run on its own copy: the fast path removes a stale lock as any run does, and emit writes.
      const copies = await Promise.all(Array.from({ length: testCase.answers === true ? 5 : 2 }, () => base.copy()));
      try {
        await Promise.all(copies.map((copy) => testCase.change(copy)));
        const [probe, checked, fullCheck, fastWrite, fullWrite] = copies as [Project, Project, Project?, Project?, Project?];
        const proven = (await provenUpToDate(run(probe, "check"))).report;
        const check = await runEmitFast(run(checked, "check"));
        expect(check.exitCode).toBe(testCase.check);
        if (testCase.answers !== true) {
          // Declined: `runEmitFast` is `runEmit` from here on, by construction.
          expect(proven).toBeNull();
          return;
        }
        expect(proven).toEqual(check);
        expect(check).toEqual(await runEmit(run(fullCheck!, "check")));
        expect(await runEmitFast(run(fastWrite!, "write"))).toEqual(await runEmit(run(fullWrite!, "write")));
        expect(await fastWrite!.outputs()).toEqual(await fullWrite!.outputs());
      } finally {
        await Promise.all(copies.map((copy) => copy.dispose()));
      }
    }, 60_000);
  }

  it("answers again once emit has brought the project up to date after a change", async () => {
    const project = await base.copy();
    try {
      await project.write("schema/users.ts", USERS.replace("email: t.string(255),", "email: t.string(255),\n  phone: t.string(30).nullable(),"));
      expect((await runEmitFast(run(project, "write"))).errors).toEqual([]);
      expect((await provenUpToDate(run(project, "check"))).report).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
      expect(await runEmit(run(project, "check"))).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    } finally {
      await project.dispose();
    }
  });
});

describe("formatting only what changed", () => {
  /** A model's text that prettier would never produce, with the manifest and the fingerprint vouching for it. */
  async function vouchedModel(project: Project, model: string): Promise<string> {
    const text = `${(await project.read(model)).replace(/\n/g, "\n\n")}`;
    await project.write(model, text);
    const manifest = JSON.parse(await project.read(MANIFEST));
    manifest.files.find((file: { path: string }) => file.path === model).checksum = fileChecksum(text);
    await project.write(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    await rewriteFingerprint(project, (f) => (f.outputs[model] = fileChecksum(text)));
    return text;
  }

  it("a model whose emitted text and formatting did not change is taken from disk, not formatted again", async () => {
    const project = await base.copy();
    try {
      const vouched = await vouchedModel(project, `${MODELS}/Ticket.ts`);
      await project.write("schema/users.ts", USERS.replace("email: t.string(255),", "email: t.string(255),\n  phone: t.string(30).nullable(),"));
      const report = await runEmit(run(project, "write"));
      expect(report.errors).toEqual([]);
      // Only what changed was formatted: Ticket.ts stays the text the fingerprint vouched for.
      expect(await project.read(`${MODELS}/Ticket.ts`)).toBe(vouched);
      expect(report.files.map((file) => file.path)).toContain(`${MODELS}/User.ts`);
      expect(report.files.map((file) => file.path)).not.toContain(`${MODELS}/Ticket.ts`);
    } finally {
      await project.dispose();
    }
  });

  it("the same model is formatted again when its table changes, when prettier's options change, or without the fingerprint", async () => {
    const changes: [string, (p: Project) => Promise<void>][] = [
      ["its table changed", async (p) => p.write("schema/tickets.ts", TICKETS.replace("t.string(200)", "t.string(250)"))],
      ["prettier's options changed", async (p) => p.write(".prettierrc", `{ "printWidth": 120 }\n`)],
      ["no fingerprint", async (p) => p.remove(FINGERPRINT)],
      ["a fingerprint edited by hand (its checksum not recomputed)", async (p) => p.write(FINGERPRINT, (await p.read(FINGERPRINT)).replace('"version": 1', '"version": 1, "note": "x"'))],
    ];
    for (const [name, change] of changes) {
      const project = await base.copy();
      const fresh = await base.copy();
      try {
        await vouchedModel(project, `${MODELS}/Ticket.ts`);
        await change(project);
        await change(fresh);
        expect((await runEmit(run(project, "write"))).errors, name).toEqual([]);
        // The oracle: the same project formatted from scratch (no fingerprint to reuse anything from).
        await fresh.remove(FINGERPRINT);
        expect((await runEmit(run(fresh, "write"))).errors, name).toEqual([]);
        expect(await project.read(`${MODELS}/Ticket.ts`), name).toBe(await fresh.read(`${MODELS}/Ticket.ts`));
      } finally {
        await Promise.all([project.dispose(), fresh.dispose()]);
      }
    }
  }, 120_000);

  it("a model edited by hand with the manifest's checksum updated to match is not taken as formatted: emit writes the model again", async () => {
    const project = await base.copy();
    try {
      const model = `${MODELS}/User.ts`;
      const generated = await project.read(model);
      const edited = `${generated}export const hook = 1;\n`;
      await project.write(model, edited);
      const manifest = JSON.parse(await project.read(MANIFEST));
      manifest.files.find((file: { path: string }) => file.path === model).checksum = fileChecksum(edited);
      await project.write(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
      expect(await runEmit(run(project, "check"))).toMatchObject({ exitCode: 1, files: [{ path: model, status: "changed" }, { path: MANIFEST, status: "changed" }] });
      expect((await runEmitFast(run(project, "write"))).errors).toEqual([]);
      expect(await project.read(model)).toBe(generated);
    } finally {
      await project.dispose();
    }
  });

  it("the fingerprint records every module the load evaluated, the schema files and every output", async () => {
    const fingerprint = JSON.parse(await base.read(FINGERPRINT));
    expect(Object.keys(fingerprint.inputs)).toEqual(expect.arrayContaining(["tenant-schema.config.ts", "schema/users.ts", "schema/tickets.ts", "lib/columns.ts"]));
    expect(fingerprint.schemaFiles).toEqual(["schema/tickets.ts", "schema/users.ts"]);
    const outputs = Object.keys(await base.outputs()).filter((file) => file !== FINGERPRINT && !file.startsWith("lib/") && file !== ".prettierrc");
    expect(Object.keys(fingerprint.outputs).sort()).toEqual(outputs.sort());
    expect(Object.keys(fingerprint.formatted).sort()).toEqual(outputs.filter((file) => file.startsWith(`${MODELS}/`)).sort());
  });
});
