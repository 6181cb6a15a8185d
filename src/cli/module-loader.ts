/**
 * Loads user TypeScript (config and schema files) with jiti, outside of any build step.
 */
import { createRequire } from "node:module";
import { createJiti } from "jiti";
import { ownEntry } from "./own-entry.js";
import { toProjectPath } from "./paths.js";
import type { Problem } from "./problem.js";

export interface ModuleLoader {
  /** The module's namespace (all exports). */
  load(file: string): Promise<Record<string, unknown>>;
  /** Forgets every module this loader loaded, so the next loader sees the files as they are then. */
  dispose(): void;
}

/**
 * A jiti loader that resolves `tenant-schema` to this package. Within one loader every module is
 * loaded once (the library and a schema file imported by others are shared, which keeps emit time
 * linear in the number of files); `dispose()` evicts them so a long-lived process (tests, watch)
 * sees changed files on its next emit. `alias` maps more package names (migrate: `sequelize` to the
 * copy it connects with).
 *
 * @example
 * const loader = createModuleLoader();
 * try { await loader.load("/repo/tenant-schema.config.ts"); } finally { loader.dispose(); }
 */
export function createModuleLoader(moduleUrl: string = import.meta.url, alias: Record<string, string> = {}): ModuleLoader {
  // jiti's module cache is Node's CommonJS cache: remember what was there before this loader.
  const cache = createRequire(moduleUrl).cache;
  const before = new Set(Object.keys(cache));
  const jiti = createJiti(moduleUrl, { moduleCache: true, alias: { "tenant-schema": ownEntry(moduleUrl), ...alias } });
  return {
    load: async (file) => (await jiti.import(file)) as Record<string, unknown>,
    dispose: () => {
      for (const key of Object.keys(cache)) if (!before.has(key)) delete cache[key];
    },
  };
}

/**
 * Turns an error thrown while loading `file` into a problem pointing at the file (and the line,
 * when the stack or the parser says which).
 *
 * @example
 * loadProblem(new Error("boom"), "/repo/schema/a.ts", "/repo") // { file: "schema/a.ts", line: null, message: "boom" }
 */
export function loadProblem(error: unknown, file: string, rootDir: string): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const fromStack = new RegExp(`${escaped}:(\\d+)`).exec(`${stack}\n${message}`)?.[1];
  const parserLine = (error as { loc?: { line?: unknown } } | null)?.loc?.line;
  const line = fromStack !== undefined ? Number(fromStack) : typeof parserLine === "number" ? parserLine : null;
  const firstLine = message.split("\n")[0] ?? message;
  return { file: toProjectPath(rootDir, file), line, message: `failed to load: ${firstLine}` };
}
