/**
 * The project's proof for a folder of migrations, in one call: up → the live catalog equals the
 * catalog the IR demands; down (all pending ones, newest first) → equals the catalog before; up
 * again → equal to the IR again. Fails with vitest's diff of the two catalogs.
 */
import { expect } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "./catalog.js";
import type { TestDatabase } from "./database.js";
import { expectedCatalog } from "./expected.js";
import { introspect } from "./introspect.js";
import { migrator } from "./migrate.js";

export interface RoundTrip {
  /** Catalog before the pending migrations ran. */
  before: Catalog;
  /** Catalog after `up`, equal to `expected`. */
  after: Catalog;
  expected: Catalog;
  /** Migration file names that ran. */
  migrations: string[];
}

/**
 * Tables `introspect` leaves out for a schema: its tenant root and umzug's "SequelizeMeta".
 *
 * @example
 * await introspect(db, { exclude: excludedTables(ir) });
 */
export function excludedTables(ir: SchemaIR): string[] {
  return [ir.tenant.tableName, "SequelizeMeta"];
}

/**
 * Runs the pending migrations of `dir` up, down and up again, asserting each state exactly.
 * `ir` is the whole schema once they ran (not only the tables they touch).
 *
 * @example
 * await createTenantRoot(db, ir.tenant);
 * await expectRoundTrip(db, dir.path, ir);
 */
export async function expectRoundTrip(db: TestDatabase, dir: string, ir: SchemaIR): Promise<RoundTrip> {
  const options = { exclude: excludedTables(ir) };
  const runner = migrator(db.sequelize, dir);
  const migrations = await runner.pending();
  expect(migrations.length, `no pending migration in ${dir}`).toBeGreaterThan(0);
  const before = await introspect(db, options);
  const expected = await expectedCatalog(ir, db);

  await runner.up();
  const after = await introspect(db, options);
  expect(after, `after up of ${migrations.join(", ")}`).toEqual(expected);

  await runner.down({ step: migrations.length });
  expect(await introspect(db, options), `after down of ${migrations.join(", ")}`).toEqual(before);

  await runner.up();
  expect(await introspect(db, options), `after up again of ${migrations.join(", ")}`).toEqual(expected);
  return { before, after, expected, migrations };
}
