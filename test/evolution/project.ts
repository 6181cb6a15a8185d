/**
 * A user's project for the evolution proofs: a temp folder under `.tmp/` with a config and schema
 * files, emitted with the real CLI (`runEmit`), migrated with umzug on a real PostgreSQL, each
 * migration's SQL read back from the change set's doc and linted with squawk.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { expect } from "vitest";
import { runEmit, type EmitMode, type EmitOptions, type EmitReport } from "../../src/cli/emit.js";
import { parseSnapshot } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { createTenantRoot, openTestDatabase, quoteLiteral, type TestDatabase } from "../support/database.js";
import { expectedCatalog } from "../support/expected.js";
import { introspect } from "../support/introspect.js";
import { migrator, type Migrator } from "../support/migrate.js";
import { excludedTables } from "../support/round-trip.js";
import { columnOrders, expectColumnOrderRestored } from "../support/column-order.js";
import { docMigrations, docStatements, normalizeStatement } from "../support/doc-sql.js";
import { squawk, undocumentedFindings, type Finding } from "../support/squawk.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

export const MIGRATIONS = "backend/src/database/migrations";
export const STATE = "backend/src/database/tenant-schema";
export const DOCS = "docs/db";
export { docMigrations, docStatements, type DocMigration } from "../support/doc-sql.js";

const CONFIG = (language: "pt" | "en", migrations: string) => `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "${language}" }, migrations: { backfillBatchSize: 2${migrations} } });
`;

export interface EmitFlags {
  mode?: EmitMode;
  /** `--allow-destructive`. */
  allowDestructive?: boolean;
}

/** What one emit changed on disk, by comparing every output file before and after. */
export interface EmitDelta {
  report: EmitReport;
  /** Paths that did not exist before, sorted. */
  created: string[];
  /** Paths whose contents changed, sorted. */
  changed: string[];
  migrations: string[];
  docs: string[];
}

export interface Project {
  root: string;
  write(path: string, contents: string): Promise<void>;
  remove(path: string): Promise<void>;
  read(path: string): Promise<string>;
  emit(now: string, flags?: EmitFlags): Promise<EmitDelta>;
  /** Every file the tool wrote (not the config or schema), with contents. */
  outputs(): Promise<Record<string, string>>;
  snapshot(): Promise<SchemaIR>;
  dispose(): Promise<void>;
}

/**
 * Creates a project with `tenant-schema.config.ts` and the given schema files.
 *
 * @example
 * const project = await createProject("reference", { "schema/tickets.ts": TICKETS_V1 });
 * const first = await project.emit("20261125100000");
 */
export async function createProject(
  name: string,
  files: Record<string, string>,
  language: "pt" | "en" = "pt",
  /** More `migrations` config fields, as source text, e.g. `{ extension: ".js" }`. */
  migrations: Record<string, string> = {},
): Promise<Project> {
  const dir: TempDir = await makeTempDir(`evolution-${name}`);
  const root = dir.path;
  const write = async (path: string, contents: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  };
  await write("tenant-schema.config.ts", CONFIG(language, Object.entries(migrations).map(([key, value]) => `, ${key}: ${value}`).join("")));
  for (const [path, contents] of Object.entries(files)) await write(path, contents);
  const outputs = async (): Promise<Record<string, string>> => {
    const result: Record<string, string> = {};
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const full = join(folder, entry.name);
        const path = relative(root, full).split(sep).join("/");
        if (path === "schema" || path === "tenant-schema.config.ts") continue;
        if (entry.isDirectory()) await walk(full);
        else result[path] = await readFile(full, "utf8");
      }
    };
    await walk(root);
    return result;
  };
  return {
    root,
    write,
    remove: (path) => rm(join(root, path), { force: true }),
    read: (path) => readFile(join(root, path), "utf8"),
    outputs,
    emit: async (now, flags = {}) => {
      const before = await outputs();
      // `allowDestructive` is passed as data: the option lands with the CLI's evolution.
      const options: EmitOptions = { cwd: root, now, mode: flags.mode ?? "write" };
      const report = await runEmit(Object.assign(options, flags.allowDestructive ? { allowDestructive: true } : {}));
      const after = await outputs();
      const created = Object.keys(after).filter((path) => !(path in before)).sort();
      const changed = Object.keys(after).filter((path) => path in before && before[path] !== after[path]).sort();
      return {
        report,
        created,
        changed,
        migrations: created.filter((path) => path.startsWith(`${MIGRATIONS}/`)),
        docs: created.filter((path) => path.startsWith(`${DOCS}/`)),
      };
    },
    snapshot: async () => {
      const file = join(root, STATE, "snapshot.json");
      return parseSnapshot(await readFile(file, "utf8"), file);
    },
    dispose: () => dir.remove(),
  };
}

/** A database with the tenant root and a migrator over the project's migrations folder. */
export interface ProjectDatabase {
  db: TestDatabase;
  runner: Migrator;
  /** Every SQL statement Sequelize sent, in order (cleared with `statements.length = 0`). */
  statements: string[];
  catalog(schema: SchemaIR): Promise<Catalog>;
  expected(schema: SchemaIR): Promise<Catalog>;
  /** Inserts a tenant and returns its id. */
  company(name: string): Promise<number>;
}

/**
 * Opens a database for a project: the tenant root created, a migrator, SQL logging.
 *
 * @example
 * const { db, runner } = await openProjectDatabase(project, schema);
 * await runner.up();
 */
export async function openProjectDatabase(project: Project, schema: SchemaIR): Promise<ProjectDatabase> {
  const statements: string[] = [];
  const db = await openTestDatabase({ logging: (sql) => statements.push(sql.replace(/^Executing \([^)]*\): /, "")) });
  await createTenantRoot(db, schema.tenant);
  return {
    db,
    runner: migrator(db.sequelize, join(project.root, MIGRATIONS)),
    statements,
    catalog: (s) => introspect(db, { exclude: excludedTables(s) }),
    expected: (s) => expectedCatalog(s, db),
    company: async (name) => {
      const [row] = await db.query<{ id: number }>(`INSERT INTO "${schema.tenant.tableName}" ("name") VALUES (${quoteLiteral(name)}) RETURNING "id"`);
      if (!row) throw new Error("no tenant inserted");
      return row.id;
    },
  };
}

/** Whether an emitted migration file runs in one transaction (its header says so). */
export function isTransactional(source: string): boolean {
  if (/^ \* Runs in one transaction\.$/m.test(source)) return true;
  if (/^ \* Runs without a wrapping transaction/m.test(source)) return false;
  throw new Error(`migration header does not say whether it runs in a transaction:\n${source.slice(0, 400)}`);
}

export interface LintedMigration {
  file: string;
  transactional: boolean;
  up: Finding[];
  down: Finding[];
}

/**
 * Lints every migration of a change set with squawk (UP and DOWN SQL from the doc, the
 * transaction assumption from the file) and returns the findings the doc's risks section does not
 * name. The doc must show exactly the migrations given.
 *
 * @example
 * expect(await undocumentedRisks(project, delta)).toEqual([]);
 */
export async function lintChangeSet(project: Project, delta: Pick<EmitDelta, "docs" | "migrations">): Promise<{ linted: LintedMigration[]; undocumented: { file: string; direction: "up" | "down"; finding: Finding }[] }> {
  expect(delta.docs).toHaveLength(1);
  const doc = await project.read(delta.docs[0] ?? "");
  const shown = docMigrations(doc);
  expect(shown.map((m) => m.file)).toEqual(delta.migrations.map((path) => path.split("/").pop()));
  const linted: LintedMigration[] = [];
  for (const migration of shown) {
    const transactional = isTransactional(await project.read(`${MIGRATIONS}/${migration.file}`));
    linted.push({
      file: migration.file,
      transactional,
      up: await squawk(migration.up, { inTransaction: transactional }),
      down: await squawk(migration.down, { inTransaction: transactional }),
    });
  }
  const undocumented = linted.flatMap((m) => [
    ...undocumentedFindings(m.up, doc).map((finding) => ({ file: m.file, direction: "up" as const, finding })),
    ...undocumentedFindings(m.down, doc).map((finding) => ({ file: m.file, direction: "down" as const, finding })),
  ]);
  return { linted, undocumented };
}

/** A project emitted once and migrated, with rows in two tenants: the start of every evolution proof. */
export interface Evolution {
  project: Project;
  database: ProjectDatabase;
  first: EmitDelta;
  v1: SchemaIR;
  catalogV1: Catalog;
  tenants: [number, number];
  /** Every output file right after the first emit (its models are "the old code"). */
  outputsV1: Record<string, string>;
}

/**
 * Emits the first version of a schema, migrates it up (checked against its snapshot), creates two
 * tenants and lets `seed` insert rows.
 *
 * @example
 * const start = await startEvolution("rename", { "schema/tickets.ts": V1 }, (db, [a, b]) => db.query(`INSERT ...`));
 */
export async function startEvolution(
  name: string,
  files: Record<string, string>,
  seed: (db: TestDatabase, tenants: [number, number]) => Promise<unknown>,
): Promise<Evolution> {
  const project = await createProject(name, files);
  const first = await project.emit("20261125100000");
  expect(first.report.errors).toEqual([]);
  expect(first.migrations.length).toBeGreaterThan(0);
  const v1 = await project.snapshot();
  const outputsV1 = await project.outputs();
  const database = await openProjectDatabase(project, v1);
  await database.runner.up();
  const catalogV1 = await database.catalog(v1);
  expect(catalogV1).toEqual(await database.expected(v1));
  const tenants: [number, number] = [await database.company("Acme"), await database.company("Globex")];
  await seed(database.db, tenants);
  return { project, database, first, v1, catalogV1, tenants, outputsV1 };
}

/**
 * The proof of one emitted change set on a database at the state before it: up → the catalog of
 * `after`, down → exactly `before`, up again → `after`. With `project`, the statements each
 * direction executed must also be the SQL its doc shows (down: migrations newest first). Returns
 * the SQL statements of the first up.
 *
 * @example
 * await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
 */
export async function expectChangeSetRoundTrip(
  database: ProjectDatabase,
  delta: EmitDelta,
  after: SchemaIR,
  before: Catalog,
  project?: Project,
): Promise<string[]> {
  expect(await database.runner.pending()).toEqual(delta.migrations.map((path) => path.split("/").pop()));
  const shown = project ? docMigrations(await project.read(delta.docs[0] ?? "")) : null;
  const orderBefore = await columnOrders(database.db);
  database.statements.length = 0;
  await database.runner.up();
  const statements = [...database.statements];
  const orderUp = await columnOrders(database.db);
  const expected = await database.expected(after);
  expect(await database.catalog(after), "after up").toEqual(expected);
  if (shown) {
    expect(collapseRepeats(executedSchemaStatements(statements)), "executed up vs the doc").toEqual(
      executedSchemaStatements(shown.flatMap((m) => docStatements(m.up))),
    );
  }
  database.statements.length = 0;
  await database.runner.down({ step: delta.migrations.length });
  const downStatements = [...database.statements];
  expect(await database.catalog(after), "after down").toEqual(before);
  expectColumnOrderRestored(orderBefore, orderUp, await columnOrders(database.db), "after down");
  if (shown) {
    expect(collapseRepeats(executedSchemaStatements(downStatements)), "executed down vs the doc").toEqual(
      // Transaction control is compared by what it wraps: the doc may show BEGIN/COMMIT, Sequelize logs START TRANSACTION.
      executedSchemaStatements([...shown].reverse().flatMap((m) => docStatements(m.down))),
    );
  }
  await database.runner.up();
  expect(await database.catalog(after), "after up again").toEqual(expected);
  return statements;
}

// A backfill loop runs its UPDATE until no row changes; the doc shows it once.
const collapseRepeats = (statements: string[]): string[] => statements.filter((statement, i) => statement !== statements[i - 1]);

/**
 * The schema statements a migration run sent, as the doc would show them: without transaction
 * control (START TRANSACTION/COMMIT) and without umzug's bookkeeping in "SequelizeMeta".
 *
 * @example
 * executedSchemaStatements(database.statements)
 */
export function executedSchemaStatements(statements: readonly string[]): string[] {
  return statements
    .map(normalizeStatement)
    .filter((statement) => !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(statement) && !statement.includes("SequelizeMeta"));
}

/** The emitted model files among a project's outputs, relative to the models folder. */
export function modelFiles(outputs: Record<string, string>): { path: string; contents: string }[] {
  const prefix = "backend/src/models/";
  return Object.entries(outputs)
    .filter(([path]) => path.startsWith(prefix))
    .map(([path, contents]) => ({ path: path.slice(prefix.length), contents }));
}
