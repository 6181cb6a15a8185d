/**
 * The only code that writes project files, in a protocol that a kill -9 at any instant cannot leave
 * half done. Holding the emit lock, a write:
 *   1. records its intent (`.emit-intent.json` in the state folder, status "staging": the files it
 *      is about to stage);
 *   2. stages every file under a temporary name next to its target, flushed to disk;
 *   3. records the intent again with status "committing": from here on the write is decided;
 *   4. moves each file into place in the given order (the journal last): a file that was missing is
 *      linked (which fails if a file appeared there), others are renamed over the old one;
 *   5. removes the intent.
 * Each of these writes is atomic itself (temp file + rename). The next run finds any intent left by a
 * killed one: "staging" is rolled back (its temp files removed: the project is as before), "committing"
 * is completed (the remaining moves are made: the project is as after). Migrations and docs are
 * written once: an existing file is never replaced.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { FileSteps } from "./fs-steps.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { CliError, type Problem } from "./problem.js";
import { fileChecksum } from "./state.js";
import { tempPath } from "./temp-files.js";

export const INTENT_FILE = ".emit-intent.json";

export interface FileWrite {
  /** Absolute target path. */
  path: string;
  contents: string;
  /** "create": the file must not exist (migrations, docs, any file that was missing); "replace": it may. */
  mode: "create" | "replace";
}

interface IntentFile {
  /** Project paths, so an intent read on another checkout still points at the right files. */
  target: string;
  temp: string;
  mode: FileWrite["mode"];
  checksum: string;
}

interface Intent {
  version: 1;
  status: "staging" | "committing";
  pid: number;
  host: string;
  startedAt: string;
  files: IntentFile[];
}

export interface WriteContext {
  rootDir: string;
  /** Absolute state folder (holds the intent). */
  stateDir: string;
  steps: FileSteps;
  /** Checked right before the write is committed; false aborts it (the lock was lost). */
  stillLocked: () => Promise<boolean>;
}

/**
 * Writes every file or none, through the protocol above, in the order given (put the journal last).
 *
 * @example
 * await writeFilesAtomically([{ path: "/repo/docs/db/a.md", contents: "# A\n", mode: "create" }], context)
 */
export async function writeFilesAtomically(files: readonly FileWrite[], context: WriteContext): Promise<void> {
  const targets = new Set<string>();
  for (const file of files) {
    if (targets.has(file.path)) throw new Error(`Two outputs target ${file.path}`);
    targets.add(file.path);
  }
  const conflicts: Problem[] = [];
  for (const file of files.filter((f) => f.mode === "create")) {
    if ((await readIfExists(file.path)) !== null) conflicts.push(existsProblem(toProjectPath(context.rootDir, file.path)));
  }
  if (conflicts.length > 0) throw new CliError(conflicts, 1);
  if (files.length === 0) return;

  const token = randomBytes(8).toString("hex");
  const project = (absolute: string) => toProjectPath(context.rootDir, absolute);
  const intent: Intent = {
    version: 1,
    status: "staging",
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    files: files.map((file) => ({ target: project(file.path), temp: project(tempPath(file.path, token)), mode: file.mode, checksum: fileChecksum(file.contents) })),
  };
  await writeIntent(context, intent, token);
  try {
    for (const [index, file] of files.entries()) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = fromProjectPath(context.rootDir, intent.files[index]!.temp);
      await context.steps.run(`stage ${intent.files[index]!.target}`, () => writeDurably(temp, file.contents));
    }
    if (!(await context.stillLocked())) {
      throw new CliError([{ file: null, line: null, message: "another run took the emit lock while this one was writing; nothing was written: run the command again" }], 3);
    }
  } catch (error) {
    await rollBack(context, intent);
    throw error;
  }
  await writeIntent(context, { ...intent, status: "committing" }, token);
  await complete(context, intent);
}

/**
 * Completes or rolls back the write a killed run left, if any; call it holding the lock. Returns a
 * line saying what it did, or null when there was nothing to do. A file that is in the way of a
 * completion (created by hand in the meantime) stops it with an error, leaving the intent.
 *
 * @example
 * await recoverInterruptedWrite(context) // "completed an emit that was interrupted while writing (pid 4242, ...): 3 files moved into place"
 */
export async function recoverInterruptedWrite(context: WriteContext): Promise<string | null> {
  const intent = await readIntent(context);
  if (intent === null) return null;
  const who = `pid ${intent.pid} on host ${intent.host}, started ${intent.startedAt}`;
  if (intent.status === "staging") {
    await rollBack(context, intent);
    return `rolled back an emit that was interrupted before it wrote anything (${who}): the project is as before it`;
  }
  const moved = await complete(context, intent);
  return `completed an emit that was interrupted while it was writing (${who}): ${moved} of its ${intent.files.length} files moved into place now`;
}

/**
 * The interrupted write a killed run left, as a problem for `--check` (which writes nothing), or null.
 *
 * @example
 * await interruptedWriteProblem(context) // { file: ".../.emit-intent.json", line: null, message: "an emit was interrupted ..." }
 */
export async function interruptedWriteProblem(context: Pick<WriteContext, "rootDir" | "stateDir">): Promise<Problem | null> {
  const intent = await readIntent(context);
  if (intent === null) return null;
  const what = intent.status === "staging" ? "before it wrote anything" : "while it was writing its files";
  return {
    file: toProjectPath(context.rootDir, path.join(context.stateDir, INTENT_FILE)),
    line: null,
    message: `an emit was interrupted ${what} (pid ${intent.pid} on host ${intent.host}, started ${intent.startedAt}): run \`tenant-schema emit\` to ${intent.status === "staging" ? "roll it back" : "complete it"} before anything else`,
  };
}

function existsProblem(file: string): Problem {
  return { file, line: null, message: "already exists; emitted migrations and docs are never overwritten" };
}

/** Moves every staged file into place (skipping the ones already moved), then drops the intent. */
async function complete(context: WriteContext, intent: Intent): Promise<number> {
  let moved = 0;
  for (const file of intent.files) {
    const target = fromProjectPath(context.rootDir, file.target);
    const temp = fromProjectPath(context.rootDir, file.temp);
    if (!(await exists(temp))) continue; // moved before the interruption
    if (file.mode === "replace") {
      await context.steps.run(`rename ${file.target}`, () => rename(temp, target));
    } else {
      const linked = await context.steps.run(`link ${file.target}`, () =>
        link(temp, target).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === "EEXIST") return false;
            throw error;
          },
        ),
      );
      // Linked before the interruption (the temp's removal was not reached), or someone else's file.
      if (!linked) {
        const current = await readIfExists(target);
        if (current === null || fileChecksum(current) !== file.checksum) throw new CliError([existsProblem(file.target)], 1);
      }
      await context.steps.run(`remove the staged ${file.target}`, () => rm(temp, { force: true }));
    }
    moved++;
  }
  await context.steps.run("remove the intent", () => rm(path.join(context.stateDir, INTENT_FILE), { force: true }));
  return moved;
}

async function rollBack(context: WriteContext, intent: Intent): Promise<void> {
  for (const file of intent.files) {
    const temp = fromProjectPath(context.rootDir, file.temp);
    if (await exists(temp)) await context.steps.run(`remove the staged ${file.target}`, () => rm(temp, { force: true }));
  }
  await context.steps.run("remove the intent", () => rm(path.join(context.stateDir, INTENT_FILE), { force: true }));
}

async function writeIntent(context: WriteContext, intent: Intent, token: string): Promise<void> {
  const target = path.join(context.stateDir, INTENT_FILE);
  const temp = tempPath(target, token);
  await mkdir(context.stateDir, { recursive: true });
  await rm(temp, { force: true });
  await context.steps.run(`write the intent (${intent.status})`, () => writeDurably(temp, `${JSON.stringify(intent, null, 2)}\n`));
  await context.steps.run(`record the intent (${intent.status})`, () => rename(temp, target));
}

async function readIntent(context: Pick<WriteContext, "rootDir" | "stateDir">): Promise<Intent | null> {
  const file = path.join(context.stateDir, INTENT_FILE);
  const text = await readIfExists(file);
  if (text === null) return null;
  try {
    const intent = JSON.parse(text) as Partial<Intent>;
    if (intent.version === 1 && (intent.status === "staging" || intent.status === "committing") && Array.isArray(intent.files)) return intent as Intent;
  } catch {
    // Reported below: the intent is always written whole, so this is not one of ours.
  }
  throw new CliError(
    [{ file: toProjectPath(context.rootDir, file), line: null, message: "is not a tenant-schema write intent (unreadable); if no emit is running, delete it and the .tenant-schema.tmp files next to the outputs" }],
    2,
  );
}

/** Writes a new file and flushes it, so a staged file is whole on disk before the intent says "committing". */
async function writeDurably(file: string, contents: string): Promise<void> {
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(contents, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}
