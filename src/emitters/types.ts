import type { MarkdownLayout } from "./markdown/markdown.js";

/** Sequelize major version the emitted models and migrations target. */
export type SequelizeTarget = 5 | 6;

/**
 * How the emitted models import each other: `"commonjs"` (`./User`, for CommonJS builds and
 * bundlers) or `"esm"` (`./User.js`, for Node ESM backends: `"type": "module"` with NodeNext).
 */
export type ModelModuleFormat = "commonjs" | "esm";

/**
 * Where a model's code lives: `"single"` (one generated `Ticket.ts` per table, rewritten on every
 * emit) or `"base-and-user"` (the generated `generated/TicketBase.ts` holds columns, associations and
 * table options; `Ticket.ts` extends it and is the team's: created once, never touched again, the
 * home of hooks, scopes, instance methods and virtual attributes).
 */
export type ModelLayout = "single" | "base-and-user";

/** How a model file exports its class: `export class Ticket` or `export default class Ticket`. */
export type ModelExportStyle = "named" | "default";

/** Language of the schema-change documents: the reference template is Portuguese. */
export type DocLanguage = "pt" | "en";

/**
 * The extension of the migration names the project's runner records in `SequelizeMeta`: `".ts"` when
 * it runs the emitted files themselves (umzug under tsx, as the README shows; sequelize-cli with a
 * TypeScript loader), `".js"` when it runs the `tsc` output.
 */
export type MigrationExtension = ".ts" | ".js";

/** `migrations.validateTimeout` when the config says nothing (the migration emitter's default, which the config resolves to too). */
export const DEFAULT_VALIDATE_TIMEOUT = "1h";


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
