/**
 * Finds and loads `tenant-schema.config.ts`, applying defaults.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { resolveConfig, type ResolvedConfig, type TenantSchemaConfig } from "../config/define-config.js";
import { validateConfig } from "../config/validate-config.js";
import { loadProblem, type ModuleLoader } from "./module-loader.js";
import { toProjectPath } from "./paths.js";
import { CliError } from "./problem.js";

export const CONFIG_FILE_NAMES = ["tenant-schema.config.ts", "tenant-schema.config.mts", "tenant-schema.config.js", "tenant-schema.config.mjs"];

export interface LoadConfigOptions {
  cwd: string;
  /** `--config`, relative to `cwd`. */
  configFile?: string | undefined;
  loader: ModuleLoader;
}

/**
 * `--config` if given (it must exist), else the first config file in `cwd`, else all defaults
 * with `cwd` as the project root.
 *
 * @example
 * (await loadConfig({ cwd: "/repo", loader })).output.models // "backend/src/models"
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options);
  if (file === null) return resolveConfig({}, options.cwd, null);
  const rootDir = path.dirname(file);
  let module: Record<string, unknown>;
  try {
    module = await options.loader.load(file);
  } catch (error) {
    throw new CliError([loadProblem(error, file, options.cwd)], 2);
  }
  // jiti's interop proxy answers `.default` even without a default export: ask for the key.
  const config = Object.keys(module).includes("default") ? module.default : undefined;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new CliError(
      [{ file: toProjectPath(options.cwd, file), line: null, message: "must `export default defineConfig({ ... })`" }],
      2,
    );
  }
  const problems = validateConfig(config as Record<string, unknown>);
  if (problems.length > 0) {
    throw new CliError(problems.map((message) => ({ file: toProjectPath(options.cwd, file), line: null, message })), 2);
  }
  return resolveConfig(config as TenantSchemaConfig, rootDir, file);
}

/**
 * The config file `loadConfig` loads: `--config` (it must exist: else a CliError, exit 2), else the
 * first config file in `cwd`, else null (all defaults).
 *
 * @example
 * findConfigFile({ cwd: "/repo" }) // "/repo/tenant-schema.config.ts"
 */
export function findConfigFile(options: Pick<LoadConfigOptions, "cwd" | "configFile">): string | null {
  if (options.configFile !== undefined) {
    const file = path.resolve(options.cwd, options.configFile);
    if (!existsSync(file)) throw new CliError([{ file: options.configFile, line: null, message: "config file not found" }], 2);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(options.cwd, name)).find((file) => existsSync(file)) ?? null;
}
