/**
 * Every kind of operation fact (src/plan/operation-facts.ts), undo fact (src/plan/undo-facts.ts)
 * and risk reason (src/plan/risk-reasons.ts) has its sentence in every language: sample operations,
 * built from the fixture schema, turned into facts by the plan layer, reach every kind; each
 * language must word each kind with a non-empty sentence naming the fact's names.
 */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../../src/diff/operations.js";
import { factText, riskReasonText, undoFactText } from "../../../src/emitters/markdown/messages/operation-text.js";
import { messagesFor } from "../../../src/emitters/markdown/messages/index.js";
import { OPERATION_FACT_KINDS, operationFacts, type OperationFact } from "../../../src/plan/operation-facts.js";
import { RISK_REASON_KINDS, riskReason, type RiskReason } from "../../../src/plan/risk-reasons.js";
import { UNDO_FACT_KINDS, undoFacts, type UndoFact } from "../../../src/plan/undo-facts.js";
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
    { ...alterColumnType, downUsing: `"subject"::varchar(255)` },
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
    { ...remapEnumValues, remap: [{ from: "closed", to: "done", reversible: true }] },
    { ...addIsolation, object: dropIsolation.object },
    { ...dropIsolation, object: addIsolation.object },
  ];
}

/** The plain strings a fact carries (names, SQL types, values): its sentence must show each. */
function names(fact: OperationFact | UndoFact | RiskReason): string[] {
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

/** The first sample of each kind, keyed by kind. */
function byKind<F extends { kind: string }>(facts: F[]): Map<F["kind"], F> {
  const samples = new Map<F["kind"], F>();
  for (const fact of facts) if (!samples.has(fact.kind)) samples.set(fact.kind, fact);
  return samples;
}

/** Joins every item, so each name a list carries is in the sentence. */
const list = (items: string[]) => items.join(", ");

describe("undo sentences", () => {
  const samples = byKind(sampleOperations().flatMap(undoFacts));

  it("the samples reach every undo fact kind of the runtime list, and only those", () => {
    expect([...samples.keys()].sort()).toEqual([...UNDO_FACT_KINDS].sort());
    expect(new Set(UNDO_FACT_KINDS).size).toBe(UNDO_FACT_KINDS.length);
  });

  for (const language of ["en", "pt"] as const) {
    it(`${language}: a non-empty sentence for every undo fact kind, naming what the fact names`, () => {
      const changes = messagesFor(language).changes;
      expect(Object.keys(changes.undo).sort()).toEqual([...UNDO_FACT_KINDS].sort());
      for (const kind of UNDO_FACT_KINDS) {
        const fact = samples.get(kind)!;
        const sentence = undoFactText(changes, fact, code, list);
        expect(sentence.trim().length, kind).toBeGreaterThan(0);
        for (const name of names(fact)) expect(sentence, `${kind}: ${name}`).toContain(name);
      }
    });
  }
});

describe("risk sentences", () => {
  const samples = byKind(sampleOperations().map(riskReason));

  it("the samples reach every risk reason kind of the runtime list, and only those", () => {
    expect([...samples.keys()].sort()).toEqual([...RISK_REASON_KINDS].sort());
    expect(new Set(RISK_REASON_KINDS).size).toBe(RISK_REASON_KINDS.length);
  });

  for (const language of ["en", "pt"] as const) {
    it(`${language}: a non-empty sentence for every risk reason kind, naming what the reason names`, () => {
      const changes = messagesFor(language).changes;
      expect(Object.keys(changes.risk).sort()).toEqual([...RISK_REASON_KINDS].sort());
      for (const kind of RISK_REASON_KINDS) {
        const reason = samples.get(kind)!;
        const sentence = riskReasonText(changes, reason, code);
        expect(sentence.trim().length, kind).toBeGreaterThan(0);
        for (const name of names(reason)) expect(sentence, `${kind}: ${name}`).toContain(name);
      }
    });

    it(`${language}: the row-level security risk names the table's own tenant setting`, () => {
      const sentence = riskReasonText(messagesFor(language).changes, { kind: "rowLevelSecurity", setting: "app.account_id" }, code);
      expect(sentence).toContain("app.account_id");
      expect(sentence).not.toContain("app.company_id");
    });
  }
});
