import { describe, expect, it } from "vitest";
import { classifyTypeChange } from "../../src/diff/type-change.js";

describe("classifyTypeChange", () => {
  it("keeps catalog-only changes in place", () => {
    expect(classifyTypeChange({ kind: "string", length: 20 }, { kind: "string", length: 80 })).toEqual({ kind: "inPlace" });
    expect(classifyTypeChange({ kind: "string", length: 20 }, { kind: "text" })).toEqual({ kind: "inPlace" });
    expect(classifyTypeChange({ kind: "enum", values: ["a"], length: 10 }, { kind: "enum", values: ["a", "b"], length: 20 })).toEqual({ kind: "inPlace" });
    expect(classifyTypeChange({ kind: "decimal", precision: 10, scale: 2 }, { kind: "decimal", precision: 14, scale: 2 })).toEqual({ kind: "inPlace" });
  });

  it("sees no change where the database sees none (enum values live in the CHECK)", () => {
    expect(classifyTypeChange({ kind: "enum", values: ["a"], length: 10 }, { kind: "enum", values: ["b"], length: 10 })).toEqual({ kind: "none" });
    expect(classifyTypeChange({ kind: "integer" }, { kind: "integer" })).toEqual({ kind: "none" });
  });

  it("marks rewrites whose cast cannot fail", () => {
    for (const [from, to] of [
      [{ kind: "integer" }, { kind: "bigint" }],
      [{ kind: "integer" }, { kind: "double" }],
      [{ kind: "integer" }, { kind: "decimal", precision: 12, scale: 2 }],
      [{ kind: "uuid" }, { kind: "text" }],
    ] as const) {
      expect(classifyTypeChange(from, to)).toEqual({ kind: "rewrite", implicitCast: true });
    }
  });

  it("marks rewrites that need USING", () => {
    for (const [from, to] of [
      [{ kind: "text" }, { kind: "integer" }],
      [{ kind: "bigint" }, { kind: "integer" }],
      [{ kind: "string", length: 80 }, { kind: "string", length: 20 }],
      [{ kind: "decimal", precision: 10, scale: 2 }, { kind: "decimal", precision: 10, scale: 4 }],
      [{ kind: "integer" }, { kind: "decimal", precision: 8, scale: 2 }],
    ] as const) {
      expect(classifyTypeChange(from, to)).toEqual({ kind: "rewrite", implicitCast: false });
    }
  });
});
