/**
 * The type cost budget (issue 11): the instantiations a table costs the compiler, measured with
 * `tsc --extendedDiagnostics` on the built declarations (what a user's compiler sees) for the shape
 * of bench/type-cost-shape.ts at two sizes. The per-table cost is the slope between them, so fixed
 * costs (lib files, the package's own declarations) do not count. A change that makes the DSL's types
 * dearer per table, or super-linear (each table paying for the ones before it), fails here the day
 * it lands; `npm run bench:types` shows the figures at 100 to 1,000 tables.
 *
 * The chain is longer than the depth at which a belongsTo chain used to hit TS2589 (about 30 tables,
 * when each foreign key's type kept its whole target as a type argument).
 */
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { measureTypeCost, type TypeCost } from "../../bench/type-cost-shape.js";
import { assertBuildIsFresh } from "../cli/project.js";

/** Instantiations per table allowed (measured 1,742 on 2026-12-02 with tsc 5.9; raise it only with a reason in the commit). */
const BUDGET_PER_TABLE = 1_850;
const SMALL = 10;
const LARGE = 45;

describe("type cost of a schema", () => {
  let small: TypeCost;
  let large: TypeCost;
  beforeAll(async () => {
    await assertBuildIsFresh();
    const dir = path.join(os.tmpdir(), `tenant-schema-type-cost-${process.pid}`);
    small = await measureTypeCost(SMALL, path.join(dir, String(SMALL)));
    large = await measureTypeCost(LARGE, path.join(dir, String(LARGE)));
  });

  it(`a ${LARGE}-table belongsTo chain type-checks (no TS2589)`, () => {
    expect(small.errors).toEqual([]);
    expect(large.errors).toEqual([]);
  });

  it(`costs at most ${BUDGET_PER_TABLE} instantiations per table`, () => {
    const perTable = (large.instantiations - small.instantiations) / (LARGE - SMALL);
    console.log(`type cost: ${small.instantiations} instantiations at ${SMALL} tables, ${large.instantiations} at ${LARGE}: ${Math.round(perTable)} per table (budget ${BUDGET_PER_TABLE})`);
    expect(perTable).toBeLessThanOrEqual(BUDGET_PER_TABLE);
  });
});
