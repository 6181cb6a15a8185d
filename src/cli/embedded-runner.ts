/**
 * A migrations folder run one migration at a time on a fresh embedded PostgreSQL, through the very
 * loader and Sequelize that `migrate` uses, with the schema read back after each step: what `verify`
 * (the emitted migrations) and `verify --legacy` (the team's own) both prove things with.
 */
import path from "node:path";
import type { Sequelize } from "sequelize";
import type { ResolvedConfig } from "../config/define-config.js";
import { compareEnumTypes, compareOthers, compareSchemas, type Difference } from "../drift/compare.js";
import type { CatalogEnum, CatalogOther } from "../introspect/catalog.js";
import type { NamingProfile, SchemaIR } from "../ir/types.js";
import { connect, projectSequelize, type SequelizePackage } from "./connect.js";
import { serveEmbedded, type EmbeddedServer } from "./embedded-server.js";
import { readSchemaWith } from "./live-schema.js";
import { runOne } from "./migrate.js";
import { createModuleLoader, type ModuleLoader } from "./module-loader.js";

/** The schema of a database at one step: its IR, every enum type (used by a column or not) and its other objects. */
export interface SchemaState {
  schema: SchemaIR;
  enums: CatalogEnum[];
  /** Views, triggers, functions, ... (which exist, not what they hold). */
  others: CatalogOther[];
}

export interface EmbeddedRunner {
  /** Runs SQL (a script) directly, e.g. the tenant root or a baseline schema. */
  sql(script: string): Promise<void>;
  /** Runs one file of the folder; throws the migration's own error. Returns how long it took (ms). */
  run(direction: "up" | "down", file: string): Promise<number>;
  /** Reads the schema back (the migration runners' tables left out). */
  capture(): Promise<SchemaState>;
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** The migrations folder (files are named relative to it). */
  folder: string;
  config: ResolvedConfig;
  /** How to read names back; detected when absent. */
  naming?: NamingProfile | undefined;
  /** Keep the tenant root as a table in the captured schema. */
  keepTenantRoot?: boolean;
  /** Receives every statement Sequelize sends, without Sequelize's "Executing (...): " prefix. */
  logging?: (sql: string) => void;
  moduleUrl?: string | undefined;
}

/**
 * Opens a fresh embedded PostgreSQL with the project's Sequelize connected to it.
 *
 * @example
 * const runner = await openEmbeddedRunner({ folder, config });
 * try { await runner.run("up", "20261125090000-create-users.ts"); (await runner.capture()).schema.tables.length } finally { await runner.close() }
 */
export async function openEmbeddedRunner(options: RunnerOptions): Promise<EmbeddedRunner> {
  const moduleUrl = options.moduleUrl ?? import.meta.url;
  const sequelizePackage: SequelizePackage = projectSequelize(options.folder, moduleUrl);
  const server: EmbeddedServer = await serveEmbedded();
  let sequelize: Sequelize;
  let loader: ModuleLoader;
  try {
    const logging = options.logging;
    sequelize = await connect(server.url, sequelizePackage, logging === undefined ? {} : { logging: (sql) => logging(sql.replace(/^Executing \([^)]*\): /, "")) });
    // The migrations import `sequelize`: they get the very copy the connection uses.
    loader = createModuleLoader(moduleUrl, { sequelize: sequelizePackage.dir });
  } catch (error) {
    await server.close();
    throw error;
  }
  const live = { schema: "public", ...(options.naming === undefined ? {} : { naming: options.naming }), keepTenantRoot: options.keepTenantRoot === true };
  return {
    sql: async (script) => {
      await server.run(script);
    },
    run: async (direction, file) => {
      const start = performance.now();
      await runOne(direction, path.join(options.folder, file), { sequelize, sequelizePackage }, loader);
      return performance.now() - start;
    },
    capture: async () => {
      const { catalog, introspection } = await readSchemaWith(server.run, options.config, live);
      return { schema: introspection.schema, enums: catalog.enums, others: catalog.others };
    },
    close: async () => {
      loader.dispose();
      await sequelize.close().catch(() => undefined);
      await server.close();
    },
  };
}

/**
 * Every difference between two captured schemas, enum types included whether a column uses them or
 * not (a down that drops a table but leaves its enum type has not restored the schema), and views,
 * triggers, functions and the like by name.
 *
 * @example
 * compareStates(beforeUp, afterDown) // [] when the down restored the schema
 */
export function compareStates(expected: SchemaState, actual: SchemaState): Difference[] {
  const byName = (enums: CatalogEnum[]) => [...enums].sort((a, b) => a.name.localeCompare(b.name));
  return [
    ...compareSchemas(expected.schema, actual.schema).filter((difference) => difference.object !== "enum type"),
    ...compareEnumTypes(byName(expected.enums), byName(actual.enums)),
    ...compareOthers(expected.others, actual.others),
  ];
}

/**
 * How long something took, for progress lines.
 *
 * @example
 * formatMs(1234) // "1.2 s"
 */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
