import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareWithDisk, writeFilesAtomically } from "../../src/cli/write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tenant-schema-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFilesAtomically", () => {
  it("writes new files and replaces rewritable ones", async () => {
    await writeFile(path.join(dir, "model.ts"), "old\n");
    await writeFilesAtomically([
      { path: path.join(dir, "model.ts"), contents: "new\n", createOnly: false },
      { path: path.join(dir, "migrations/1-create.ts"), contents: "up\n", createOnly: true },
    ]);
    expect(await readFile(path.join(dir, "model.ts"), "utf8")).toBe("new\n");
    expect(await readFile(path.join(dir, "migrations/1-create.ts"), "utf8")).toBe("up\n");
    expect((await readdir(dir)).sort()).toEqual(["migrations", "model.ts"]);
  });

  it("refuses to overwrite an existing migration and then writes nothing at all", async () => {
    await writeFile(path.join(dir, "1-create.ts"), "hand edited\n");
    await expect(
      writeFilesAtomically([
        { path: path.join(dir, "model.ts"), contents: "model\n", createOnly: false },
        { path: path.join(dir, "1-create.ts"), contents: "generated\n", createOnly: true },
      ]),
    ).rejects.toThrow(/Refusing to overwrite/);
    expect(await readFile(path.join(dir, "1-create.ts"), "utf8")).toBe("hand edited\n");
    expect(await readdir(dir)).toEqual(["1-create.ts"]);
  });

  it("rejects two outputs with one path", async () => {
    const file = { path: path.join(dir, "a.ts"), contents: "a", createOnly: false };
    await expect(writeFilesAtomically([file, file])).rejects.toThrow(/Two outputs/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("cleans its temp files when a write fails half-way", async () => {
    // A file where a folder is needed makes the second write fail after the first was staged.
    await writeFile(path.join(dir, "blocker"), "");
    await expect(
      writeFilesAtomically([
        { path: path.join(dir, "first.ts"), contents: "1", createOnly: false },
        { path: path.join(dir, "blocker/second.ts"), contents: "2", createOnly: false },
      ]),
    ).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["blocker"]);
  });
});

describe("compareWithDisk", () => {
  it("tells missing, changed and unchanged apart", async () => {
    const file = path.join(dir, "a.ts");
    expect(await compareWithDisk({ path: file, contents: "a" })).toBe("missing");
    await writeFile(file, "a");
    expect(await compareWithDisk({ path: file, contents: "a" })).toBe("unchanged");
    expect(await compareWithDisk({ path: file, contents: "b" })).toBe("changed");
  });
});
