/**
 * The live database as schema IR, for the commands that read it (audit, drift, pull): connect,
 * read the catalog, map it with the project's tenant settings.
 */
import type { ResolvedConfig } from "../config/define-config.js";
import { readCatalog, type LiveCatalog, type RunQuery } from "../introspect/catalog.js";
import { catalogToIR, type Introspection } from "../introspect/to-ir.js";
import type { NamingProfile } from "../ir/types.js";
import { connectLive } from "./database.js";

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
