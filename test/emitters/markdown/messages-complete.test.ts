/**
 * Every kind of operation fact (src/plan/operation-facts.ts) has its sentence in every language:
 * one sample operation per fact kind, built from the fixture schema, turned into facts by the plan
 * layer; each language must word each kind with a non-empty sentence naming the fact's names.
 */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../../src/diff/operations.js";
import { factText } from "../../../src/emitters/markdown/messages/operation-text.js";
import { messagesFor } from "../../../src/emitters/markdown/messages/index.js";
import { OPERATION_FACT_KINDS, operationFacts, type OperationFact } from "../../../src/plan/operation-facts.js";
import { fixtureSchema } from "../../fixtures/schema-ir.js";
import { everyKind } from "./doc-input.js";

const code = (s: string) => `\`${s}\``;

/** One operation of each kind, then the variants that give the other fact kinds. */
function sampleOperations(): Operation[] {
  const ops = everyKind();
  const global = fixtureSchema().tables.find((t) => t.scope.kind !== "tenant")!;
  const { addColumn, alterColumnType, alterDefault, changeEnumValues, remapEnumValues, renameTable, addIsolation, dropIsolation } = ops;
  return [
    ...(Object.values(ops) as Operation[]),
    { ...renameTable, strategy: "direct" },
    { ...addColumn, nullable: false },
    { ...addColumn, column: { ...addColumn.column, default: null } },
    { ...addColumn, nullable: false, column: { ...addColumn.column, default: null } },
    { ...alterColumnType, using: `"subject"::text` },
    { ...alterColumnType, rewrite: true },
    { ...alterColumnType, rewrite: true, using: `"subject"::text` },
    { ...ops.backfill, table: global },
    { ...alterDefault, from: { kind: "literal", value: "a" }, to: null },
    { ...alterDefault, from: { kind: "literal", value: "a" } },
    { ...alterDefault, to: null },
    { ...ops.addIndex, concurrently: false },
    { ...ops.dropIndex, concurrently: false },
    { ...ops.addCheck, notValid: false },
    { ...ops.addForeignKey, notValid: false },
    { ...changeEnumValues, removed: ["pending", "closed"], remap: [{ from: "pending", to: "open", reversible: false }] },
    { ...remapEnumValues, table: global },
    { ...addIsolation, object: dropIsolation.object },
    { ...dropIsolation, object: addIsolation.object },
  ];
}

/** The plain strings a fact carries (names, SQL types, values): its sentence must show each. */
function names(fact: OperationFact): string[] {
  return Object.entries(fact).flatMap(([key, value]): string[] => {
    if (key === "kind") return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap((v: unknown) => (typeof v === "string" ? [v] : typeof v === "object" && v !== null ? Object.values(v).filter((x): x is string => typeof x === "string") : []));
    return [];
  });
}

describe("operation sentences", () => {
  const samples = new Map<OperationFact["kind"], OperationFact>();
  for (const fact of sampleOperations().flatMap(operationFacts)) if (!samples.has(fact.kind)) samples.set(fact.kind, fact);

  it("the samples reach every fact kind of the runtime list, and only those", () => {
    expect([...samples.keys()].sort()).toEqual([...OPERATION_FACT_KINDS].sort());
    expect(new Set(OPERATION_FACT_KINDS).size).toBe(OPERATION_FACT_KINDS.length);
  });

  for (const language of ["en", "pt"] as const) {
    it(`${language}: a non-empty sentence for every fact kind, naming what the fact names`, () => {
      const changes = messagesFor(language).changes;
      expect(Object.keys(changes.operation).sort()).toEqual([...OPERATION_FACT_KINDS].sort());
      for (const kind of OPERATION_FACT_KINDS) {
        const fact = samples.get(kind)!;
        const sentence = factText(changes, fact, code);
        expect(sentence.trim().length, kind).toBeGreaterThan(0);
        for (const name of names(fact)) expect(sentence, `${kind}: ${name}`).toContain(name);
      }
    });
  }
});
