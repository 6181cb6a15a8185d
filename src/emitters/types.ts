import type { DocLanguage, ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../config/define-config.js";

/** One file an emitter produces; `path` is relative to the folder the CLI writes it into. */
export interface EmittedFile {
  path: string;
  contents: string;
  /**
   * Who owns the file once written. "generated" (the default): rewritten on every emit. "user": a
   * scaffold the team owns, written only when missing and never overwritten, compared or checksummed.
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
}

export interface MigrationEmitOptions {
  sequelize: SequelizeTarget;
  /** `SET lock_timeout` before ALTERs, e.g. "5s". */
  lockTimeout: string;
  /** `SET LOCAL statement_timeout` in transactional migrations, e.g. "60s" ("0": none). */
  statementTimeout: string;
  /** Rows per UPDATE in a backfill. */
  backfillBatchSize: number;
}

/** The SQL a migration executes, statement by statement, as Sequelize generates it for PostgreSQL. */
export interface MigrationSql {
  up: string[];
  down: string[];
}

export interface DocEmitOptions {
  language: DocLanguage;
}
