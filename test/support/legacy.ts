/**
 * Runs the legacy fixture (test/fixtures/legacy/migrations: a help-desk SaaS's hand-written
 * sequelize-cli migrations) the way `sequelize-cli db:migrate` and `db:migrate:undo:all` do:
 * CommonJS files loaded with `require`, in file-name order, each `up(queryInterface, Sequelize)` called
 * with the real `sequelize` package's `Sequelize`, no transaction around them, and each name recorded
 * in "SequelizeMeta" by umzug's SequelizeStorage configured as sequelize-cli configures it.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SequelizeModule, { type QueryInterface } from "sequelize";
import { SequelizeStorage, Umzug, type RunnableMigration } from "umzug";
import type { TestDatabase } from "./database.js";

export { legacyDumpSchema, pgDumpSchema, type DumpOptions } from "./legacy-dump.js";

/** The fixture's migration folder (a `"type": "commonjs"` package, as a sequelize-cli project is). */
export const LEGACY_MIGRATIONS_DIR = fileURLToPath(new URL("../fixtures/legacy/migrations/", import.meta.url));

/** sequelize-cli's default `migrationStorageTableName`. */
export const SEQUELIZE_META = "SequelizeMeta";

type MigrationFn = (queryInterface: QueryInterface, sequelize: typeof SequelizeModule) => Promise<unknown>;

// sequelize-cli's pattern (/\.js$/): only the migration files, not the folder's package.json.
const MIGRATION_FILE = /\.js$/;

// Native `require`, as umzug 2 inside sequelize-cli loads a migration (not vitest's module loader).
const requireMigration = createRequire(import.meta.url);

/**
 * File names of the fixture's migrations, in the order sequelize-cli runs them.
 *
 * @example
 * legacyMigrationNames()[0] // "20190114093000-create-plans.js"
 */
export function legacyMigrationNames(): string[] {
  return readdirSync(LEGACY_MIGRATIONS_DIR)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

/**
 * Applies the fixture's pending migrations, all of them or up to and including `upTo`
 * (`sequelize-cli db:migrate [--to upTo]`).
 *
 * @example
 * const db = await openTestDatabase();
 * await applyLegacyFixture(db);                                              // the whole fixture
 * await applyLegacyFixture(db, { upTo: "20190116121500-create-tickets.js" }); // or a prefix of it
 */
export async function applyLegacyFixture(db: TestDatabase, options: { upTo?: string } = {}): Promise<void> {
  await legacyMigrator(db).up(options.upTo === undefined ? {} : { to: options.upTo });
}

/**
 * Runs the downs of executed fixture migrations, newest first: all of them, or down to and including
 * `to` (`sequelize-cli db:migrate:undo:all [--to to]`).
 *
 * @example
 * await revertLegacyFixture(db, { to: "20240410100000-add-locale-to-users.js" }); // the last one only
 * await revertLegacyFixture(db);                                                 // everything
 */
export async function revertLegacyFixture(db: TestDatabase, options: { to?: string } = {}): Promise<void> {
  await legacyMigrator(db).down({ to: options.to ?? 0 });
}

/**
 * Names recorded in "SequelizeMeta", in name order (the order sequelize-cli reads them back).
 *
 * @example
 * await applyLegacyFixture(db);
 * expect(await executedLegacyMigrations(db)).toEqual(legacyMigrationNames());
 */
export async function executedLegacyMigrations(db: TestDatabase): Promise<string[]> {
  return (await legacyMigrator(db).executed()).map((migration) => migration.name);
}

/**
 * The umzug instance behind the functions above, for callers that need its events or `pending()`.
 *
 * @example
 * const umzug = legacyMigrator(db);
 * umzug.on("migrated", ({ name }) => console.log(name));
 * await umzug.up();
 */
export function legacyMigrator(db: TestDatabase): Umzug<QueryInterface> {
  return new Umzug<QueryInterface>({
    migrations: () => legacyMigrationNames().map(runnable),
    context: () => db.sequelize.getQueryInterface(),
    // What sequelize-cli passes to umzug's SequelizeStorage (helpers/umzug-helper.js): its table name,
    // no timestamps, the default column `name` of type STRING, i.e.
    // "name" VARCHAR(255) NOT NULL UNIQUE, PRIMARY KEY ("name").
    storage: new SequelizeStorage({
      sequelize: db.sequelize,
      modelName: SEQUELIZE_META,
      tableName: SEQUELIZE_META,
      timestamps: false,
    }),
    logger: undefined,
  });
}

function runnable(name: string): RunnableMigration<QueryInterface> {
  const path = join(LEGACY_MIGRATIONS_DIR, name);
  const step = (direction: "up" | "down") => async ({ context }: { context: QueryInterface }) => {
    const fn = (requireMigration(path) as Partial<Record<"up" | "down", MigrationFn>>)[direction];
    if (typeof fn !== "function") throw new Error(`Legacy migration ${name} has no "${direction}" function`);
    await fn(context, SequelizeModule);
  };
  return { name, path, up: step("up"), down: step("down") };
}
