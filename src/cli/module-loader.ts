/**
 * Loads user TypeScript (config and schema files) with jiti, outside of any build step.
 */
import { createJiti } from "jiti";
import { ownEntry } from "./own-entry.js";
import { toProjectPath } from "./paths.js";
import type { Problem } from "./problem.js";

export interface ModuleLoader {
  /** The module's namespace (all exports). */
  load(file: string): Promise<Record<string, unknown>>;
}

/**
 * A jiti loader that resolves `tenant-schema` to this package. The module cache is off so a
 * long-lived process (tests, watch) always sees the files as they are now.
 *
 * @example
 * const config = await createModuleLoader().load("/repo/tenant-schema.config.ts");
 */
export function createModuleLoader(moduleUrl: string = import.meta.url): ModuleLoader {
  const jiti = createJiti(moduleUrl, { moduleCache: false, alias: { "tenant-schema": ownEntry(moduleUrl) } });
  return {
    load: async (file) => (await jiti.import(file)) as Record<string, unknown>,
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
