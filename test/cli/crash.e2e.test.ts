/**
 * kill -9 at every file-system step of a multi-file emit (the fast path's look under the lock, the
 * lock, the intent, each staged file, each link, rename and removal: see src/cli/fs-steps.ts), on the
 * built CLI in its own process; the steps are traced from an uninterrupted run of the same CLI, and
 * the next emit is that CLI too (the fingerprint it writes names the build that wrote it).
 * After each kill the project is as before the emit or as after it, or it holds the intent record
 * (which `--check` reports and the next emit acts on: test/cli/tamper.e2e.test.ts); the next emit
 * completes or rolls back the killed one, and the project is then byte for byte what an uninterrupted
 * emit writes (which `--check` finds up to date): no temp file, no intent, no lock, no duplicate migration.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { parseJournal } from "../../src/cli/state.js";
import { assertBuildIsFresh, FIRST, leftovers, makeProject, MIGRATIONS, runBuiltCli, SECOND, STATE, USERS_CHANGED, type Project } from "./project.js";

let base: Project;
let before: Record<string, string>;
let after: Record<string, string>;
let steps: string[];
const disposables: Project[] = [];

beforeAll(async () => {
  await assertBuildIsFresh();
  base = await makeProject();
  expect((await runEmit({ cwd: base.root, now: FIRST, mode: "write" })).exitCode).toBe(0);
  await base.write("schema/users.ts", USERS_CHANGED);
  before = await base.outputs();
  // The uninterrupted emit, with every step traced: what each crashed run must end as.
  const reference = await base.copy();
  disposables.push(reference);
  const trace = path.join(reference.root, "..", `${path.basename(reference.root)}.trace`);
  const report = await runBuiltCli(["emit", "--cwd", reference.root, "--now", SECOND], { TENANT_SCHEMA_TEST_TRACE: trace });
  expect([report.code, report.stderr]).toEqual([0, ""]);
  steps = (await readFile(trace, "utf8")).trim().split("\n");
  await rm(trace);
  after = await reference.outputs();
  expect(await runEmit({ cwd: reference.root, now: "20261201000000", mode: "check" })).toMatchObject({ exitCode: 0, errors: [], files: [] });
}, 120_000);

const INTENT = `${STATE}/.emit-intent.json`;

/** The files a kill may leave that the next run removes: the lock, and temp files while no intent names them. */
const withoutTransient = (outputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(outputs).filter(([file]) => !file.endsWith("/.emit.lock") && !file.endsWith(".tmp")));

const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

afterAll(async () => {
  await Promise.all([base, ...disposables].map((project) => project?.dispose()));
});

/** A killed emit of the change, recovered by the next emit: returns what went wrong, if anything. */
async function crashAndRecover(step: number, recoveryCrashAt?: number): Promise<string[]> {
  const project = await base.copy();
  disposables.push(project);
  const problems: string[] = [];
  const killed = await runBuiltCli(["emit", "--cwd", project.root, "--now", SECOND], { TENANT_SCHEMA_TEST_CRASH_AT: String(step) });
  if (killed.signal !== "SIGKILL") problems.push(`step ${step}: the emit was not killed (exit ${killed.code}): ${killed.stderr}`);
  if (recoveryCrashAt !== undefined) {
    const again = await runBuiltCli(["emit", "--cwd", project.root, "--now", SECOND], { TENANT_SCHEMA_TEST_CRASH_AT: String(recoveryCrashAt) });
    if (again.signal !== "SIGKILL") problems.push(`step ${step}: the recovering emit was not killed at its step ${recoveryCrashAt}`);
  }
  const crashed = await project.outputs();
  if (!(INTENT in crashed) && !same(withoutTransient(crashed), before) && !same(withoutTransient(crashed), after)) {
    problems.push(`step ${step}: the killed emit left the project half-written without an intent record`);
  }
  const recovery = await runBuiltCli(["emit", "--cwd", project.root, "--now", SECOND]);
  if (recovery.code !== 0) problems.push(`step ${step}: the next emit failed: ${recovery.stderr}`);
  const outputs = await project.outputs();
  if (leftovers(outputs).length > 0) problems.push(`step ${step}: left ${leftovers(outputs).join(", ")}`);
  const migrations = Object.keys(outputs).filter((file) => file.startsWith(`${MIGRATIONS}/`));
  const journal = parseJournal(outputs[`${STATE}/journal.json`] ?? '{"version":1,"entries":[]}', "journal.json");
  if (migrations.length !== journal.entries.length || new Set(migrations.map((m) => m.replace(/^.*\/\d{14}-/, ""))).size !== migrations.length) {
    problems.push(`step ${step}: migrations ${migrations.join(", ")} for ${journal.entries.length} journal entries`);
  }
  const differing = [...new Set([...Object.keys(outputs), ...Object.keys(after)])].filter((file) => outputs[file] !== after[file]);
  if (differing.length > 0) problems.push(`step ${step}: differs from an uninterrupted emit in ${differing.join(", ")}`);
  await project.dispose();
  return problems;
}

describe("kill -9 during an emit", () => {
  it("at every file-system step, the next emit ends exactly as an uninterrupted one", async () => {
    expect(steps.length).toBeGreaterThan(20); // lock, intent, 9 staged files, links, renames, removals
    const problems: string[] = [];
    // Two at a time: the spawned emits are independent projects.
    for (let step = 1; step <= steps.length; step += 2) {
      const batch = [step, step + 1].filter((n) => n <= steps.length);
      problems.push(...(await Promise.all(batch.map((n) => crashAndRecover(n)))).flat());
    }
    console.log(`crash test: killed the emit at each of its ${steps.length} file-system steps (${steps.length} spawned processes); every next emit ended as the uninterrupted one`);
    expect(problems).toEqual([]);
  }, 600_000);

  it("a kill while the next emit completes the interrupted one is recovered too", async () => {
    // Killed after its intent said "committing" and a first file moved: the next run completes it; kill that one as well.
    const committing = steps.findIndex((label) => label.endsWith("record the intent (committing)")) + 1;
    const cases = [1, 5, 8].map((recoveryStep) => crashAndRecover(committing + 2, recoveryStep));
    expect((await Promise.all(cases)).flat()).toEqual([]);
  }, 300_000);
});
