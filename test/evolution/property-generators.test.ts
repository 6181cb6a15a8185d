/**
 * The property test's generators, checked without a database: every change kind produces schemas
 * the real DSL accepts (validateSchema finds nothing), and each kind is actually reached, so the
 * evolution property is not silently testing less than it claims.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSchema } from "../../src/ir/validate.js";
import { specToIR } from "./arbitraries/build.js";
import { applyChanges, CHANGE_KINDS, changeSeedsArb } from "./arbitraries/changes.js";
import { schemaArb } from "./arbitraries/schema.js";
import { compactSpec } from "./arbitraries/spec.js";

describe("evolution generators", () => {
  it("schema A and every changed schema B are valid DSL schemas", () => {
    fc.assert(
      fc.property(schemaArb, changeSeedsArb(CHANGE_KINDS), (a, seeds) => {
        const evolution = applyChanges(a, seeds);
        expect(validateSchema(specToIR(a)), compactSpec(a)).toEqual([]);
        expect(validateSchema(specToIR(evolution.b)), `${evolution.applied.join("; ")}\n${compactSpec(evolution.b)}`).toEqual([]);
        expect(evolution.applied.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it.each(CHANGE_KINDS)("a %s change is applied in most evolutions", (kind) => {
    const samples = fc.sample(fc.tuple(schemaArb, changeSeedsArb([kind])), { numRuns: 100, seed: 42 });
    const applied = samples.filter(([a, seeds]) => applyChanges(a, seeds).applied.some((line) => line.startsWith(`${kind} `)));
    // Some kinds need something A may lack (an enum column, a foreign key, two tables): often, not always.
    const needsMore = kind === "changeEnumValues" || kind === "dropForeignKey" || kind === "addForeignKey";
    const minimum = needsMore ? 15 : 50;
    expect(applied.length, `${kind} applied in ${applied.length}/100`).toBeGreaterThanOrEqual(minimum);
  });

  it("a change never modifies schema A itself", () => {
    fc.assert(
      fc.property(schemaArb, changeSeedsArb(CHANGE_KINDS), (a, seeds) => {
        const before = JSON.stringify(a);
        applyChanges(a, seeds);
        expect(JSON.stringify(a)).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});
