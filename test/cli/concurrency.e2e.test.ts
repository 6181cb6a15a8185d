/**
 * One emit at a time: two emits racing on one project (in one process, and as two real processes of
 * the built CLI held long enough to overlap) end with exactly one writer; the other waits and finds
 * nothing to write, or refuses cleanly (exit 3, the holder named, no stack trace). Locks of live
 * runs, of runs that are gone and of other hosts are each handled as stated.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { hostname } from "node:os";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { runStateUnlock } from "../../src/cli/state-command.js";
import { parseJournal } from "../../src/cli/state.js";
import { assertBuildIsFresh, FIRST, leftovers, makeProject, MIGRATIONS, runBuiltCli, SECOND, STATE, USERS_CHANGED, type Project } from "./project.js";

const LOCK = `${STATE}/.emit.lock`;
let project: Project;

beforeAll(async () => {
  await assertBuildIsFresh();
});
afterEach(async () => {
  await project?.dispose();
});

const holder = (pid: number, host = hostname(), startedAt = "2026-11-25T09:30:00.000Z") =>
  `${JSON.stringify({ pid, host, startedAt, command: "emit", token: "00000000000000ff" }, null, 2)}\n`;

/** The journal and the migration folder agree, each migration once. */
function consistent(outputs: Record<string, string>): void {
  const journal = parseJournal(outputs[`${STATE}/journal.json`]!, "journal.json");
  const migrations = Object.keys(outputs).filter((file) => file.startsWith(`${MIGRATIONS}/`)).sort();
  expect(journal.entries.map((entry) => entry.migration).sort()).toEqual(migrations);
  expect(new Set(migrations.map((file) => file.replace(/^.*\/\d{14}-/, ""))).size).toBe(migrations.length);
  expect(leftovers(outputs)).toEqual([]);
}

describe("two emits at once", () => {
  it("in one process: exactly one writes, the other waits and finds everything up to date", async () => {
    project = await makeProject();
    const [a, b] = await Promise.all([runEmit({ cwd: project.root, now: FIRST, mode: "write" }), runEmit({ cwd: project.root, now: FIRST, mode: "write" })]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const writers = [a, b].filter((report) => report.files.length > 0);
    expect(writers).toHaveLength(1);
    expect([a, b].find((report) => report.files.length === 0)).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    consistent(await project.outputs());
  });

  it("as two processes with the same --now: one writes, the other waits, then writes nothing", async () => {
    project = await makeProject();
    const env = { TENANT_SCHEMA_TEST_HOLD_MS: "1500" };
    const runs = await Promise.all([0, 1].map(() => runBuiltCli(["emit", "--cwd", project.root, "--now", FIRST], env)));
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect(runs.filter((run) => run.stdout.includes("created "))).toHaveLength(1);
    expect(runs.filter((run) => run.stdout.trim() === "nothing to write: everything is up to date")).toHaveLength(1);
    expect(runs.map((run) => run.stderr)).toEqual(["", ""]);
    consistent(await project.outputs());
    expect((await runEmit({ cwd: project.root, now: FIRST, mode: "check" })).exitCode).toBe(0);
  }, 120_000);

  it("as two processes a second apart, changing an existing feature: one writes the change set, the other nothing", async () => {
    project = await makeProject();
    expect((await runEmit({ cwd: project.root, now: FIRST, mode: "write" })).exitCode).toBe(0);
    await project.write("schema/users.ts", USERS_CHANGED);
    const env = { TENANT_SCHEMA_TEST_HOLD_MS: "1500" };
    const runs = await Promise.all([SECOND, "20261127000001"].map((now) => runBuiltCli(["emit", "--cwd", project.root, "--now", now], env)));
    expect(runs.map((run) => [run.code, run.stderr])).toEqual([[0, ""], [0, ""]]);
    expect(runs.filter((run) => run.stdout.includes("created "))).toHaveLength(1);
    const outputs = await project.outputs();
    consistent(outputs);
    expect(Object.keys(outputs).filter((file) => file.startsWith(`${MIGRATIONS}/`) && file.includes("labels"))).toHaveLength(2); // the change and its indexes, once
  }, 120_000);

  it("as two processes, one that cannot wait long enough: it refuses with exit 3 naming the holder, no stack trace", async () => {
    project = await makeProject();
    const holding = runBuiltCli(["emit", "--cwd", project.root], { TENANT_SCHEMA_TEST_HOLD_MS: "4000" });
    // Start the second one once the first holds the lock.
    const started = Date.now();
    while (!(await project.outputs().then((files) => LOCK in files)) && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await runBuiltCli(["emit", "--cwd", project.root, "--lock-timeout", "0.3"]);
    const writer = await holding;
    expect(writer.code).toBe(0);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^backend\/src\/database\/tenant-schema\/\.emit\.lock: another tenant-schema run holds the lock \(pid \d+ on host .+, `emit`, started .+\); waited 0\.3s\. Try again when it has finished\n$/);
    consistent(await project.outputs());
  }, 120_000);
});

describe("the emit lock", () => {
  it("held by a running emit: a second one waits, then refuses (exit 3) and writes nothing", async () => {
    project = await makeProject();
    const startedAt = new Date().toISOString();
    await project.write(LOCK, holder(process.pid, hostname(), startedAt));
    const report = await runEmit({ cwd: project.root, now: FIRST, mode: "write", lockWaitMs: 300 });
    expect(report.exitCode).toBe(3);
    expect(report.errors).toEqual([`${LOCK}: another tenant-schema run holds the lock (pid ${process.pid} on host ${hostname()}, \`emit\`, started ${startedAt}); waited 0.3s. Try again when it has finished`]);
    expect(Object.keys(await project.outputs())).toEqual([LOCK]);
    // Held for hours, it may be a reused pid: the message says how to remove it.
    await project.write(LOCK, holder(process.pid, hostname(), "2020-01-01T00:00:00.000Z"));
    expect((await runEmit({ cwd: project.root, now: FIRST, mode: "write", lockWaitMs: 0 })).errors[0]).toMatch(/if pid \d+ is no longer a tenant-schema run \(pids are reused\), run `tenant-schema state unlock`$/);
  });

  it("left by a run that is gone (same host, pid not running): removed with a warning saying so", async () => {
    project = await makeProject();
    const exited = spawn(process.execPath, ["-e", ""]);
    await once(exited, "exit");
    const gone = exited.pid!;
    await project.write(LOCK, holder(gone));
    const report = await runEmit({ cwd: project.root, now: FIRST, mode: "write" });
    expect(report.exitCode).toBe(0);
    expect(report.warnings).toEqual([`${LOCK}: removed the lock of a run that is no longer running (pid ${gone} on host ${hostname()}, \`emit\`, started 2026-11-25T09:30:00.000Z)`]);
    consistent(await project.outputs());
  });

  it("of another host: never removed by an emit; `state unlock` removes it", async () => {
    project = await makeProject();
    await project.write(LOCK, holder(1, "build-agent-7"));
    const report = await runEmit({ cwd: project.root, now: FIRST, mode: "check", lockWaitMs: 200 });
    expect(report.exitCode).toBe(3);
    expect(report.errors[0]).toContain("It runs on another host, so tenant-schema cannot tell whether it still runs: if it does not, run `tenant-schema state unlock` (or delete the lock file) and try again");
    expect(await project.read(LOCK)).toBe(holder(1, "build-agent-7"));
    expect(await runStateUnlock({ cwd: project.root })).toEqual({ exitCode: 0, errors: [], warnings: [], lines: ["removed the lock of pid 1 on host build-agent-7, `emit`, started 2026-11-25T09:30:00.000Z"] });
    expect((await runEmit({ cwd: project.root, now: FIRST, mode: "write" })).exitCode).toBe(0);
  });

  it("that is not a lock at all: refused with the way out", async () => {
    project = await makeProject();
    await project.write(LOCK, "{ half");
    const report = await runEmit({ cwd: project.root, now: FIRST, mode: "write" });
    expect(report).toEqual({ exitCode: 3, errors: [`${LOCK}: is not a tenant-schema lock (unreadable); if no emit is running, run \`tenant-schema state unlock\` (or delete it) and try again`], warnings: [], files: [] });
    expect((await runStateUnlock({ cwd: project.root })).lines).toEqual(["removed an unreadable emit lock"]);
    expect((await runEmit({ cwd: project.root, now: FIRST, mode: "write" })).exitCode).toBe(0);
  });
});
