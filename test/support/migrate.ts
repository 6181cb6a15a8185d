/**
 * Runs migration files with umzug 3 and SequelizeStorage ("SequelizeMeta"), the way a user's
 * runner (or sequelize-cli) does: each file exports `up(queryInterface, Sequelize)` and `down(...)`.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import SequelizeModule, { type QueryInterface, type Sequelize } from "sequelize";
import { SequelizeStorage, Umzug, type RunnableMigration } from "umzug";

export interface Migrator {
  /** Runs every pending migration, in file-name order. */
  up(): Promise<void>;
  /** Reverts the last migration; `to: 0` reverts all, `to: name` down to and including it, `step: n` the last n. */
  down(options?: { to?: 0 | string; step?: number }): Promise<void>;
  /** File names of the executed migrations, in execution order. */
  executed(): Promise<string[]>;
  /** File names not yet executed, in the order `up` will run them. */
  pending(): Promise<string[]>;
  /** The umzug 3 instance itself: what a user's own runner is, for commands the docs print (`umzug.down({ ... })`). */
  umzug: Umzug<QueryInterface>;
}

type MigrationFn = (queryInterface: QueryInterface, sequelize: typeof SequelizeModule) => Promise<unknown>;

interface MigrationModule {
  up?: MigrationFn;
  down?: MigrationFn;
  default?: { up?: MigrationFn; down?: MigrationFn };
}

const MIGRATION_FILE = /^(?!.*\.d\.ts$).*\.(ts|js|cjs|mjs)$/;

/**
 * A migrator over the migration files of `dir`. The folder is re-read on every call, so files
 * written after the migrator was made (the next schema change) are picked up.
 *
 * @example
 * const runner = migrator(db.sequelize, dir.path);
 * await runner.up();
 * await runner.down({ to: 0 });
 */
export function migrator(sequelize: Sequelize, dir: string): Migrator {
  const umzug = new Umzug<QueryInterface>({
    migrations: async () => (await migrationFiles(dir)).map((name) => runnable(dir, name)),
    context: () => sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, modelName: "SequelizeMeta" }),
    logger: undefined,
  });
  return {
    up: async () => {
      await umzug.up();
    },
    down: async (options = {}) => {
      await (options.step !== undefined ? umzug.down({ step: options.step }) : umzug.down({ to: options.to }));
    },
    executed: async () => (await umzug.executed()).map((migration) => migration.name),
    pending: async () => (await umzug.pending()).map((migration) => migration.name),
    umzug,
  };
}

async function migrationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && MIGRATION_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function runnable(dir: string, name: string): RunnableMigration<QueryInterface> {
  const path = join(dir, name);
  const step = (direction: "up" | "down") => async ({ context }: { context: QueryInterface }) => {
    // Works for .ts under vitest (vite-node transforms it) and for plain JavaScript anywhere.
    const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as MigrationModule;
    const fn = module[direction] ?? module.default?.[direction];
    if (typeof fn !== "function") throw new Error(`Migration ${name} does not export a "${direction}" function`);
    await fn(context, SequelizeModule);
  };
  return { name, path, up: step("up"), down: step("down") };
}
