/**
 * Loads every schema file and collects the tables and data-loss acknowledgements they export.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { isAcknowledgement, type Acknowledgement } from "../dsl/acknowledgements.js";
import { isSchemaTable, type AnySchemaTable } from "../dsl/tables.js";
import { loadProblem, type ModuleLoader } from "./module-loader.js";
import { fromProjectPath, toProjectPath } from "./paths.js";
import { CliError, type Problem } from "./problem.js";

const SCHEMA_FILE = /\.(ts|mts|js|mjs)$/;
const DECLARATION_FILE = /\.d\.[mc]?ts$/;

export interface LoadedSchema {
  tables: AnySchemaTable[];
  /** `acknowledgeDataLoss(...)` values exported by the schema files, each once. */
  acknowledgements: Acknowledgement[];
  /** Absolute paths of the files loaded, sorted. */
  files: string[];
  /** Files that failed to load. */
  problems: Problem[];
}

/**
 * Loads every `.ts/.mts/.js/.mjs` file under the schema folders (recursively, in path order) and
 * returns each exported table and acknowledgement once. Throws a CliError (exit 2) when a schema folder is missing.
 *
 * @example
 * (await loadSchemaTables(config, loader)).tables.length // 3
 */
export async function loadSchemaTables(config: ResolvedConfig, loader: ModuleLoader): Promise<LoadedSchema> {
  const sorted = await schemaFiles(config);
  const problems: Problem[] = [];
  const tables = new TableCollector();
  const acknowledgements = new AcknowledgementCollector();
  for (const file of sorted) {
    try {
      const module = await loader.load(file);
      for (const key of Object.keys(module).sort(exportOrder)) {
        tables.add(module[key]);
        acknowledgements.add(module[key]);
      }
    } catch (error) {
      problems.push(loadProblem(error, file, config.rootDir));
    }
  }
  return { tables: tables.list(), acknowledgements: acknowledgements.list(), files: sorted, problems };
}

/**
 * The schema files: every `.ts/.mts/.js/.mjs` file under the schema folders (recursively, no
 * declaration files), as absolute paths in project-path order. Throws a CliError (exit 2) when a
 * schema folder is missing.
 *
 * @example
 * await schemaFiles(config) // ["/repo/schema/tickets.ts", "/repo/schema/users.ts"]
 */
export async function schemaFiles(config: ResolvedConfig): Promise<string[]> {
  const missing: Problem[] = [];
  const files: string[] = [];
  for (const folder of config.schema) {
    const absolute = fromProjectPath(config.rootDir, folder);
    if (!(await isDirectory(absolute))) {
      missing.push({ file: toProjectPath(config.rootDir, absolute), line: null, message: "schema folder not found" });
      continue;
    }
    files.push(...(await listSchemaFiles(absolute)));
  }
  // A wrong folder is a config error (exit 2), not a schema error.
  if (missing.length > 0) throw new CliError(missing, 2);
  return [...new Set(files)].sort((a, b) => toProjectPath(config.rootDir, a).localeCompare(toProjectPath(config.rootDir, b)));
}

/** The default export first, then named exports in name order: deterministic, whatever the module. */
function exportOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "default") return -1;
  if (b === "default") return 1;
  return a < b ? -1 : 1;
}

/**
 * Tables seen once each. Identity covers a table re-exported by another file; the declaration
 * site covers a file imported by another one, which the uncached loader evaluates twice (two
 * objects, one `defineTenantTable` call).
 */
class TableCollector {
  private readonly seen = new Set<unknown>();
  private readonly sites = new Set<string>();
  private readonly tables: AnySchemaTable[] = [];

  add(value: unknown): void {
    if (!isSchemaTable(value) || this.seen.has(value)) return;
    this.seen.add(value);
    const site = declarationSite(value);
    if (site !== null) {
      if (this.sites.has(site)) return;
      this.sites.add(site);
    }
    this.tables.push(value);
  }

  list(): AnySchemaTable[] {
    return [...this.tables];
  }
}

/** Acknowledgements seen once each, by identity and by call site (a file imported twice). */
class AcknowledgementCollector {
  private readonly seen = new Set<unknown>();
  private readonly sites = new Set<string>();
  private readonly acknowledgements: Acknowledgement[] = [];

  add(value: unknown): void {
    if (!isAcknowledgement(value) || this.seen.has(value)) return;
    this.seen.add(value);
    if (value.source !== null) {
      const site = `${value.source.file}:${value.source.line}\u0000${JSON.stringify(value.target)}`;
      if (this.sites.has(site)) return;
      this.sites.add(site);
    }
    this.acknowledgements.push(value);
  }

  list(): Acknowledgement[] {
    return [...this.acknowledgements];
  }
}

function declarationSite(table: AnySchemaTable): string | null {
  const def = (table as unknown as { def?: { key?: unknown; source?: { file?: unknown; line?: unknown } | null } }).def;
  if (def?.source === null || def?.source === undefined || typeof def.key !== "string") return null;
  return `${def.key}\u0000${String(def.source.file)}:${String(def.source.line)}`;
}

async function listSchemaFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) files.push(...(await listSchemaFiles(full)));
    } else if (SCHEMA_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

async function isDirectory(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
