/**
 * The live database as schema IR, for the commands that read it (audit, drift, pull): connect,
 * read the catalog, map it with the project's tenant settings.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { resolveConfig, type ResolvedConfig } from "../config/define-config.js";
import { readCatalog, type LiveCatalog, type RunQuery } from "../introspect/catalog.js";
import { catalogToIR, type Introspection } from "../introspect/to-ir.js";
import type { NamingProfile } from "../ir/types.js";
import { connectLive } from "./database.js";
import { loadProjectConfig, type ProjectOptions } from "./declared-schema.js";
import { CONFIG_FILE_NAMES } from "./load-config.js";
import { CliError } from "./problem.js";

export interface LiveOptions {
  url: string;
  /** PostgreSQL schema to read. */
  schema: string;
  /** The naming profile; detected from the live names when absent. */
  naming?: NamingProfile;
  /** Keep the tenant root as a table (the audit checks it too). */
  keepTenantRoot?: boolean;
}

/**
 * Reads the live schema and maps it to IR with the config's tenant root and tenant column.
 *
 * @example
 * const { introspection } = await readLiveSchema(config, { url, schema: "public", naming: config.naming });
 * introspection.schema.tables.length // 31
 */
export async function readLiveSchema(config: ResolvedConfig, options: LiveOptions): Promise<{ catalog: LiveCatalog; introspection: Introspection }> {
  const live = await connectLive(options.url);
  try {
    return await readSchemaWith(live.run, config, options);
  } finally {
    await live.close();
  }
}

/**
 * `readLiveSchema` over a connection the caller holds (verify reads its embedded database directly).
 *
 * @example
 * (await readSchemaWith(server.run, config, { schema: "public" })).introspection.schema.tables.length // 3
 */
export async function readSchemaWith(run: RunQuery, config: ResolvedConfig, options: Omit<LiveOptions, "url">): Promise<{ catalog: LiveCatalog; introspection: Introspection }> {
  const catalog = await readCatalog(run, options.schema);
  const tenant = { tableName: config.tenant.table, key: config.tenant.key, keyType: config.tenant.keyType, attribute: config.tenant.attribute, onDelete: config.tenant.onDelete };
  const naming = options.naming === undefined ? {} : { naming: options.naming };
  return { catalog, introspection: catalogToIR(catalog, { tenant, ...naming, primaryKey: config.primaryKey, keepTenantRoot: options.keepTenantRoot === true }) };
}

export interface LiveProject {
  config: ResolvedConfig;
  /** Whether the project has a config file (else `config` was detected from the database). */
  hasConfig: boolean;
  catalog: LiveCatalog;
  introspection: Introspection;
}

/**
 * The project's config and the live schema read with it. A project without a config file (the
 * first `pull` or `audit` of an adopted database) gets the naming profile detected from the live
 * names and the tenant root detected from the tenant columns' foreign keys: what pull then writes
 * into the config it creates. `naming` overrides the profile either way.
 *
 * @example
 * const { config, introspection } = await readLiveProject({ cwd: "/repo" }, { url, schema: "public" });
 * config.tenant.table // "Companies", detected when the project has no config
 */
export async function readLiveProject(project: ProjectOptions, options: LiveOptions): Promise<LiveProject> {
  const hasConfig = project.configFile !== undefined || CONFIG_FILE_NAMES.some((name) => existsSync(path.join(project.cwd, name)));
  const declared = await loadProjectConfig(project);
  const naming = options.naming ?? (hasConfig ? declared.naming : undefined);
  const first = await readLiveSchema(declared, { ...options, ...(naming === undefined ? {} : { naming }) });
  if (hasConfig) return { config: declared, hasConfig, ...first };
  const detected = first.introspection.schema.naming;
  const root = detectTenantRoot(first.catalog, declared.tenant.attribute);
  if (root === null) {
    const message = `no table is referenced by a "${declared.tenant.attribute}" column: write a tenant-schema.config.ts with tenant.table first`;
    throw new CliError([{ file: null, line: null, message }], 2);
  }
  // An adopted database as it is: its references are single-column, its models unguarded (pull's config says so too).
  const config = resolveConfig({ naming: detected, tenant: { table: root }, isolation: { keys: false, guard: false } }, project.cwd, null);
  return { config, hasConfig, ...(await readLiveSchema(config, { ...options, naming: detected })) };
}

/** The table most tenant columns reference (in either naming profile's spelling) is the tenant root. */
function detectTenantRoot(catalog: LiveCatalog, attribute: string): string | null {
  const fields = new Set([attribute, attribute.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]);
  const counts = new Map<string, number>();
  for (const fk of catalog.tables.flatMap((table) => table.constraints)) {
    if (fk.type === "f" && fk.columns.length === 1 && fields.has(fk.columns[0]!) && fk.referencedTable !== null) counts.set(fk.referencedTable, (counts.get(fk.referencedTable) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}
