/**
 * One evolution A → B on a real PostgreSQL, the way a team lives it: A's creation migrations run
 * and rows are written in two tenants; B is planned against A's snapshot; its change-set
 * migrations run up (the catalog must equal B's snapshot exactly, the rows kept) and down (the
 * catalog must equal A's exactly). When B left an expand/contract transition open, the
 * mid-transition step: B′ (B with its one-shot hints removed but its rename hints kept, plus the
 * `during` changes) is planned against B's snapshot; its migrations run up from B (B′'s snapshot
 * exactly) and down (B's catalog exactly), rows and values intact both ways. Then the contract
 * step, from B′ (or from B when no mid-transition step ran): it runs up again and C (the same
 * schema with every hint removed) is planned against its snapshot; C has migrations exactly when
 * a transition is still open, their up reaches C's snapshot (no transition left) and their down
 * returns to the catalog before, rows and values intact both ways. Uses the pure planner and
 * emitter directly (no CLI, no prettier) so hundreds of runs stay fast.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { planChanges } from "../../src/diff/plan.js";
import type { MigrationPlan } from "../../src/diff/operations.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import type { MigrationEmitOptions } from "../../src/emitters/types.js";
import type { SchemaIR, SchemaIssue, TableIR } from "../../src/ir/types.js";
import { validateSchema } from "../../src/ir/validate.js";
import { specToIR } from "./arbitraries/build.js";
import { applyChanges, withoutHints, type ChangeSeed } from "./arbitraries/changes.js";
import { applyDuringTransition } from "./arbitraries/during.js";
import { columnValues, keptColumns, type KeptColumn, rowCounts, seedRowsSql } from "./arbitraries/rows.js";
import { compactSpec, type SchemaSpec } from "./arbitraries/spec.js";
import { createTenantRoot, quoteIdent, type TestDatabase } from "../support/database.js";
import type { Catalog } from "../support/catalog.js";
import { expectedCatalog } from "../support/expected.js";
import { columnOrders, expectColumnOrderRestored } from "../support/column-order.js";
import { introspect } from "../support/introspect.js";
import { migrator } from "../support/migrate.js";
import { excludedTables } from "../support/round-trip.js";
import { makeTempDir } from "../support/temp-dir.js";

/** What fast-check generates for one run. */
export interface EvolutionCase {
  a: SchemaSpec;
  seeds: ChangeSeed[];
  /** Changes made to B while its expand/contract renames are still open (B → B′). */
  during: ChangeSeed[];
  /** Small batches make backfills loop; large ones finish in one statement. */
  backfillBatchSize: number;
}

export type EvolutionOutcome =
  | {
      kind: "accepted";
      /** Operation kinds of B's and of the contract's migrations. */
      operations: string[];
      migrations: number;
      /** Whether B left an expand/contract transition open. */
      transitionOpen: boolean;
      /** What the mid-transition step (B → B′) ran; null when it did not run. */
      midTransition: { operations: string[]; migrations: number } | null;
    }
  /** `at`: the emit that was refused, B or B′ (mid-transition). */
  | { kind: "refused"; issues: SchemaIssue[]; at: "B" | "B′" };

/**
 * The refusals /tmp/evolution.md documents: each tells the user what to write. Anything else
 * (e.g. "not supported yet") is a failure of the property.
 */
export const DOCUMENTED_REFUSALS: readonly RegExp[] = [
  /renamedFrom/,
  /acknowledgeDataLoss|--allow-destructive/,
  /\.default\(/,
  /\.backfill\(/,
  /\.using\(/,
];

const A_TIME = "20260101000000";
const B_TIME = "20260201000000";
const B_PRIME_TIME = "20260215000000";
const C_TIME = "20260301000000";

/** The planner's change sets flattened into the migrations they run, in order. */
interface Planned {
  migrations: MigrationPlan[];
  issues: SchemaIssue[];
  snapshot: SchemaIR;
}

function plan(previous: SchemaIR | null, next: SchemaIR, now: string, last: string | null): Planned {
  const result = planChanges(previous, next, now, last);
  return { migrations: result.changeSets.flatMap((set) => set.migrations), issues: result.issues, snapshot: result.snapshot };
}

/** Refused unless every issue is one the documentation tells the user how to resolve. */
function refusal(issues: readonly SchemaIssue[], at: "B" | "B′"): EvolutionOutcome {
  const undocumented = issues.filter((issue) => !DOCUMENTED_REFUSALS.some((pattern) => pattern.test(issue.message)));
  expect(undocumented, "refusals are the documented ones").toEqual([]);
  return { kind: "refused", issues: [...issues], at };
}

/** Tables whose expand/contract rename (of the table or of a column) a snapshot records as open. */
function openTransitions(snapshot: SchemaIR): string[] {
  return snapshot.tables.filter((table) => table.transition.view !== null || table.transition.columns.length > 0).map((table) => table.key);
}

function operationKinds(migrations: readonly MigrationPlan[]): string[] {
  return migrations.flatMap((migration) => migration.operations.map((operation) => operation.kind));
}

/**
 * Counterexample text: A, B and B′ at DSL level, the applied changes, the failing step.
 *
 * @example
 * describeCase(value) // "A: {...}\nchanges:\n  addColumn accounts.extra text nullable\nB: {...}\nduring the transition: (none)"
 */
export function describeCase(value: EvolutionCase): string {
  const evolution = applyChanges(value.a, value.seeds);
  const during = value.during.length > 0 ? applyDuringTransition(value.a, evolution.b, value.during) : null;
  const lines = (applied: readonly string[]) => applied.map((line) => `\n  ${line}`).join("");
  return [
    `A: ${compactSpec(value.a)}`,
    `changes:${lines(evolution.applied)}`,
    `B: ${compactSpec(evolution.b)}`,
    ...(during === null
      ? ["during the transition: (none)"]
      : [`during the transition (run only when B leaves one open):${lines(during.applied)}`, `B′: ${compactSpec(during.b)}`]),
    `backfillBatchSize: ${value.backfillBatchSize}`,
  ].join("\n");
}

/** Empties the database between runs: the tenant root with two tenants, nothing else. */
async function resetDatabase(db: TestDatabase, ir: SchemaIR): Promise<void> {
  await db.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  await createTenantRoot(db, ir.tenant);
  await db.query(`INSERT INTO ${quoteIdent(ir.tenant.tableName)} ("name") VALUES ('tenant one'), ('tenant two')`);
}

async function writeMigrations(dir: string, plans: readonly MigrationPlan[], options: MigrationEmitOptions): Promise<void> {
  for (const migration of plans) {
    const { file } = emitMigration(migration, options);
    await writeFile(join(dir, file.path), file.contents);
  }
}

interface StepInput {
  options: MigrationEmitOptions;
  exclude: { exclude: string[] };
  /** expectedCatalog of a snapshot, computed once per run (see expectedOnce). */
  expected: (snapshot: SchemaIR) => Promise<Catalog>;
}

/**
 * expectedCatalog, once per snapshot of one run: the same IR on the same server has one expected
 * catalog, and B's (or B′'s) is compared again before each later step.
 */
function expectedOnce(db: TestDatabase): (snapshot: SchemaIR) => Promise<Catalog> {
  const known = new Map<SchemaIR, Promise<Catalog>>();
  return (snapshot) => {
    if (!known.has(snapshot)) known.set(snapshot, expectedCatalog(snapshot, db));
    return known.get(snapshot)!;
  };
}

interface MidTransitionInput extends StepInput {
  b: Planned;
  /** B′ planned against B's snapshot. */
  next: Planned;
  irNext: SchemaIR;
  /** Table keys B′ drops (acknowledged): empty again after its down. */
  dropped: ReadonlySet<string>;
}

/** The table of `before` that `table` continues: through its rename hint, or under its own key. */
function previousTable(before: SchemaIR, table: TableIR): TableIR | undefined {
  return before.tables.find((candidate) => candidate.key === table.renamedFrom?.from) ?? before.tables.find((candidate) => candidate.key === table.key);
}

/**
 * B up again, then B′'s migrations up (B′'s snapshot exactly, B's rows and values kept) and down
 * (B's catalog exactly, rows and values still kept), all while B's transitions stay open.
 */
async function midTransitionStep(db: TestDatabase, runner: ReturnType<typeof migrator>, dir: string, input: MidTransitionInput): Promise<void> {
  const { b, next, irNext, dropped, options, exclude, expected } = input;
  await runner.up();
  const catalogB = await introspect(db, exclude);
  expect(catalogB, "B's migrations up again").toEqual(await expected(b.snapshot));
  const countsB = await rowCounts(db, b.snapshot);
  const kept = keptColumns(b.snapshot, irNext);
  const valuesB = new Map<KeptColumn, (string | null)[]>();
  for (const column of kept) valuesB.set(column, await columnValues(db, column.tableA, column.fieldA));

  await writeMigrations(dir, next.migrations, options);
  await runner.up();
  expect(await introspect(db, exclude), "after B′'s (mid-transition) migrations up").toEqual(await expected(next.snapshot));
  const countsNext = await rowCounts(db, next.snapshot);
  for (const table of next.snapshot.tables) {
    const before = previousTable(b.snapshot, table);
    if (before) expect(countsNext[table.tableName], `rows of ${table.tableName} after B′ up`).toBe(countsB[before.tableName]);
  }
  for (const column of kept) {
    expect(await columnValues(db, column.tableB, column.fieldB), `values of ${column.tableB}.${column.fieldB} after B′ up (was ${column.tableA}.${column.fieldA})`).toEqual(valuesB.get(column));
  }

  await runner.down({ step: next.migrations.length });
  expect(await introspect(db, exclude), "after B′'s (mid-transition) migrations down").toEqual(catalogB);
  const countsDown = await rowCounts(db, b.snapshot);
  for (const table of b.snapshot.tables) {
    expect(countsDown[table.tableName], `rows of ${table.tableName} after B′ down`).toBe(dropped.has(table.key) ? 0 : countsB[table.tableName]);
  }
  for (const column of kept) {
    expect(await columnValues(db, column.tableA, column.fieldA), `values of ${column.tableA}.${column.fieldA} after B′ down`).toEqual(valuesB.get(column));
  }
}

interface ContractInput extends StepInput {
  /** The emit the contract follows (B, or B′ after the mid-transition step), and its name. */
  b: Planned;
  name: "B" | "B′";
  c: Planned;
  irC: SchemaIR;
}

/**
 * B (or B′) up again, then C's contract migrations up (C's snapshot exactly, rows and values kept)
 * and down (the catalog before exactly, rows and values still kept: the retired objects come back,
 * the live columns were never touched).
 */
async function contractStep(db: TestDatabase, runner: ReturnType<typeof migrator>, dir: string, input: ContractInput): Promise<void> {
  const { b, name, c, irC, options, exclude, expected } = input;
  await runner.up();
  const catalogB = await introspect(db, exclude);
  expect(catalogB, `${name}'s migrations up again`).toEqual(await expected(b.snapshot));
  const countsB = await rowCounts(db, b.snapshot);
  const kept = keptColumns(b.snapshot, irC);
  const valuesB = new Map<KeptColumn, (string | null)[]>();
  for (const column of kept) valuesB.set(column, await columnValues(db, column.tableA, column.fieldA));

  await writeMigrations(dir, c.migrations, options);
  await runner.up();
  expect(await introspect(db, exclude), "after C's (contract) migrations up").toEqual(await expected(c.snapshot));
  expect(await rowCounts(db, c.snapshot), "rows after C up").toEqual(countsB);
  for (const column of kept) {
    expect(await columnValues(db, column.tableB, column.fieldB), `values of ${column.tableB}.${column.fieldB} after C up`).toEqual(valuesB.get(column));
  }

  await runner.down({ step: c.migrations.length });
  expect(await introspect(db, exclude), "after C's (contract) migrations down").toEqual(catalogB);
  expect(await rowCounts(db, b.snapshot), "rows after C down").toEqual(countsB);
  for (const column of kept) {
    expect(await columnValues(db, column.tableA, column.fieldA), `values of ${column.tableA}.${column.fieldA} after C down`).toEqual(valuesB.get(column));
  }
}

/**
 * Runs one evolution; throws (with the counterexample and the failing step) when a property breaks.
 *
 * @example
 * const outcome = await runEvolution(db, { a, seeds, backfillBatchSize: 2 });
 * outcome.kind // "accepted"
 */
export async function runEvolution(db: TestDatabase, value: EvolutionCase): Promise<EvolutionOutcome> {
  let step = "build A";
  const dir = await makeTempDir("property");
  try {
    const irA = specToIR(value.a);
    expect(validateSchema(irA), "schema A is valid").toEqual([]);
    step = "build B";
    const evolution = applyChanges(value.a, value.seeds);
    const irB = specToIR(evolution.b);
    expect(validateSchema(irB), "schema B is valid").toEqual([]);
    const options: MigrationEmitOptions = { sequelize: 6, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: value.backfillBatchSize };
    const exclude = { exclude: excludedTables(irA) };
    const expected = expectedOnce(db);

    step = "plan A";
    const created = plan(null, irA, A_TIME, null);
    expect(created.issues, "creating A").toEqual([]);
    step = "migrate A up";
    await resetDatabase(db, irA);
    await writeMigrations(dir.path, created.migrations, options);
    const runner = migrator(db.sequelize, dir.path);
    await runner.up();
    const catalogA = await introspect(db, exclude);
    expect(catalogA, "after A's creation").toEqual(await expected(created.snapshot));
    step = "insert rows";
    for (const statement of seedRowsSql(created.snapshot)) await db.query(statement);
    const countsA = await rowCounts(db, created.snapshot);
    const kept = keptColumns(created.snapshot, irB);
    const valuesA = new Map<KeptColumn, (string | null)[]>();
    for (const column of kept) valuesA.set(column, await columnValues(db, column.tableA, column.fieldA));

    step = "plan B";
    const last = created.migrations.at(-1)?.timestamp ?? null;
    const changed = plan(created.snapshot, irB, B_TIME, last);
    if (changed.issues.length > 0) return refusal(changed.issues, "B");
    expect(changed.migrations.length, "a change gives at least one migration").toBeGreaterThan(0);

    step = "migrate B up";
    await writeMigrations(dir.path, changed.migrations, options);
    const orderA = await columnOrders(db);
    await runner.up();
    const orderB = await columnOrders(db);
    expect(await introspect(db, exclude), "after B's migrations up").toEqual(await expected(changed.snapshot));
    step = "rows kept after up";
    const countsB = await rowCounts(db, changed.snapshot);
    for (const table of changed.snapshot.tables) {
      const before = table.renamedFrom ? irA.tables.find((t) => t.key === table.renamedFrom?.from) : irA.tables.find((t) => t.key === table.key);
      if (before) expect(countsB[table.tableName], `rows of ${table.tableName}`).toBe(countsA[before.tableName]);
    }

    step = "values kept after up";
    for (const column of kept) {
      expect(await columnValues(db, column.tableB, column.fieldB), `values of ${column.tableB}.${column.fieldB} (was ${column.tableA}.${column.fieldA})`).toEqual(valuesA.get(column));
    }

    step = "migrate B down";
    await runner.down({ step: changed.migrations.length });
    expect(await introspect(db, exclude), "after B's migrations down").toEqual(catalogA);
    expectColumnOrderRestored(orderA, orderB, await columnOrders(db), "after B's migrations down");
    step = "rows kept after down";
    const countsDown = await rowCounts(db, created.snapshot);
    const dropped = new Set(evolution.b.acknowledgements.flatMap((ack) => (ack.kind === "dropTable" ? [ack.table] : [])));
    for (const table of created.snapshot.tables) {
      expect(countsDown[table.tableName], `rows of ${table.tableName}`).toBe(dropped.has(table.key) ? 0 : countsA[table.tableName]);
    }
    step = "values kept after down";
    for (const column of kept) {
      expect(await columnValues(db, column.tableA, column.fieldA), `values of ${column.tableA}.${column.fieldA}`).toEqual(valuesA.get(column));
    }

    // The contract follows B, or B′ when changes were made while B's transitions were open.
    let before: { name: "B" | "B′"; spec: SchemaSpec; planned: Planned } = { name: "B", spec: evolution.b, planned: changed };
    let midTransition: { operations: string[]; migrations: number } | null = null;
    const transitionOpen = openTransitions(changed.snapshot).length > 0;
    if (transitionOpen && value.during.length > 0) {
      step = "build B′ (changes during the transition)";
      const during = applyDuringTransition(value.a, evolution.b, value.during);
      const irNext = specToIR(during.b);
      expect(validateSchema(irNext), "schema B′ is valid").toEqual([]);
      step = "plan B′ against B's snapshot";
      const next = plan(changed.snapshot, irNext, B_PRIME_TIME, changed.migrations.at(-1)?.timestamp ?? null);
      if (next.issues.length > 0) return refusal(next.issues, "B′");
      expect(next.migrations.length, "a change during the transition gives at least one migration").toBeGreaterThan(0);
      step = "mid-transition step: B up again, B′ up and down";
      const dropped = new Set(during.b.acknowledgements.flatMap((ack) => (ack.kind === "dropTable" ? [ack.table] : [])));
      await midTransitionStep(db, runner, dir.path, { b: changed, next, irNext, dropped, options, exclude, expected });
      before = { name: "B′", spec: during.b, planned: next };
      midTransition = { operations: operationKinds(next.migrations), migrations: next.migrations.length };
    }

    step = `plan C (${before.name} with its hints removed)`;
    const irC = specToIR(withoutHints(before.spec));
    expect(validateSchema(irC), "schema C is valid").toEqual([]);
    const contracted = plan(before.planned.snapshot, irC, C_TIME, before.planned.migrations.at(-1)?.timestamp ?? null);
    expect(contracted.issues, "removing the hints is never refused").toEqual([]);
    const open = openTransitions(before.planned.snapshot);
    expect(contracted.migrations.length > 0, `C has migrations exactly when ${before.name} left transitions open (${open.join(", ") || "none"})`).toBe(open.length > 0);
    expect(openTransitions(contracted.snapshot), "C's snapshot has no transition left").toEqual([]);
    step = `contract step: ${before.name} up again, C up and down`;
    if (contracted.migrations.length > 0) {
      await contractStep(db, runner, dir.path, { b: before.planned, name: before.name, c: contracted, irC, options, exclude, expected });
    }
    return {
      kind: "accepted",
      operations: operationKinds([...changed.migrations, ...contracted.migrations]),
      migrations: changed.migrations.length,
      transitionOpen,
      midTransition,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`evolution failed at step "${step}": ${message.slice(0, 6000)}\n${describeCase(value)}`, { cause: error });
  } finally {
    await dir.remove();
  }
}
