import { readFile } from "node:fs/promises";
import { fromProjectPath, readIfExists } from "./paths.js";
import type { Problem } from "./problem.js";
import { fileChecksum, type Journal } from "./state.js";

/** What fixes a journal problem: emit never rewrites what it emitted once, so only the committed copy can. */
const RESTORE = "restore the emitted file from version control (git checkout -- <file>)";

/**
 * Checks that every emitted migration is still on disk exactly as emitted, and every doc exists:
 * a hand-edited migration means the snapshot no longer describes the database.
 *
 * @example
 * await verifyJournal(journal, "/repo") // [{ file: "backend/.../2026...-create-users.ts", line: null, message: "..." }]
 */
export async function verifyJournal(journal: Journal, rootDir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const entry of journal.entries) {
    const migration = await readIfExists(fromProjectPath(rootDir, entry.migration));
    if (migration === null) {
      problems.push({ file: entry.migration, line: null, message: `migration listed in the journal is missing; ${RESTORE}` });
    } else if (fileChecksum(migration) !== entry.checksum) {
      problems.push({
        file: entry.migration,
        line: null,
        message: `migration was edited after it was emitted (checksum differs from the journal); ${RESTORE} and put further changes in the schema instead`,
      });
    }
    if ((await readIfExists(fromProjectPath(rootDir, entry.doc))) === null) {
      problems.push({ file: entry.doc, line: null, message: `schema-change doc listed in the journal is missing; ${RESTORE}` });
    }
  }
  return problems;
}
