/**
 * The emit state against every way it is lost, edited or left half-done (issue 8): each case tampers
 * with a copy of one emitted project and states the exit code and message of `emit` or `--check` (or
 * of `state rebuild`), and that a refused run writes nothing. In-process runs: no process is spawned.
 */
import { rename } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit, type EmitMode, type EmitReport } from "../../src/cli/emit.js";
import { runStateRebuild } from "../../src/cli/state-command.js";
import { FIRST, leftovers, makeProject, MIGRATIONS, MODELS, SECOND, STATE, USERS_CHANGED, type Project } from "./project.js";

const LATER = "20261130000000";
const JOURNAL = `${STATE}/journal.json`;
const SNAPSHOT = `${STATE}/snapshot.json`;
const MANIFEST = `${STATE}/manifest.json`;
const CREATE_USERS = `${MIGRATIONS}/20261125100000-create-users.ts`;
const ALTER = `${MIGRATIONS}/20261127000000-alter-labels-users.ts`;
const INDEXES = `${MIGRATIONS}/20261127000001-alter-labels-users-indexes.ts`;
const USERS_DOC = "docs/db/schema-changes-users.md";
const ALTER_DOC = "docs/db/schema-changes-users-20261127000000.md";

let base: Project;
/** The snapshot as it was after the first of the two emits, for the "restored from an older commit" case. */
let firstSnapshot: string;

beforeAll(async () => {
  base = await makeProject();
  expect((await runEmit({ cwd: base.root, now: FIRST, mode: "write" })).exitCode).toBe(0);
  firstSnapshot = await base.read(SNAPSHOT);
  await base.write("schema/users.ts", USERS_CHANGED);
  expect((await runEmit({ cwd: base.root, now: SECOND, mode: "write" })).errors).toEqual([]);
}, 60_000);
afterAll(async () => {
  await base?.dispose();
});

/** What every run reports: emit's files, state rebuild's lines. */
type RunReport = { exitCode: number; errors: string[]; warnings: string[]; files?: EmitReport["files"]; lines?: string[] };
type Run = (project: Project) => Promise<RunReport>;
const emit =
  (mode: EmitMode, extra: { adopt?: string[] } = {}): Run =>
  (project) =>
    runEmit({ cwd: project.root, now: LATER, mode, ...extra });

interface TamperCase {
  name: string;
  tamper: (project: Project) => Promise<void>;
  run: Run;
  exitCode: number;
  errors?: RegExp[];
  warnings?: RegExp[];
  /** A refused run leaves every file as the tamper left it. */
  writesNothing?: boolean;
  /** Further checks after the run. */
  after?: (project: Project, report: RunReport) => Promise<void>;
}

const editJson = (project: Project, file: string, edit: (data: any) => void) => // eslint-disable-line @typescript-eslint/no-explicit-any
  project.read(file).then((text) => {
    const data = JSON.parse(text);
    edit(data);
    return project.write(file, `${JSON.stringify(data, null, 2)}\n`);
  });

const CASES: TamperCase[] = [
  {
    name: "journal deleted, snapshot kept: an error, not a fresh start",
    tamper: (p) => p.remove(JOURNAL),
    run: emit("write"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/journal\.json: is missing but snapshot\.json is there: the record of the emitted migrations is lost; restore it from version control \(git checkout -- <file>\), or rebuild it with `tenant-schema state rebuild`/],
    writesNothing: true,
  },
  {
    name: "journal and snapshot deleted, emitted migrations present: an error, no create-* migration",
    tamper: async (p) => {
      await p.remove(JOURNAL);
      await p.remove(SNAPSHOT);
    },
    run: emit("check"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/journal\.json: is missing but 4 migrations in backend\/src\/database\/migrations were emitted by tenant-schema \(20261125100000-create-users\.ts, \.\.\.\): this is not a fresh project/],
    writesNothing: true,
  },
  {
    name: "an entry removed from the journal: the journal no longer matches the snapshot, and the migration is unlisted",
    tamper: (p) => editJson(p, JOURNAL, (journal) => journal.entries.pop()),
    run: emit("check"),
    exitCode: 1,
    errors: [
      /^backend\/src\/database\/tenant-schema\/journal\.json: does not match snapshot\.json: the snapshot was written with a journal of 4 migrations up to 20261127000001, this one lists 3 migrations up to 20261127000000; the journal lost entries \(a removed entry is no longer watched\)/,
      new RegExp(`^${INDEXES}: was emitted by tenant-schema \\(it has its header\\) but is not in the journal`),
    ],
    writesNothing: true,
  },
  {
    name: "a journal entry edited",
    tamper: (p) => editJson(p, JOURNAL, (journal) => (journal.entries[0].tables = ["somethingElse"])),
    run: emit("write"),
    exitCode: 1,
    errors: [/journal\.json: does not match snapshot\.json: .*this one lists 4 migrations up to 20261127000001; the journal was edited \(an entry differs/],
    writesNothing: true,
  },
  {
    name: "snapshot deleted: an error, it never drives a migration",
    tamper: (p) => p.remove(SNAPSHOT),
    run: emit("write"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/snapshot\.json: is missing: the journal lists 4 emitted migrations, and without the schema they built the next emit would create every table again; .*`tenant-schema state rebuild --from-declarations`$/],
    writesNothing: true,
  },
  {
    name: "snapshot edited by hand (a table removed): an error, no create-labels again",
    tamper: (p) => editJson(p, SNAPSHOT, (snapshot) => (snapshot.tables = snapshot.tables.filter((table: { key: string }) => table.key !== "labels"))),
    run: emit("write"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/snapshot\.json: was edited by hand \(its contents no longer match its checksum\): .*restore it from version control/],
    writesNothing: true,
  },
  {
    name: "snapshot restored from an older commit: stale",
    tamper: (p) => p.write(SNAPSHOT, firstSnapshot),
    run: emit("check"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/snapshot\.json: is stale: it was written with a journal of 2 migrations up to 20261125100001, the journal lists 4 migrations up to 20261127000001/],
    writesNothing: true,
  },
  {
    name: "snapshot stamp removed",
    tamper: (p) => editJson(p, SNAPSHOT, (snapshot) => delete snapshot.stamp),
    run: emit("write"),
    exitCode: 1,
    errors: [/snapshot\.json: has no stamp, but the journal was written by this tenant-schema version: the snapshot was replaced or edited/],
    writesNothing: true,
  },
  {
    name: "a migration renamed: reported as renamed, with the way back",
    tamper: (p) => rename(path.join(p.root, CREATE_USERS), path.join(p.root, `${MIGRATIONS}/20261125100000-create-user-accounts.ts`)),
    run: emit("write"),
    exitCode: 1,
    errors: [new RegExp(`^${CREATE_USERS}: was renamed to ${MIGRATIONS}/20261125100000-create-user-accounts\\.ts: rename it back \\(git mv ${MIGRATIONS}/20261125100000-create-user-accounts\\.ts ${CREATE_USERS}\\)`)],
    writesNothing: true,
  },
  {
    name: "a migration deleted: an error for emit too",
    tamper: (p) => p.remove(CREATE_USERS),
    run: emit("write"),
    exitCode: 1,
    errors: [new RegExp(`^${CREATE_USERS}: migration listed in the journal is missing; restore the emitted file`)],
    writesNothing: true,
  },
  {
    name: "a migration edited: --check fails",
    tamper: async (p) => p.write(ALTER, `${await p.read(ALTER)}// tweak\n`),
    run: emit("check"),
    exitCode: 1,
    errors: [new RegExp(`^${ALTER}: migration was edited after it was emitted`)],
    writesNothing: true,
  },
  {
    name: "a doc edited: --check fails",
    tamper: async (p) => p.write(ALTER_DOC, `${await p.read(ALTER_DOC)}\nA note.\n`),
    run: emit("check"),
    exitCode: 1,
    errors: [/^docs\/db\/schema-changes-users-20261127000000\.md: schema-change doc was edited after it was emitted \(checksum differs from the journal\)/],
    writesNothing: true,
  },
  {
    name: "a doc edited: emit warns and leaves it alone",
    tamper: async (p) => p.write(ALTER_DOC, `${await p.read(ALTER_DOC)}\nA note.\n`),
    run: emit("write"),
    exitCode: 0,
    warnings: [/^docs\/db\/schema-changes-users-20261127000000\.md: schema-change doc was edited after it was emitted/],
    writesNothing: true,
  },
  {
    name: "a doc deleted",
    tamper: (p) => p.remove(USERS_DOC),
    run: emit("write"),
    exitCode: 1,
    errors: [/^docs\/db\/schema-changes-users\.md: schema-change doc listed in the journal is missing/],
    writesNothing: true,
  },
  {
    name: "an emitted migration the journal does not list (a racing emit's duplicate)",
    tamper: async (p) => p.write(`${MIGRATIONS}/20261127000005-alter-labels-users.ts`, await p.read(ALTER)),
    run: emit("write"),
    exitCode: 1,
    errors: [new RegExp(`^${MIGRATIONS}/20261127000005-alter-labels-users\\.ts: was emitted by tenant-schema .* It repeats ${ALTER}: delete it\\.`)],
    writesNothing: true,
  },
  {
    name: "an emitted doc the journal does not list",
    tamper: async (p) => p.write("docs/db/schema-changes-users-20261128000000.md", await p.read(ALTER_DOC)),
    run: emit("check"),
    exitCode: 1,
    errors: [/^docs\/db\/schema-changes-users-20261128000000\.md: was emitted by tenant-schema \(it has its header\) but is not in the journal/],
    writesNothing: true,
  },
  {
    name: "a CRLF checkout of every file: --check passes",
    tamper: async (p) => {
      for (const [file, text] of Object.entries(await p.outputs())) await p.write(file, text.replace(/\n/g, "\r\n"));
    },
    run: emit("check"),
    exitCode: 0,
    writesNothing: true,
  },
  {
    name: "a CRLF checkout of every file: emit rewrites nothing",
    tamper: async (p) => {
      for (const [file, text] of Object.entries(await p.outputs())) await p.write(file, text.replace(/\n/g, "\r\n"));
    },
    run: emit("write"),
    exitCode: 0,
    writesNothing: true,
    after: async (_p, report) => expect(report.files).toEqual([]),
  },
  {
    name: "temp files of killed runs (this version's and earlier versions'): --check names them",
    tamper: async (p) => {
      await p.write(`${MODELS}/.User.ts.0123456789abcdef.tenant-schema.tmp`, "half");
      await p.write(`${MIGRATIONS}/.20261127000002-x.ts.4242.deadbeef.tmp`, "half");
    },
    run: emit("check"),
    exitCode: 0,
    warnings: [/^backend\/src\/database\/migrations\/\.20261127000002-x\.ts\.4242\.deadbeef\.tmp: temp file an interrupted run left; `tenant-schema emit` removes it$/, /^backend\/src\/models\/\.User\.ts\.0123456789abcdef\.tenant-schema\.tmp: temp file/],
    writesNothing: true,
  },
  {
    name: "temp files of killed runs: emit removes them",
    tamper: async (p) => {
      await p.write(`${MODELS}/.User.ts.0123456789abcdef.tenant-schema.tmp`, "half");
      await p.write(`${MIGRATIONS}/.20261127000002-x.ts.4242.deadbeef.tmp`, "half");
    },
    run: emit("write"),
    exitCode: 0,
    warnings: [/\.20261127000002-x\.ts\.4242\.deadbeef\.tmp: removed a temp file an interrupted run left$/, /\.User\.ts\.0123456789abcdef\.tenant-schema\.tmp: removed a temp file an interrupted run left$/],
    after: async (p) => expect(leftovers(await p.outputs())).toEqual([]),
  },
  {
    name: "an emit killed while staging: --check refuses",
    tamper: (p) => interrupted(p, "staging"),
    run: emit("check"),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/\.emit-intent\.json: an emit was interrupted before it wrote anything \(pid 4242 on host elsewhere, started 2026-11-27T00:00:00\.000Z\): run `tenant-schema emit` to roll it back before anything else$/],
    writesNothing: true,
  },
  {
    name: "an emit killed while staging: the next emit rolls it back",
    tamper: (p) => interrupted(p, "staging"),
    run: emit("write"),
    exitCode: 0,
    warnings: [/^rolled back an emit that was interrupted before it wrote anything \(pid 4242 on host elsewhere, started 2026-11-27T00:00:00\.000Z\): the project is as before it$/],
    after: async (p) => expect(Object.keys(await p.outputs()).sort()).toEqual(Object.keys(await base.outputs()).sort()),
  },
  {
    name: "an emit killed while committing: the next emit completes it",
    tamper: (p) => interrupted(p, "committing"),
    run: emit("write"),
    exitCode: 0,
    warnings: [/^completed an emit that was interrupted while it was writing \(pid 4242 on host elsewhere, started 2026-11-27T00:00:00\.000Z\): 1 of its 1 files moved into place now$/],
    after: async (p) => expect(await p.read("docs/db/interrupted.txt")).toBe("staged\n"),
  },
  {
    name: "a hand-written model where a model goes: refused, naming the way out",
    tamper: (p) => withContacts(p),
    run: emit("write"),
    exitCode: 1,
    errors: [/^backend\/src\/models\/Contact\.ts: was not generated by tenant-schema \(no tenant-schema header, not in the manifest\) and emit never overwrites a file it did not write: move it away, set output\.models to another folder, or pass --adopt backend\/src\/models\/Contact\.ts to let tenant-schema replace it with the generated model$/],
    writesNothing: true,
  },
  {
    name: "a hand-written model where a model goes, adopted explicitly",
    tamper: (p) => withContacts(p),
    run: emit("write", { adopt: [`${MODELS}/Contact.ts`] }),
    exitCode: 0,
    after: async (p) => expect(await p.read(`${MODELS}/Contact.ts`)).toMatch(/^\/\/ Generated by tenant-schema/),
  },
  {
    name: "--adopt of a path where no model goes: a warning, nothing adopted",
    tamper: async () => {},
    run: emit("write", { adopt: [`${MODELS}/Nope.ts`] }),
    exitCode: 0,
    warnings: [/^backend\/src\/models\/Nope\.ts: --adopt names no model tenant-schema emits; nothing adopted$/],
    writesNothing: true,
  },
  {
    name: "a generated model edited by hand: --check refuses it too",
    tamper: async (p) => p.write(`${MODELS}/User.ts`, `${await p.read(`${MODELS}/User.ts`)}export const hook = 1;\n`),
    run: emit("check"),
    exitCode: 1,
    errors: [/^backend\/src\/models\/User\.ts: was edited by hand since tenant-schema generated it \(its checksum differs from the manifest\)/],
    writesNothing: true,
  },
  {
    name: "the manifest lost: models with the header are still ours; emit writes the manifest again",
    tamper: (p) => p.remove(MANIFEST),
    run: emit("write"),
    exitCode: 0,
    after: async (p, report) => {
      expect(report.files).toEqual([{ path: MANIFEST, kind: "manifest", status: "new" }]);
      expect(await p.read(MANIFEST)).toBe(await base.read(MANIFEST));
    },
  },
  {
    name: "an unreadable journal: exit 2",
    tamper: (p) => p.write(JOURNAL, "{ not json"),
    run: emit("write"),
    exitCode: 2,
    errors: [/^backend\/src\/database\/tenant-schema\/journal\.json: invalid JSON/],
    writesNothing: true,
  },
  {
    name: "the state of an earlier tenant-schema version (no doc checksums, stamp or manifest): upgraded by one emit",
    tamper: async (p) => {
      await editJson(p, JOURNAL, (journal) => journal.entries.forEach((entry: Record<string, unknown>) => delete entry.docChecksum));
      await editJson(p, SNAPSHOT, (snapshot) => delete snapshot.stamp);
      await p.remove(MANIFEST);
    },
    run: emit("write"),
    exitCode: 0,
    after: async (p, report) => {
      expect((report.files ?? []).map((file) => file.path).sort()).toEqual([JOURNAL, MANIFEST, SNAPSHOT]);
      expect(await p.outputs()).toEqual(await base.outputs());
    },
  },
  {
    name: "`state rebuild` after the journal was deleted: says what it trusts, rebuilds the same journal",
    tamper: (p) => p.remove(JOURNAL),
    run: (p) => runStateRebuild({ cwd: p.root }),
    exitCode: 0,
    after: async (p, report) => {
      expect(report.lines).toEqual([
        `rebuilt ${JOURNAL}: 4 migrations and 3 docs, trusted as they are on disk (the files with the tenant-schema header in ${MIGRATIONS} and the docs in docs/db that list them): their checksums are recorded anew, so edits made before now are no longer detected`,
        `kept ${SNAPSHOT}, trusted as the schema the last migration built, and stamped it for the rebuilt journal`,
      ]);
      expect(await p.outputs()).toEqual(await base.outputs());
    },
  },
  {
    name: "`state rebuild` without a snapshot: refused unless --from-declarations",
    tamper: (p) => p.remove(SNAPSHOT),
    run: (p) => runStateRebuild({ cwd: p.root }),
    exitCode: 1,
    errors: [/^backend\/src\/database\/tenant-schema\/snapshot\.json: is missing: pass --from-declarations to rebuild it from the declarations, if they have not changed since the last emit \(or restore it from version control\)$/],
    writesNothing: true,
  },
  {
    name: "`state rebuild --from-declarations` without a snapshot",
    tamper: (p) => p.remove(SNAPSHOT),
    run: (p) => runStateRebuild({ cwd: p.root, fromDeclarations: true }),
    exitCode: 0,
    after: async (p) => expect((await runEmit({ cwd: p.root, now: LATER, mode: "check" })).exitCode).toBe(0),
  },
];

/** A write intent as a run killed in `status` leaves it (hand-made: the crash test makes real ones). */
async function interrupted(project: Project, status: "staging" | "committing"): Promise<void> {
  const temp = "docs/db/.interrupted.txt.00000000000000aa.tenant-schema.tmp";
  await project.write(temp, "staged\n");
  const intent = { version: 1, status, pid: 4242, host: "elsewhere", startedAt: "2026-11-27T00:00:00.000Z", files: [{ target: "docs/db/interrupted.txt", temp, mode: "create", checksum: "sha256:unused" }] };
  await project.write(`${STATE}/.emit-intent.json`, `${JSON.stringify(intent, null, 2)}\n`);
}

/** A `contacts` table whose model path holds the team's own Contact.ts. */
async function withContacts(project: Project): Promise<void> {
  await project.write("schema/contacts.ts", `import { defineTenantTable, t } from "tenant-schema";\n\nexport const contacts = defineTenantTable("contacts", { phone: t.string(30) });\n`);
  await project.write(`${MODELS}/Contact.ts`, `import { Model, Table } from "sequelize-typescript";\n\n@Table\nexport class Contact extends Model {}\n`);
}

describe("tampered emit state", () => {
  it(`covers ${CASES.length} cases`, () => {
    console.log(`tamper table: ${CASES.length} cases`);
    expect(CASES.length).toBeGreaterThan(25);
  });
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const project = await base.copy();
      try {
        await testCase.tamper(project);
        const before = await project.outputs();
        const report = await testCase.run(project);
        expect(report.errors).toEqual((testCase.errors ?? []).map((pattern) => expect.stringMatching(pattern)));
        if (testCase.warnings !== undefined) expect(report.warnings).toEqual(testCase.warnings.map((pattern) => expect.stringMatching(pattern)));
        else expect(report.warnings).toEqual([]);
        expect(report.exitCode).toBe(testCase.exitCode);
        if (testCase.writesNothing === true) expect(await project.outputs()).toEqual(before);
        await testCase.after?.(project, report);
      } finally {
        await project.dispose();
      }
    });
  }
});
