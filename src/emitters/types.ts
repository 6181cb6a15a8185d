import type { DocLanguage, ModelModuleFormat, SequelizeTarget } from "../config/define-config.js";

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
