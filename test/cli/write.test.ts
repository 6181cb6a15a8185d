import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileSteps } from "../../src/cli/fs-steps.js";
import { CliError } from "../../src/cli/problem.js";
import { recoverInterruptedWrite, writeFilesAtomically, type WriteContext } from "../../src/cli/write.js";

let dir: string;
let context: WriteContext;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tenant-schema-write-"));
  context = { rootDir: dir, stateDir: path.join(dir, "state"), steps: fileSteps({}), stillLocked: async () => true };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under the folder, recursively, as project paths. */
async function listing(folder = dir): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

describe("writeFilesAtomically", () => {
  it("writes new files and replaces rewritable ones, leaving no intent or temp file", async () => {
    await writeFile(path.join(dir, "model.ts"), "old\n");
    await writeFilesAtomically(
      [
        { path: path.join(dir, "model.ts"), contents: "new\n", mode: "replace" },
        { path: path.join(dir, "migrations/1-create.ts"), contents: "up\n", mode: "create" },
      ],
      context,
    );
    expect(await readFile(path.join(dir, "model.ts"), "utf8")).toBe("new\n");
    expect(await readFile(path.join(dir, "migrations/1-create.ts"), "utf8")).toBe("up\n");
    expect(await listing()).toEqual(["migrations/1-create.ts", "model.ts"]);
  });

  it("refuses to overwrite an existing migration and then writes nothing at all", async () => {
    await writeFile(path.join(dir, "1-create.ts"), "hand edited\n");
    const error: unknown = await writeFilesAtomically(
      [
        { path: path.join(dir, "model.ts"), contents: "model\n", mode: "replace" },
        { path: path.join(dir, "1-create.ts"), contents: "generated\n", mode: "create" },
      ],
      context,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).problems).toEqual([{ file: "1-create.ts", line: null, message: "already exists; emitted migrations and docs are never overwritten" }]);
    expect(await readFile(path.join(dir, "1-create.ts"), "utf8")).toBe("hand edited\n");
    expect(await listing()).toEqual(["1-create.ts"]);
  });

  it("rejects two outputs with one path", async () => {
    const file = { path: path.join(dir, "a.ts"), contents: "a", mode: "replace" as const };
    await expect(writeFilesAtomically([file, file], context)).rejects.toThrow(/Two outputs/);
    expect(await listing()).toEqual([]);
  });

  it("rolls back its staged files when a write fails half-way", async () => {
    // A file where a folder is needed makes the second write fail after the first was staged.
    await writeFile(path.join(dir, "blocker"), "");
    await expect(
      writeFilesAtomically(
        [
          { path: path.join(dir, "first.ts"), contents: "1", mode: "replace" },
          { path: path.join(dir, "blocker/second.ts"), contents: "2", mode: "replace" },
        ],
        context,
      ),
    ).rejects.toThrow();
    expect(await listing()).toEqual(["blocker"]);
  });

  it("writes nothing when the lock was lost before the commit", async () => {
    const lost = { ...context, stillLocked: async () => false };
    const error: unknown = await writeFilesAtomically([{ path: path.join(dir, "a.ts"), contents: "a", mode: "create" }], lost).catch((caught: unknown) => caught);
    expect((error as CliError).exitCode).toBe(3);
    expect(await listing()).toEqual([]);
  });

  it("has nothing to recover after a complete write", async () => {
    await writeFilesAtomically([{ path: path.join(dir, "a.ts"), contents: "a", mode: "create" }], context);
    expect(await recoverInterruptedWrite(context)).toBeNull();
  });
});
