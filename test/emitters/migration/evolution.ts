/**
 * Support for the evolution tests of the migration emitter: a one-table schema to change, plan
 * builders, and `evolve`, which creates the before-schema with the emitter's own createTable
 * migration, then runs the change set up → down → up on PostgreSQL, asserting the catalog
 * (expectedCatalog of after / before) and the SQL Sequelize sent (equal to `sql.up`/`sql.down`)
 * at every stage.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as SequelizeModule from "sequelize";
import { afterEach, expect } from "vitest";
import type { MigrationPlan, Operation } from "../../../src/diff/operations.js";
import { COMMIT, emitMigration, START_TRANSACTION } from "../../../src/emitters/migration/index.js";
import type { MigrationEmitOptions, MigrationSql } from "../../../src/emitters/types.js";
import type { ColumnIR, SchemaIR, TableIR } from "../../../src/ir/types.js";
import { fixtureSchema } from "../../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../../support/database.js";
import { expectedCatalog } from "../../support/expected.js";
import { introspect } from "../../support/introspect.js";
import { excludedTables } from "../../support/round-trip.js";
import { makeTempDir } from "../../support/temp-dir.js";
import { migrationOptions } from "./plans.js";
import { sentStatements, statementsOf } from "./support.js";

/** The fixture reduced to its `users` table (no reference to any other declared table). */
export function usersSchema(): SchemaIR {
  const schema = fixtureSchema();
  return { ...schema, tables: schema.tables.filter((table) => table.key === "users") };
}

/** A copy of the schema with one table changed by `change`. */
export function changed(schema: SchemaIR, key: string, change: (table: TableIR) => void): SchemaIR {
  const next = structuredClone(schema);
  const table = next.tables.find((t) => t.key === key);
  if (!table) throw new Error(`no table ${key}`);
  change(table);
  return next;
}

export const tableOf = (schema: SchemaIR, key: string): TableIR => {
  const table = schema.tables.find((t) => t.key === key);
  if (!table) throw new Error(`no table ${key}`);
  return table;
};

export const columnOf = (table: TableIR, name: string): ColumnIR => {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column ${name} in ${table.key}`);
  return column;
};

/** Plans of one change set: the first runs in a transaction unless told; timestamps increase. */
export function changeSet(feature: string, parts: Array<{ transaction: boolean; operations: Operation[] }>): MigrationPlan[] {
  const suffixes = ["", "-backfill", "-indexes"];
  return parts.map((part, i) => ({
    feature,
    description: `change-${feature}${suffixes[i] ?? `-${i}`}`,
    timestamp: `2026112600000${i}`,
    transaction: part.transaction,
    operations: part.operations,
  }));
}

/** Tables of a schema as createTable plans (one transactional migration). */
export function createPlan(schema: SchemaIR): MigrationPlan {
  return {
    feature: "setup",
    description: "create-before",
    timestamp: "20261125000000",
    transaction: true,
    operations: schema.tables.map((table) => ({ kind: "createTable", table })),
  };
}

interface Module {
  up(queryInterface: unknown, sequelize: unknown): Promise<void>;
  down(queryInterface: unknown, sequelize: unknown): Promise<void>;
}

export interface Evolution {
  db: TestDatabase;
  /** Emitted change set, in order. */
  sql: MigrationSql[];
  files: string[];
  /** Runs the change set up (asserting the SQL it sent and the after-catalog). */
  up(): Promise<string[]>;
  /** Runs it down, newest migration first (asserting the SQL and the before-catalog). */
  down(): Promise<string[]>;
}

export interface EvolveOptions {
  before: SchemaIR;
  after: SchemaIR;
  plans: MigrationPlan[];
  /** Migrations that build the before-schema (default: createTable of every before table). */
  setup?: MigrationPlan[];
  /** Rows to insert before the change (two tenants exist: ids 1 and 2). */
  seed?: (db: TestDatabase) => Promise<void>;
  options?: Partial<MigrationEmitOptions>;
}

/**
 * For a test file: `start` runs `evolve` and `track` takes any open database; both are closed after
 * each test (registers the afterEach, so call it once, at the top of the file).
 *
 * @example
 * const { start, track } = closedAfterEachTest();
 * const run = await start({ before, after, plans }); const db = track(await openTestDatabase());
 */
export function closedAfterEachTest(): {
  start(options: EvolveOptions): Promise<Evolution & { close(): Promise<void> }>;
  track<T extends { close(): Promise<void> }>(open: T): T;
} {
  let open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const run of open) await run.close();
    open = [];
  });
  const track = <T extends { close(): Promise<void> }>(resource: T): T => {
    open.push(resource);
    return resource;
  };
  return { start: async (options) => track(await evolve(options)), track };
}

/**
 * Builds the before-schema, seeds it, and hands back up/down runners over the emitted change set.
 * Every run asserts: the statements Sequelize sent equal the emitted `sql` (a loop's statement,
 * repeated, counts once) and the catalog equals expectedCatalog(after) after up, the introspected
 * before-catalog (itself equal to expectedCatalog(before)) after down.
 *
 * @example
 * const run = await evolve({ before, after, plans });
 * await run.up(); await run.down(); await run.up();
 */
export async function evolve(options: EvolveOptions): Promise<Evolution & { close(): Promise<void> }> {
  let capture: string[] | null = null;
  const db = await openTestDatabase({ logging: (sql) => capture?.push(sql) });
  const dir = await makeTempDir("evolution");
  const emitOptions = migrationOptions(6, options.options);
  const load = async (plans: MigrationPlan[]) => {
    const emitted = plans.map((plan) => emitMigration(plan, emitOptions));
    const modules: Module[] = [];
    for (const { file } of emitted) {
      await writeFile(join(dir.path, file.path), file.contents);
      modules.push((await import(/* @vite-ignore */ pathToFileURL(join(dir.path, file.path)).href)) as Module);
    }
    return { emitted, modules };
  };
  const queryInterface = db.sequelize.getQueryInterface();
  const exclude = { exclude: excludedTables(options.after) };
  try {
    await createTenantRoot(db, options.before.tenant);
    await db.query(`INSERT INTO "companies" ("name") VALUES ('one'), ('two')`);
    const setup = await load(options.setup ?? [createPlan(options.before)]);
    for (const module of setup.modules) await module.up(queryInterface, SequelizeModule);
    const before = await introspect(db, exclude);
    expect(before, "the before-schema").toEqual(await expectedCatalog(options.before, db));
    await options.seed?.(db);
    const change = await load(options.plans);
    const expectedAfter = await expectedCatalog(options.after, db);
    const run = async (direction: "up" | "down") => {
      const order = direction === "up" ? change.modules : [...change.modules].reverse();
      const plans = direction === "up" ? change.emitted : [...change.emitted].reverse();
      const sql = plans.map((e) => e.sql[direction]);
      const log: string[] = [];
      capture = log;
      for (const module of order) await module[direction](queryInterface, SequelizeModule);
      capture = null;
      const sent = statementsOf(log);
      expect(collapseLoops(sent, sql.flat()), `SQL sent by ${direction}`).toEqual(withoutTransactionControl(sql.flat()).map(loopTemplate));
      // Transaction boundaries too: `sql` shows each statement's own short transaction; a
      // transactional migration's single transaction frames its whole `sql`.
      const framed = plans.flatMap((e, i) =>
        (direction === "up" ? options.plans : [...options.plans].reverse())[i]!.transaction && e.sql[direction].length > 0
          ? [START_TRANSACTION, ...e.sql[direction], COMMIT]
          : e.sql[direction],
      );
      expect(collapseLoops(sentStatements(log), framed), `SQL and transactions sent by ${direction}`).toEqual(framed.map(loopTemplate));
      expect(await introspect(db, exclude), `catalog after ${direction}`).toEqual(direction === "up" ? expectedAfter : before);
      return sent;
    };
    return {
      db,
      sql: change.emitted.map((e) => e.sql),
      files: change.emitted.map((e) => e.file.contents),
      up: () => run("up"),
      down: () => run("down"),
      close: async () => {
        await db.close();
        await dir.remove();
      },
    };
  } catch (error) {
    await db.close();
    await dir.remove();
    throw error;
  }
}

const withoutTransactionControl = (sql: string[]): string[] => sql.filter((s) => s !== START_TRANSACTION && s !== COMMIT);

/** A `sql` entry without its leading `-- repeated ...` comment line: the statement that runs. */
export function loopTemplate(sql: string): string {
  return sql.replace(/^-- repeated[^\n]*\n/, "");
}

/** Consecutive repeats of a loop's statement count once, as `sql` lists it. */
function collapseLoops(sent: string[], expected: string[]): string[] {
  const loops = new Set(expected.filter((sql) => sql.startsWith("-- repeated")).map(loopTemplate));
  return sent.filter((sql, i) => !(loops.has(sql) && sent[i - 1] === sql));
}

/** Runs one SQL statement and returns its rows. */
export async function rows<T = Record<string, unknown>>(db: TestDatabase, sql: string): Promise<T[]> {
  return db.query<T>(sql);
}
