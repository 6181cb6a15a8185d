/**
 * A small emitted project in a temporary folder, shared by the emit-state tests (crash, concurrency,
 * tamper, identifiers): the schema files, helpers to write and read project files, and the whole
 * observable output as data.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CONFIG = `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "en" } });
`;

export const USERS = `import { defineTenantTable, t } from "tenant-schema";

export const users = defineTenantTable("users", {
  name: t.string(120),
  email: t.string(255),
});
`;

export const TICKETS = `import { defineTenantTable, t } from "tenant-schema";
import { users } from "./users.js";

export const tickets = defineTenantTable("tickets", {
  title: t.string(200),
}).belongsTo(users);
`;

/** users gains a defaulted, indexed column and a new table: a change set of two migrations, a doc, a new and a changed model. */
export const USERS_CHANGED = `import { defineTenantTable, t } from "tenant-schema";

export const users = defineTenantTable("users", {
  name: t.string(120),
  email: t.string(255),
  plan: t.string(20).default("free"),
}).index(["plan"]);

export const labels = defineTenantTable("labels", { name: t.string(40) });
`;

export const MIGRATIONS = "backend/src/database/migrations";
export const STATE = "backend/src/database/tenant-schema";
export const MODELS = "backend/src/models";
export const FIRST = "20261125100000";
export const SECOND = "20261127000000";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BUILT_CLI = path.join(REPO, "dist/cli/bin.cjs");

export interface Project {
  root: string;
  write(relative: string, contents: string): Promise<void>;
  read(relative: string): Promise<string>;
  remove(relative: string): Promise<void>;
  /** Every file under the project except the inputs, with contents: the whole observable output. */
  outputs(): Promise<Record<string, string>>;
  /** A copy of this project in a new temporary folder. */
  copy(): Promise<Project>;
  dispose(): Promise<void>;
}

/**
 * A temporary project with the config and the schema files given (default: users and tickets).
 *
 * @example
 * const project = await makeProject({ "schema/users.ts": USERS });
 */
export async function makeProject(files: Record<string, string> = { "schema/users.ts": USERS, "schema/tickets.ts": TICKETS }): Promise<Project> {
  const project = projectAt(await mkdtemp(path.join(tmpdir(), "tenant-schema-state-")));
  await project.write("tenant-schema.config.ts", CONFIG);
  for (const [file, contents] of Object.entries(files)) await project.write(file, contents);
  return project;
}

function projectAt(root: string): Project {
  const absolute = (relative: string) => path.join(root, ...relative.split("/"));
  const project: Project = {
    root,
    async write(relative, contents) {
      await mkdir(path.dirname(absolute(relative)), { recursive: true });
      await writeFile(absolute(relative), contents);
    },
    read: (relative) => readFile(absolute(relative), "utf8"),
    remove: (relative) => rm(absolute(relative), { force: true, recursive: true }),
    outputs: () => outputsOf(root, root),
    async copy() {
      const copy = await mkdtemp(path.join(tmpdir(), "tenant-schema-state-"));
      await cp(root, copy, { recursive: true });
      return projectAt(copy);
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
  return project;
}

async function outputsOf(root: string, dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full).split(path.sep).join("/");
    if (relative === "schema" || relative === "tenant-schema.config.ts") continue;
    if (entry.isDirectory()) Object.assign(result, await outputsOf(root, full));
    else result[relative] = await readFile(full, "utf8");
  }
  return result;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (dist/, as users run it) in its own process, with extra environment variables.
 *
 * @example
 * await runBuiltCli(["emit", "--cwd", project.root], { TENANT_SCHEMA_TEST_CRASH_AT: "5" }) // { signal: "SIGKILL", ... }
 */
export function runBuiltCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Fails when dist/ is older than the sources: the spawned CLI would test stale code (`npm test` builds first).
 *
 * @example
 * await assertBuildIsFresh();
 */
export async function assertBuildIsFresh(): Promise<void> {
  const built = await stat(BUILT_CLI).catch(() => null);
  if (built === null) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
  const newest = await newestMtime(path.join(REPO, "src"));
  if (newest > built.mtimeMs) throw new Error("dist/ is older than src/: run `npm run build` first (npm test does)");
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Temp files, intents and locks anywhere in the project (none may survive a completed emit). */
export function leftovers(outputs: Record<string, string>): string[] {
  return Object.keys(outputs).filter((file) => /(^|\/)\.[^/]*(\.tmp|emit-intent\.json|emit\.lock)$/.test(file));
}
