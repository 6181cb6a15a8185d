import type { Register } from "../ir/register.js";
import type { NamingProfile, ReferentialAction } from "../ir/types.js";

// The option types the emitters read are theirs (src/emitters/types.ts); the config names them.
import type { DocLanguage, MigrationExtension, ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../emitters/types.js";
import { DEFAULT_VALIDATE_TIMEOUT } from "../emitters/types.js";

/** What a user writes in `tenant-schema.config.ts`. Every field is optional. */
export interface TenantSchemaConfig {
  /** Folder (or folders) holding the schema files, relative to the config file. Default "schema". */
  schema?: string | string[];
  output?: {
    /** Default "backend/src/models". */
    models?: string;
    /** Default "backend/src/database/migrations". */
    migrations?: string;
    /** Default "docs/db". */
    docs?: string;
    /** Committed emit state (journal + snapshot). Default "backend/src/database/tenant-schema". */
    state?: string;
  };
  tenant?: {
    /** Tenant root table name. Default "companies". */
    table?: string;
    /** Its key column. Default "id". */
    key?: string;
    /** Its key type. Default "integer". */
    keyType?: "integer" | "bigint" | "uuid";
    /** Tenant attribute on every tenant table. Default "companyId". */
    attribute?: string;
    /** ON DELETE of every tenant foreign key. Default "CASCADE". */
    onDelete?: ReferentialAction;
    /**
     * The team's existing tenant model, for `@BelongsTo` associations. Default none. `export`: how
     * its file exports the class (`import Company from ...` for "default"); default `models.exports`.
     */
    model?: { name: string; importPath: string; export?: ModelExportStyle };
  };
  /** Default "snake_case" (the reference conventions). */
  naming?: NamingProfile;
  /** Primary key type of declared tables. Default "integer" (SERIAL). */
  primaryKey?: "integer" | "bigint" | "uuid";
  /** Default 6. */
  sequelize?: SequelizeTarget;
  docs?: { language?: DocLanguage };
  /** The emitted models. */
  models?: {
    /** Default "commonjs"; "esm" for a Node ESM backend (see `ModelModuleFormat`). */
    module?: ModelModuleFormat;
    /** Default "single"; "base-and-user" gives every model a file of the team's own (see `ModelLayout`). */
    layout?: ModelLayout;
    /** Default "named"; "default" for a project whose code does `import Ticket from "./models/Ticket"`. */
    exports?: ModelExportStyle;
  };
  /** How changes to existing tables are run (schema evolution). */
  migrations?: {
    /** `lock_timeout` for ALTERs: fail fast instead of queueing every write behind a lock. Default "5s". */
    lockTimeout?: string;
    /** `statement_timeout` for the transactional part of a migration. Default "60s"; "0" disables it. */
    statementTimeout?: string;
    /**
     * `statement_timeout` of each short transaction of a migration without a wrapping one (VALIDATE
     * scans, the staged NOT NULL steps): longer, since a VALIDATE reads the whole table while reads
     * and writes go on. Default "1h"; "0" leaves it out.
     */
    validateTimeout?: string;
    /** Rows updated per statement by a backfill (per tenant). Default 1000. */
    backfillBatchSize?: number;
    /** How the runner names the migrations it records: the doc's rollback commands use it. Default ".ts". */
    extension?: MigrationExtension;
  };
  /** Tenant isolation enforced by the database and the models (README "Tenant isolation"). */
  isolation?: IsolationConfig;
}

/**
 * The isolation layers. A schema adopted with `pull` declares `keys: false` (the live database has
 * single-column references); turning it on later is an ordinary, safe evolution.
 */
export interface IsolationConfig {
  /**
   * Composite tenant keys: a `(companyId, id)` unique key on every tenant table, every reference
   * between tenant tables `(company_id, x_id) → target(company_id, id)`, and a tenant column that
   * cannot change after insert. Default true.
   */
  keys?: boolean;
  /** ENABLE + FORCE ROW LEVEL SECURITY and a tenant policy on every tenant table. Default false. */
  rls?: boolean;
  /** The emitted models install the runtime guard (`installTenantGuard`). Default true. */
  guard?: boolean;
}

/** The config with every default applied and paths resolved against `rootDir`. */
export interface ResolvedConfig {
  /** Absolute folder of the config file; every output path is relative to it. */
  rootDir: string;
  /** Absolute path of the config file, or null when defaults are used. */
  configFile: string | null;
  schema: string[];
  output: { models: string; migrations: string; docs: string; state: string };
  tenant: {
    table: string;
    key: string;
    keyType: "integer" | "bigint" | "uuid";
    attribute: string;
    onDelete: ReferentialAction;
    model: { name: string; importPath: string } | null;
    /** How the tenant model's file exports it (kept out of `model`, which the IR copies). */
    modelExport: ModelExportStyle;
  };
  naming: NamingProfile;
  primaryKey: "integer" | "bigint" | "uuid";
  sequelize: SequelizeTarget;
  docs: { language: DocLanguage };
  models: { module: ModelModuleFormat; layout: ModelLayout; exports: ModelExportStyle };
  migrations: { lockTimeout: string; statementTimeout: string; validateTimeout: string; backfillBatchSize: number; extension: MigrationExtension };
  isolation: { keys: boolean; rls: boolean; guard: boolean };
}

/** What `Register` declares must be what the config says: the row types follow `Register`. */
type KeysOfRegister = (Register extends { primaryKey: infer K } ? { primaryKey: K } : unknown) &
  (Register extends { tenantKey: infer K } ? { tenant: { keyType: K } } : unknown);

/**
 * Types a `tenant-schema.config.ts` file. With a `Register` declaration (see `InferRow`), its key
 * types must be stated here too.
 *
 * @example
 * export default defineConfig({ schema: "schema", naming: "snake_case", sequelize: 5 });
 */
export function defineConfig(config: TenantSchemaConfig & KeysOfRegister): TenantSchemaConfig {
  return config;
}

/**
 * Applies defaults. Pure: paths stay relative strings, `rootDir` is given.
 *
 * @example
 * resolveConfig({}, "/repo", null).output.models // "backend/src/models"
 */
export function resolveConfig(config: TenantSchemaConfig, rootDir: string, configFile: string | null): ResolvedConfig {
  const tenantModel = config.tenant?.model;
  const exports = config.models?.exports ?? "named";
  return {
    rootDir,
    configFile,
    schema: config.schema === undefined ? ["schema"] : [config.schema].flat(),
    output: {
      models: config.output?.models ?? "backend/src/models",
      migrations: config.output?.migrations ?? "backend/src/database/migrations",
      docs: config.output?.docs ?? "docs/db",
      state: config.output?.state ?? "backend/src/database/tenant-schema",
    },
    tenant: {
      table: config.tenant?.table ?? "companies",
      key: config.tenant?.key ?? "id",
      keyType: config.tenant?.keyType ?? "integer",
      attribute: config.tenant?.attribute ?? "companyId",
      onDelete: config.tenant?.onDelete ?? "CASCADE",
      model: tenantModel === undefined ? null : { name: tenantModel.name, importPath: tenantModel.importPath },
      modelExport: tenantModel?.export ?? exports,
    },
    naming: config.naming ?? "snake_case",
    primaryKey: config.primaryKey ?? "integer",
    sequelize: config.sequelize ?? 6,
    docs: { language: config.docs?.language ?? "pt" },
    models: { module: config.models?.module ?? "commonjs", layout: config.models?.layout ?? "single", exports },
    migrations: {
      lockTimeout: config.migrations?.lockTimeout ?? "5s",
      statementTimeout: config.migrations?.statementTimeout ?? "60s",
      validateTimeout: config.migrations?.validateTimeout ?? DEFAULT_VALIDATE_TIMEOUT,
      backfillBatchSize: config.migrations?.backfillBatchSize ?? 1000,
      extension: config.migrations?.extension ?? ".ts",
    },
    isolation: { keys: config.isolation?.keys ?? true, rls: config.isolation?.rls ?? false, guard: config.isolation?.guard ?? true },
  };
}
