import type { DocLanguage, SequelizeTarget } from "../config/define-config.js";

/** One file an emitter produces; `path` is relative to the folder the CLI writes it into. */
export interface EmittedFile {
  path: string;
  contents: string;
}

export interface ModelEmitOptions {
  sequelize: SequelizeTarget;
}

export interface MigrationEmitOptions {
  sequelize: SequelizeTarget;
}

/** The SQL a migration executes, statement by statement, as Sequelize generates it for PostgreSQL. */
export interface MigrationSql {
  up: string[];
  down: string[];
}

export interface DocEmitOptions {
  language: DocLanguage;
}
