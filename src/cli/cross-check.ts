/**
 * The emit state checked against itself and the folders, before every emit and `--check`: the journal
 * against the migration and doc folders, the snapshot against the journal it was written with. A
 * lost, stale or edited state file is an error, never a fresh start, so it can never drive a
 * migration. Each problem names the way out.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { DOC_NAME, folderFiles, MIGRATION_NAME, type FolderFile } from "./migration-folder.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import type { Problem } from "./problem.js";
import { fileChecksum, journalHash, JOURNAL_FILE, SNAPSHOT_FILE, type EmitState, type JournalEntry } from "./state.js";

export interface CrossCheck {
  /** The state cannot be trusted: nothing may be emitted. */
  errors: Problem[];
  /** Emitted migrations and docs edited by hand: `emit` warns, `--check` fails. */
  edits: Problem[];
}

/** What fixes a journal problem: emit never rewrites what it emitted once, so only the committed copy can. */
const RESTORE = "restore the emitted file from version control (git checkout -- <file>)";
const REBUILD = "`tenant-schema state rebuild` (it trusts the migration files and docs on disk)";

/**
 * @example
 * await crossCheck(state, config) // { errors: [], edits: [] } for a consistent project
 */
export async function crossCheck(state: EmitState, config: ResolvedConfig): Promise<CrossCheck> {
  const root = config.rootDir;
  const stateFile = (name: string) => toProjectPath(root, path.join(fromProjectPath(root, config.output.state), name));
  const migrations = await folderFiles(fromProjectPath(root, config.output.migrations), MIGRATION_NAME);
  const docs = await folderFiles(fromProjectPath(root, config.output.docs), DOC_NAME);
  const project = (file: FolderFile) => toProjectPath(root, file.path);

  if (!state.present.journal) {
    const emitted = migrations.filter((file) => file.generated);
    if (state.present.snapshot) {
      return only({ file: stateFile(JOURNAL_FILE), line: null, message: `is missing but ${SNAPSHOT_FILE} is there: the record of the emitted migrations is lost; restore it from version control (git checkout -- <file>), or rebuild it with ${REBUILD}` });
    }
    if (emitted.length > 0) {
      return only({
        file: stateFile(JOURNAL_FILE),
        line: null,
        message: `is missing but ${emitted.length} migration${emitted.length === 1 ? "" : "s"} in ${config.output.migrations} ${emitted.length === 1 ? "was" : "were"} emitted by tenant-schema (${emitted[0]!.name}${emitted.length > 1 ? ", ..." : ""}): this is not a fresh project; restore the state folder from version control, or rebuild it with ${REBUILD}`,
      });
    }
    return { errors: [], edits: [] };
  }

  const errors: Problem[] = [...snapshotProblems(state, stateFile)];
  const edits: Problem[] = [];
  const listed = new Set(state.journal.entries.map((entry) => entry.migration));
  const unlisted = migrations.filter((file) => file.generated && !listed.has(project(file)));
  for (const entry of state.journal.entries) {
    const text = await readIfExists(fromProjectPath(root, entry.migration));
    if (text === null) {
      const renamed = renamedTo(entry, unlisted);
      if (renamed !== null) {
        unlisted.splice(unlisted.indexOf(renamed), 1);
        errors.push({ file: entry.migration, line: null, message: `was renamed to ${project(renamed)}: rename it back (git mv ${project(renamed)} ${entry.migration}); migrations are known by their file name (the journal, sequelize-cli's SequelizeMeta)` });
      } else {
        errors.push({ file: entry.migration, line: null, message: `migration listed in the journal is missing; ${RESTORE}` });
      }
    } else if (fileChecksum(text) !== entry.checksum) {
      edits.push({ file: entry.migration, line: null, message: `migration was edited after it was emitted (checksum differs from the journal); ${RESTORE} and put further changes in the schema instead` });
    }
  }
  for (const file of unlisted) {
    const repeats = state.journal.entries.find((entry) => suffix(path.posix.basename(entry.migration)) === suffix(file.name));
    const hint = repeats === undefined ? "" : ` It repeats ${repeats.migration}: delete it.`;
    errors.push({
      file: project(file),
      line: null,
      message: `was emitted by tenant-schema (it has its header) but is not in the journal: an interrupted or concurrent emit, or a merge, left it.${hint} If its change is already in the journal, delete the file; if the journal lost its entry, restore ${JOURNAL_FILE} from version control or run ${REBUILD}`,
    });
  }
  errors.push(...(await docProblems(state.journal.entries, docs, config, edits)));
  return { errors, edits };
}

function only(problem: Problem): CrossCheck {
  return { errors: [problem], edits: [] };
}

/** The name after the timestamp: `20261125093000-create-users.ts` → `create-users.ts`. */
const suffix = (name: string): string => name.replace(/^\d{14}-/, "");

/** An unlisted emitted file with the entry's exact contents, else one with its name after the timestamp. */
function renamedTo(entry: JournalEntry, unlisted: readonly FolderFile[]): FolderFile | null {
  const name = path.posix.basename(entry.migration);
  return unlisted.find((file) => fileChecksum(file.text) === entry.checksum) ?? unlisted.find((file) => suffix(file.name) === suffix(name) && file.name !== name) ?? null;
}

function snapshotProblems(state: EmitState, stateFile: (name: string) => string): Problem[] {
  const { journal, stamp } = state;
  const snapshot = stateFile(SNAPSHOT_FILE);
  if (!state.present.snapshot) {
    if (journal.entries.length === 0) return [];
    return [
      {
        file: snapshot,
        line: null,
        message: `is missing: the journal lists ${journal.entries.length} emitted migrations, and without the schema they built the next emit would create every table again; restore it from version control (git checkout -- <file>), or, if the declarations have not changed since the last emit, rebuild it with \`tenant-schema state rebuild --from-declarations\``,
      },
    ];
  }
  if (stamp === null) {
    // Snapshots of earlier tenant-schema versions carry no stamp; journals they wrote have no doc checksums.
    const written = journal.entries.some((entry) => entry.docChecksum !== undefined);
    return written
      ? [{ file: snapshot, line: null, message: `has no stamp, but the journal was written by this tenant-schema version: the snapshot was replaced or edited; restore it from version control (git checkout -- <file>) or run ${REBUILD}` }]
      : [];
  }
  const edited = stamp.checksum !== state.snapshotChecksum;
  const sameJournal = stamp.journal.hash === journalHash(journal);
  if (edited && sameJournal) {
    return [{ file: snapshot, line: null, message: `was edited by hand (its contents no longer match its checksum): the snapshot is the record of what the emitted migrations built, so it is not used; restore it from version control (git checkout -- <file>)` }];
  }
  if (sameJournal) return [];
  const at = (entries: number, last: string | null) => (entries === 0 ? "no migrations" : `${entries} migration${entries === 1 ? "" : "s"} up to ${last}`);
  const journalSays = at(journal.entries.length, journal.entries.reduce<string | null>((max, entry) => (max === null || entry.timestamp > max ? entry.timestamp : max), null));
  const snapshotSays = at(stamp.journal.entries, stamp.journal.last);
  const both = `restore both state files from one commit, or run ${REBUILD}`;
  if (!edited && stamp.journal.entries < journal.entries.length) {
    return [{ file: snapshot, line: null, message: `is stale: it was written with a journal of ${snapshotSays}, the journal lists ${journalSays} (the snapshot was restored from an older commit, or the newer one was lost), so it is not used; ${both}` }];
  }
  if (!edited) {
    const what = stamp.journal.entries > journal.entries.length ? "lost entries (a removed entry is no longer watched), or was restored from an older commit" : "was edited (an entry differs from the ones the snapshot was written with)";
    return [{ file: stateFile(JOURNAL_FILE), line: null, message: `does not match ${SNAPSHOT_FILE}: the snapshot was written with a journal of ${snapshotSays}, this one lists ${journalSays}; the journal ${what}; ${both}` }];
  }
  return [
    {
      file: snapshot,
      line: null,
      message: `does not belong to ${JOURNAL_FILE}: it was written with a journal of ${snapshotSays}, the journal lists ${journalSays}, and it was changed since (a merge of two branches that both emitted, or a hand edit); ${both}`,
    },
  ];
}

async function docProblems(entries: readonly JournalEntry[], docs: readonly FolderFile[], config: ResolvedConfig, edits: Problem[]): Promise<Problem[]> {
  const errors: Problem[] = [];
  const byDoc = new Map<string, JournalEntry>();
  for (const entry of entries) if (!byDoc.has(entry.doc)) byDoc.set(entry.doc, entry);
  for (const [doc, entry] of byDoc) {
    const text = await readIfExists(fromProjectPath(config.rootDir, doc));
    if (text === null) errors.push({ file: doc, line: null, message: `schema-change doc listed in the journal is missing; ${RESTORE}` });
    else if (entry.docChecksum !== undefined && fileChecksum(text) !== entry.docChecksum) {
      edits.push({ file: doc, line: null, message: `schema-change doc was edited after it was emitted (checksum differs from the journal); ${RESTORE}: it documents what the migrations do, so notes belong elsewhere` });
    }
  }
  for (const file of docs.filter((d) => d.generated && !byDoc.has(toProjectPath(config.rootDir, d.path)))) {
    errors.push({
      file: toProjectPath(config.rootDir, file.path),
      line: null,
      message: `was emitted by tenant-schema (it has its header) but is not in the journal: an interrupted or concurrent emit, or a merge, left it. Delete it if its migrations are not in the journal either; if the journal lost its entries, restore ${JOURNAL_FILE} from version control or run ${REBUILD}`,
    });
  }
  return errors;
}
