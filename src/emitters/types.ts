import type { MarkdownLayout } from "./markdown/markdown.js";
import type { DocLanguage, MigrationExtension, ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../config/define-config.js";

/** One file an emitter produces; `path` is relative to the folder the CLI writes it into. */
export interface EmittedFile {
  path: string;
  contents: string;
  /**
   * "generated" (the default): tenant-schema owns the file and rewrites it. "user": a scaffold the
   * team owns: created once when missing, then never overwritten, reported or checksummed.
   */
  ownership?: "generated" | "user";
}

export interface ModelEmitOptions {
  sequelize: SequelizeTarget;
  /** How models import each other. Default "commonjs". */
  module?: ModelModuleFormat;
  /** Default "single"; "base-and-user": generated bases plus a file per model the team owns. */
  layout?: ModelLayout;
  /** How the model files export their class. Default "named". */
  exports?: ModelExportStyle;
  /** How the tenant model's file exports its class. Default: `exports`. */
  tenantModelExport?: ModelExportStyle;
  /**
   * Each tenant model installs the runtime guard (`installTenantGuard` from "tenant-schema") at
   * module load. Default false here; the CLI passes config `isolation.guard` (default true).
   */
  guard?: boolean;
}

export interface MigrationEmitOptions {
  sequelize: SequelizeTarget;
  /** `SET lock_timeout` before ALTERs, e.g. "5s". */
  lockTimeout: string;
  /** `SET LOCAL statement_timeout` in transactional migrations, e.g. "60s" ("0": none). */
  statementTimeout: string;
  /** Rows per UPDATE in a backfill. */
  backfillBatchSize: number;
  /**
   * `SET LOCAL statement_timeout` in each short transaction of a migration without a wrapping one
   * (VALIDATE, staged NOT NULL), e.g. "1h" ("0": none). Default DEFAULT_VALIDATE_TIMEOUT.
   */
  validateTimeout?: string;
}

/** The SQL a migration executes, statement by statement, as Sequelize generates it for PostgreSQL. */
export interface MigrationSql {
  up: string[];
  down: string[];
}

export interface DocEmitOptions {
  language: DocLanguage;
  /** How the project's runner records migration names in SequelizeMeta (config `migrations.extension`). Default ".ts". */
  migrationExtension?: MigrationExtension;
  /** The emitted models install the runtime tenant guard (config `isolation.guard`): a layer the doc counts for every tenant table. Default false. */
  isolationGuard?: boolean;
  /** The prettier options the doc is printed for (a fixed point of prettier with them). Default DEFAULT_LAYOUT (prettier's defaults). */
  layout?: MarkdownLayout;
}
