/**
 * Compiles emitted model files with the real TypeScript compiler and loads them with Node's own
 * `require`, against the Sequelize version of the target: the repo's node_modules for 6 (a temp
 * folder in the repo's git-ignored .tmp/), the test/targets/sequelize5 workspace (a temp folder
 * inside it) for 5. The package "tenant-schema", which guarded models import, is this checkout as
 * built in dist/ (`npm run build` first). `require` loads ES modules too (Node ≥ 20.19), through
 * Node's ESM loader with real ESM bindings; vitest's own `import()` would run them through its
 * module runner, which has no temporal dead zone to hit.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelModuleFormat, SequelizeTarget } from "../../../src/emitters/types.js";
import type { EmittedFile } from "../../../src/emitters/types.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const tscBin = path.join(repoRoot, "node_modules/typescript/bin/tsc");

export interface Workspace {
  dir: string;
  module: ModelModuleFormat;
  /** Node's `require`, resolving from the workspace (so sequelize is the target's version). */
  require: NodeRequire;
  cleanup(): void;
}

/**
 * A temp folder that resolves the target's sequelize + sequelize-typescript, and "tenant-schema" to
 * this checkout. CommonJS like most sequelize-typescript backends, or `"type": "module"` for models
 * emitted with `module: "esm"`.
 */
export function createWorkspace(target: SequelizeTarget, module: ModelModuleFormat = "commonjs"): Workspace {
  const parent = target === 6 ? path.join(repoRoot, ".tmp") : path.join(repoRoot, "test/targets/sequelize5");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, target === 6 ? "model-" : ".tmp-model-"));
  // Everything else resolves from the folders above (the target's own node_modules first).
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(repoRoot, path.join(dir, "node_modules/tenant-schema"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: module === "esm" ? "module" : "commonjs" }));
  return {
    dir,
    module,
    require: createRequire(path.join(dir, "package.json")),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes files under `dir/src`. */
export function writeSources(workspace: Workspace, files: readonly EmittedFile[]): void {
  for (const file of files) {
    const target = path.join(workspace.dir, "src", file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
}

export interface TscResult {
  status: number | null;
  output: string;
}

/**
 * Runs `tsc --strict` with decorators (and their metadata, as sequelize-typescript asks) over
 * `dir/src`; with `emit`, JavaScript goes to `dir/out`: CommonJS, or ES modules under NodeNext.
 * skipLibCheck: the point is our code, not whether old library typings pass today's compiler.
 */
export async function runTsc(workspace: Workspace, emit: boolean): Promise<TscResult> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      ...(workspace.module === "esm"
        ? { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", useDefineForClassFields: false }
        : { target: "ES2019", module: "commonjs", moduleResolution: "node" }),
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
      rootDir: "src",
      outDir: "out",
      noEmit: !emit,
      noEmitOnError: true,
    },
    include: ["src/**/*.ts"],
  };
  writeFileSync(path.join(workspace.dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  // A child process, not spawnSync: a worker blocked for a minute under load misses vitest's RPC deadline.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tscBin, "-p", path.join(workspace.dir, "tsconfig.json")], { cwd: workspace.dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output: `${stdout}${stderr}` }));
  });
}

/** One error tsc reported: file relative to `dir/src` (posix), line, code. */
export interface TscError {
  file: string;
  line: number;
  code: string;
}

/**
 * The errors in tsc's output, sorted: `src/a/usage.ts(12,5): error TS2345: ...` is
 * `{ file: "a/usage.ts", line: 12, code: "TS2345" }`. Lines that are not error heads (message
 * continuations) are skipped; an error outside `src/` keeps its path, so it still shows.
 */
export function tscErrors(output: string): TscError[] {
  const errors: TscError[] = [];
  for (const [, file, line, code] of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+):/gm)) {
    errors.push({ file: file!.replace(/^src\//, ""), line: Number(line), code: code! });
  }
  return sortErrors(errors);
}

/** Errors in a stable order, duplicates (two errors of one code on one line) merged. */
export function sortErrors(errors: readonly TscError[]): TscError[] {
  const keyOf = (error: TscError) => `${error.file}:${String(error.line).padStart(6, "0")}:${error.code}`;
  const unique = new Map(errors.map((error) => [keyOf(error), error]));
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}
