/**
 * Loads user TypeScript (config and schema files) with jiti, outside of any build step. jiti
 * resolves, caches and evaluates; sucrase transforms, because it keeps every line where it was
 * (the DSL's sources and load errors name the user's line) at a fraction of the CPU of jiti's
 * own babel transform, which stays for what sucrase does not handle.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { createJiti, type Jiti } from "jiti";
import { transform as sucrase } from "sucrase";
import { ownEntry } from "./own-entry.js";
import { toProjectPath } from "./paths.js";
import type { Problem } from "./problem.js";

export interface ModuleLoader {
  /** The module's namespace (all exports). */
  load(file: string): Promise<Record<string, unknown>>;
  /** Absolute paths of every module evaluated through this loader so far (imports of imports too), sorted; the loader's own files left out. */
  evaluated(): string[];
  /** Forgets every module this loader loaded, so the next loader sees the files as they are then. */
  dispose(): void;
}

/** jiti's own modules (its transformer is loaded on demand): part of the tool, not of the project. */
const LOADER_FILE = /[\\/]node_modules[\\/]jiti[\\/]/;

type TransformOptions = Parameters<Jiti["transform"]>[0];

/**
 * jiti's transform, through sucrase: TypeScript types out and imports to CommonJS, line for line.
 * jiti's babel (`fallback`) takes JSX, `import.meta` (no CommonJS form) and anything sucrase
 * refuses, so a syntax error is still reported with babel's line.
 *
 * @example
 * createJiti(url, { transform: lineKeepingTransform(createJiti(url)) })
 */
const lineKeepingTransform = (fallback: Jiti) => (options: TransformOptions): { code: string } => {
  if (options.jsx || options.source.includes("import.meta")) return { code: fallback.transform(options) };
  try {
    const transforms: ("typescript" | "imports")[] = options.ts ? ["typescript", "imports"] : ["imports"];
    return { code: sucrase(options.source, { transforms, filePath: options.filename, preserveDynamicImport: false }).code };
  } catch {
    return { code: fallback.transform(options) };
  }
};

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
  const options = { moduleCache: true, alias: { "tenant-schema": ownEntry(moduleUrl), ...alias } };
  const jiti = createJiti(moduleUrl, { ...options, transform: lineKeepingTransform(createJiti(moduleUrl, options)) });
  return {
    load: async (file) => (await jiti.import(file)) as Record<string, unknown>,
    evaluated: () => Object.keys(cache).filter((key) => !before.has(key) && !LOADER_FILE.test(key) && path.isAbsolute(key)).sort(),
    dispose: () => {
      for (const key of Object.keys(cache)) if (!before.has(key)) delete cache[key];
    },
  };
}

let previous: Promise<unknown> = Promise.resolve();

/**
 * Runs `use` with a loader of its own, disposed after, once every earlier `withModuleLoader` of this
 * process has finished: loaders share Node's module cache, so only a loader that runs alone knows
 * exactly which modules it evaluated (and evicts only its own). Concurrent emits in one process
 * (tests, a watch mode) load one after the other; a CLI process loads once anyway.
 *
 * @example
 * const config = await withModuleLoader(undefined, (loader) => loadConfig({ cwd: "/repo", loader }));
 */
export function withModuleLoader<T>(moduleUrl: string | undefined, use: (loader: ModuleLoader) => Promise<T>): Promise<T> {
  const run = previous.then(async () => {
    const loader = createModuleLoader(moduleUrl);
    try {
      return await use(loader);
    } finally {
      loader.dispose();
    }
  });
  previous = run.catch(() => undefined);
  return run;
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
