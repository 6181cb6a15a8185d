/**
 * The project as declared: its config and the schema files' tables as IR, loaded once with one
 * module loader. Shared by every command that reads the declarations (emit, audit, pull).
 */
import type { ResolvedConfig } from "../config/define-config.js";
import { toSchemaIR } from "../dsl/to-ir.js";
import type { SchemaIR } from "../ir/types.js";
import { applyIsolation } from "../isolation/apply.js";
import { loadConfig } from "./load-config.js";
import { loadSchemaTables, type LoadedSchema } from "./load-schema.js";
import { withModuleLoader } from "./module-loader.js";
import type { Problem } from "./problem.js";
import { relativizeSources } from "./relativize.js";

export interface ProjectOptions {
  /** Folder the command runs in; `--config` and messages are relative to it. */
  cwd: string;
  configFile?: string | undefined;
  /** Where the CLI module lives, to resolve `tenant-schema` for user files (tests may override). */
  moduleUrl?: string;
}

/**
 * Loads the config alone, for commands that read a database rather than the schema files.
 *
 * @example
 * (await loadProjectConfig({ cwd: "/repo" })).tenant.table // "companies"
 */
export async function loadProjectConfig(options: ProjectOptions): Promise<ResolvedConfig> {
  return withModuleLoader(options.moduleUrl, (loader) => loadConfig({ cwd: options.cwd, configFile: options.configFile, loader }));
}

/**
 * Loads the config and the schema files with one loader, then forgets the loaded modules;
 * `modules` are the files that loading evaluated (config, schema files and what they import),
 * `configModules` those of the config alone.
 *
 * @example
 * const { config, loaded } = await loadProject({ cwd: "/repo" });
 * loaded.tables.length // 7
 */
export async function loadProject(options: ProjectOptions): Promise<{ config: ResolvedConfig; loaded: LoadedSchema; modules: string[]; configModules: string[] }> {
  return withModuleLoader(options.moduleUrl, async (loader) => {
    const config = await loadConfig({ cwd: options.cwd, configFile: options.configFile, loader });
    const configModules = loader.evaluated();
    const loaded = await loadSchemaTables(config, loader);
    return { config, loaded, modules: loader.evaluated(), configModules };
  });
}

/**
 * The loaded tables as IR (with the isolation layers the config turns on) and project-relative sources, or the problem that kept it from being built.
 *
 * @example
 * const schema = buildSchema(loaded, config);
 * if ("ir" in schema) validateSchema(schema.ir);
 */
export function buildSchema(loaded: Pick<LoadedSchema, "tables" | "acknowledgements">, config: ResolvedConfig): { ir: SchemaIR } | { problems: Problem[] } {
  try {
    return { ir: relativizeSources(applyIsolation(toSchemaIR(loaded.tables, config, loaded.acknowledgements), config.isolation), config.rootDir) };
  } catch (error) {
    return { problems: [{ file: null, line: null, message: error instanceof Error ? error.message : String(error) }] };
  }
}
