import { describe, expect, it } from "vitest";
import { checkIR, columnIR, enumCheck, foreignKeyIR, indexIR, renamedTable, schemaIR, tableIR } from "../support/ir-builders.js";
import { diffSchemas } from "../../src/diff/diff.js";
import type { Operation } from "../../src/diff/operations.js";
import { splitChangeSets } from "../../src/diff/split.js";
import type { AcknowledgementIR, ColumnIR, TableIR } from "../../src/ir/types.js";

const SAFE = { allowDestructive: false };
const kinds = (operations: readonly Operation[]) => operations.map((op) => op.kind);
const NOW = "20261125120000";

function tickets(columns: ColumnIR[], extra: Partial<TableIR> = {}): TableIR {
  const base = tableIR("tickets", { feature: "support" }, { line: 3 });
  return { ...base, columns: [...base.columns, ...columns], ...extra };
}

/** Each migration of the one change set, as operation kinds. */
const migrationKinds = (operations: readonly Operation[]) =>
  splitChangeSets(operations, NOW, null).changeSets.flatMap((changeSet) => changeSet.migrations.map((migration) => ({ transaction: migration.transaction, kinds: kinds(migration.operations) })));

describe("contract of an expand/contract column rename", () => {
  const title = columnIR("title", { type: { kind: "integer" } });
  const withTitle = tickets([title], {
    indexes: [indexIR("tickets_title_idx", ["title"])],
    checks: [checkIR("tickets_title_check", `"title" > 0`, ["title"])],
    foreignKeys: [foreignKeyIR("tickets_title_fkey", ["title"], "users")],
  });
  const subject = columnIR("subject", { type: { kind: "integer" }, renamedFrom: { from: "title", strategy: "expand-contract" } });
  const withSubject = tickets([subject], {
    indexes: [indexIR("tickets_subject_idx", ["subject"])],
    checks: [checkIR("tickets_subject_check", `"subject" > 0`, ["subject"])],
    foreignKeys: [foreignKeyIR("tickets_subject_fkey", ["subject"], "users")],
  });
  const expanded = diffSchemas(schemaIR([withTitle]), schemaIR([withSubject]), SAFE).snapshot;
  const final = { ...withSubject, columns: withSubject.columns.map((c) => (c.name === "subject" ? { ...c, renamedFrom: null } : c)) };

  it("drops the retired column's foreign keys, checks and indexes before the column, in the transactional migration", () => {
    const contract = diffSchemas(expanded, schemaIR([final]), SAFE);
    expect(contract.issues).toEqual([]);
    expect(contract.operations).toEqual([
      { kind: "dropForeignKey", table: final, foreignKey: withTitle.foreignKeys[0] },
      { kind: "dropCheck", table: final, check: withTitle.checks[0] },
      { kind: "dropIndex", table: final, index: withTitle.indexes[0], concurrently: false },
      expect.objectContaining({ kind: "contractColumnRename", from: title }),
    ]);
    // One transaction: down (the reverse) restores the column, then its check, index and foreign key.
    expect(migrationKinds(contract.operations)).toEqual([{ transaction: true, kinds: ["dropForeignKey", "dropCheck", "dropIndex", "contractColumnRename"] }]);
  });

  it("drops them too when the whole table goes during the transition", () => {
    const ack: AcknowledgementIR = { kind: "dropTable", table: "tickets", reason: "gone", source: null };
    const dropped = diffSchemas(expanded, { ...schemaIR([]), acknowledgements: [ack] }, SAFE);
    expect(dropped.issues).toEqual([]);
    expect(kinds(dropped.operations)).toEqual(["dropForeignKey", "dropCheck", "dropIndex", "contractColumnRename", "dropTable"]);
    expect(dropped.operations.slice(0, 3)).toEqual([
      expect.objectContaining({ foreignKey: withTitle.foreignKeys[0] }),
      expect.objectContaining({ check: withTitle.checks[0] }),
      expect.objectContaining({ index: withTitle.indexes[0], concurrently: false }),
    ]);
  });
});

describe("enum values changed in place", () => {
  it("validates the new enum CHECK in the validation migration", () => {
    const status = (values: string[]) => columnIR("status", { type: { kind: "enum", values, length: 20 } });
    const before = tickets([status(["open"])], { checks: [enumCheck("tickets", "status", ["open"])] });
    const after = tickets([status(["open", "closed"])], { checks: [enumCheck("tickets", "status", ["open", "closed"])] });
    const result = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: "changeEnumValues", to: after.checks[0] }),
      { kind: "validateConstraint", table: after, name: "tickets_status_check" },
    ]);
    expect(migrationKinds(result.operations)).toEqual([
      { transaction: true, kinds: ["changeEnumValues"] },
      { transaction: false, kinds: ["validateConstraint"] },
    ]);
  });
});

describe("checks over a column whose type changes", () => {
  const status = (length: number, values = ["low", "high"], extra: Partial<ColumnIR> = {}) => columnIR("status", { type: { kind: "enum", values, length }, ...extra });

  it("drops an enum CHECK before a longer enum and adds it back NOT VALID, validated later", () => {
    const checks = [enumCheck("tickets", "status", ["low", "high"])];
    const result = diffSchemas(schemaIR([tickets([status(10)], { checks })]), schemaIR([tickets([status(40)], { checks })]), SAFE);
    expect(result.issues).toEqual([]);
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: "alterColumnType", rewrite: false }),
      expect.objectContaining({ kind: "dropCheck", check: checks[0] }),
      expect.objectContaining({ kind: "addCheck", check: checks[0], notValid: true }),
      expect.objectContaining({ kind: "validateConstraint", name: checks[0]!.name }),
    ]);
    expect(migrationKinds(result.operations)).toEqual([
      { transaction: true, kinds: ["dropCheck", "alterColumnType", "addCheck"] },
      { transaction: false, kinds: ["validateConstraint"] },
    ]);
  });

  it("does the same for declared checks, including ones over several columns, and leaves other checks alone", () => {
    const code = (type: ColumnIR["type"]) => columnIR("code", { type });
    const checks = [
      checkIR("tickets_code_check", `"code" > 0`, ["code"]),
      checkIR("tickets_code_id_check", `"code" <> "id"`, ["code", "id"]),
      checkIR("tickets_id_check", `"id" > 0`, ["id"]),
    ];
    const result = diffSchemas(schemaIR([tickets([code({ kind: "integer" })], { checks })]), schemaIR([tickets([code({ kind: "bigint" })], { checks })]), SAFE);
    expect(kinds(result.operations)).toEqual(["alterColumnType", "dropCheck", "dropCheck", "addCheck", "validateConstraint", "addCheck", "validateConstraint"]);
    const touched = result.operations.flatMap((op) => (op.kind === "dropCheck" || op.kind === "addCheck" ? [op.check.name] : []));
    expect(new Set(touched)).toEqual(new Set(["tickets_code_check", "tickets_code_id_check"]));
  });

  it("takes a changed check's old definition down and its new one up", () => {
    const before = tickets([status(10)], { checks: [checkIR("tickets_status_len", `length("status") < 10`, ["status"])] });
    const after = tickets([status(40)], { checks: [checkIR("tickets_status_len", `length("status") < 40`, ["status"])] });
    const result = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(result.operations.filter((op) => op.kind !== "alterColumnType")).toEqual([
      expect.objectContaining({ kind: "dropCheck", check: before.checks[0] }),
      expect.objectContaining({ kind: "addCheck", check: after.checks[0], notValid: true }),
      expect.objectContaining({ kind: "validateConstraint", name: "tickets_status_len" }),
    ]);
  });

  it("drops the check under its old expression when the column is also renamed directly", () => {
    const before = tickets([columnIR("code", { type: { kind: "integer" } })], { checks: [checkIR("tickets_code_check", `"code" > 0`, ["code"])] });
    const number = columnIR("number", { type: { kind: "bigint" }, renamedFrom: { from: "code", strategy: "direct" } });
    const after = tickets([number], { checks: [checkIR("tickets_number_check", `"number" > 0`, ["number"])] });
    const result = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["renameColumn", "alterColumnType", "dropCheck", "addCheck", "validateConstraint"]);
    expect(result.operations[2]).toMatchObject({ check: before.checks[0] });
    expect(result.operations[3]).toMatchObject({ check: after.checks[0] });
  });

  it("drops a check over a retyped and a dropped column once, with the dropped column", () => {
    const before = tickets([status(10), columnIR("note")], { checks: [checkIR("tickets_mixed_check", `"status" <> "note"`, ["status", "note"])] });
    const after = tickets([status(40)]);
    const ack: AcknowledgementIR = { kind: "dropColumn", table: "tickets", column: "note", reason: "unused", source: null };
    const result = diffSchemas(schemaIR([before]), { ...schemaIR([after]), acknowledgements: [ack] }, SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["alterColumnType", "dropCheck", "dropColumn"]);
  });

  it("replaces the enum CHECK around the type change when values change too, and still needs removed values acknowledged", () => {
    const before = tickets([status(10, ["low", "high"])], { checks: [enumCheck("tickets", "status", ["low", "high"])] });
    const after = tickets([status(40, ["low", "very_high_priority"], { source: { file: "schema/support.ts", line: 7 } })], {
      checks: [enumCheck("tickets", "status", ["low", "very_high_priority"])],
    });
    const refused = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(kinds(refused.operations)).toEqual(["alterColumnType", "dropCheck", "addCheck", "validateConstraint"]);
    expect(refused.operations[1]).toMatchObject({ check: before.checks[0] });
    expect(refused.operations[2]).toMatchObject({ check: after.checks[0], notValid: true });
    expect(refused.issues).toEqual([expect.objectContaining({ code: "data-loss-enum-values", table: "tickets", source: { file: "schema/support.ts", line: 7 } })]);
    expect(refused.issues[0]!.message).toContain('removeEnumValues: "tickets.status", values: ["high"]');
    const ack: AcknowledgementIR = { kind: "removeEnumValues", table: "tickets", column: "status", values: ["high"], reason: "merged", source: null };
    expect(diffSchemas(schemaIR([before]), { ...schemaIR([after]), acknowledgements: [ack] }, SAFE).issues).toEqual([]);
    expect(diffSchemas(schemaIR([before]), schemaIR([after]), { allowDestructive: true }).issues).toEqual([]);
  });
});

describe("expand of a column rename whose objects keep their declared names", () => {
  const seenAt = columnIR("seenAt", { type: { kind: "integer" } });
  const bounds = (field: string) => checkIR("tickets_bounds_check", `"${field}" >= 0`, [field]);
  const before = tickets([seenAt], { checks: [bounds("seenAt")], indexes: [indexIR("tickets_by_seen_idx", ["seenAt"])] });
  const lastSeenAt = columnIR("lastSeenAt", { type: { kind: "integer" }, renamedFrom: { from: "seenAt", strategy: "expand-contract" } });
  const after = tickets([lastSeenAt], { checks: [bounds("lastSeenAt")], indexes: [indexIR("tickets_by_seen_idx", ["lastSeenAt"])] });
  const expand = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);

  it("drops the old ones before the expand and adds the new ones the safe way, instead of two objects under one name", () => {
    expect(expand.issues).toEqual([]);
    expect(expand.operations.slice(0, 3)).toEqual([
      { kind: "dropCheck", table: after, check: before.checks[0] },
      { kind: "dropIndex", table: after, index: before.indexes[0], concurrently: false },
      expect.objectContaining({ kind: "expandColumnRename", from: seenAt }),
    ]);
    expect(kinds(expand.operations)).toEqual(
      expect.arrayContaining(["addCheck", "validateConstraint", "addIndex"]),
    );
    expect(expand.operations).toContainEqual({ kind: "addCheck", table: after, check: after.checks[0], notValid: true });
    expect(expand.operations).toContainEqual({ kind: "addIndex", table: after, index: after.indexes[0], concurrently: true });
  });

  it("keeps only the objects whose names are free in the transition", () => {
    const retired = expand.snapshot.tables[0]!.transition.columns;
    expect(retired).toHaveLength(1);
    expect(retired[0]).toMatchObject({ replacedBy: "lastSeenAt", checks: [], indexes: [], foreignKeys: [] });
  });
});

describe("an index over two renamed columns", () => {
  const priority = columnIR("priority", { type: { kind: "integer" } });
  const title = columnIR("title", { type: { kind: "integer" } });
  const both = indexIR("tickets_priority_title_idx", ["priority", "title"]);
  const before = tickets([priority, title], { indexes: [both] });

  it("is kept for the expand/contract rename naming the other column as the direct rename leaves it", () => {
    const price = columnIR("price", { type: { kind: "integer" }, renamedFrom: { from: "priority", strategy: "direct" } });
    const subject = columnIR("subject", { type: { kind: "integer" }, renamedFrom: { from: "title", strategy: "expand-contract" } });
    const after = tickets([price, subject], { indexes: [indexIR("tickets_price_subject_idx", ["price", "subject"])] });
    const retired = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE).snapshot.tables[0]!.transition.columns;
    expect(retired.map((r) => r.indexes.map((i) => i.columns))).toEqual([[["price", "title"]]]);
  });

  it("is kept once when both columns are renamed expand/contract", () => {
    const price = columnIR("price", { type: { kind: "integer" }, renamedFrom: { from: "priority", strategy: "expand-contract" } });
    const subject = columnIR("subject", { type: { kind: "integer" }, renamedFrom: { from: "title", strategy: "expand-contract" } });
    const after = tickets([price, subject], { indexes: [indexIR("tickets_price_subject_idx", ["price", "subject"])] });
    const retired = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE).snapshot.tables[0]!.transition.columns;
    expect(retired.flatMap((r) => r.indexes.map((i) => i.name))).toEqual(["tickets_priority_title_idx"]);
  });
});

describe("a type change that also changes the default", () => {
  it("is one alterColumnType carrying both (no alterDefault, whose down would run against the new type)", () => {
    const ratio = columnIR("ratio", { type: { kind: "boolean" }, default: { kind: "literal", value: true } });
    const asInteger = columnIR("ratio", { type: { kind: "integer" }, default: { kind: "literal", value: 0 }, using: `CASE WHEN "ratio" THEN 1 ELSE 0 END` });
    const { operations, issues } = diffSchemas(schemaIR([tickets([ratio])]), schemaIR([tickets([asInteger])]), SAFE);
    expect(issues).toEqual([]);
    expect(kinds(operations)).toEqual(["alterColumnType"]);
  });
});

describe("a table whose old name is still served by a compatibility view", () => {
  it("refuses to drop or retype a column the view uses, and says to finish the rename first", () => {
    const score = columnIR("score", { type: { kind: "integer" } });
    const reports = tickets([score]);
    const audits: TableIR = renamedTable(reports, { key: "audits", tableName: "audits", renamedFrom: { from: "tickets", strategy: "expand-contract" } });
    const expanded = diffSchemas(schemaIR([reports]), schemaIR([audits]), SAFE).snapshot;
    expect(expanded.tables[0]!.transition.view).toBe("tickets");

    const withoutScore: TableIR = { ...audits, columns: audits.columns.filter((c) => c.name !== "score") };
    const ack: AcknowledgementIR = { kind: "dropColumn", table: "audits", column: "score", reason: "unused", source: null };
    const refused = diffSchemas(expanded, { ...schemaIR([withoutScore]), acknowledgements: [ack] }, SAFE);
    expect(refused.issues.map((issue) => issue.code)).toEqual(["blocked-by-compatibility-view"]);
    expect(refused.issues[0]!.message).toContain("finish the rename first (remove .renamedFrom(...) from the table and emit)");

    // After the contract (hint removed, view dropped), the same drop goes through.
    const contracted = diffSchemas(expanded, schemaIR([{ ...audits, renamedFrom: null }]), SAFE).snapshot;
    expect(diffSchemas(contracted, { ...schemaIR([{ ...withoutScore, renamedFrom: null }]), acknowledgements: [ack] }, SAFE).issues).toEqual([]);
  });
});

describe("an object over a renamed (expand/contract) column and a dropped column", () => {
  const amount = columnIR("amount", { type: { kind: "integer" } });
  const price = columnIR("price", { type: { kind: "integer" } });
  const both = indexIR("tickets_amount_price_idx", ["amount", "price"]);
  const ack: AcknowledgementIR = { kind: "dropColumn", table: "tickets", column: "amount", reason: "unused", source: null };
  const extra = columnIR("extra", { type: { kind: "integer" }, renamedFrom: { from: "price", strategy: "expand-contract" } });

  // Found by the evolution property test (seed 868121190).
  it("goes with the dropped column when both change at once", () => {
    const result = diffSchemas(schemaIR([tickets([amount, price], { indexes: [both] })]), { ...schemaIR([tickets([extra])]), acknowledgements: [ack] }, SAFE);
    expect(result.issues).toEqual([]);
    expect(result.operations.filter((op) => op.kind === "dropIndex")).toEqual([expect.objectContaining({ index: both, concurrently: false })]);
    expect(result.snapshot.tables[0]!.transition.columns).toEqual([expect.objectContaining({ replacedBy: "extra", indexes: [] })]);
  });

  it("is dropped before the column when the column goes while the rename is still in transition", () => {
    const expanded = diffSchemas(schemaIR([tickets([amount, price], { indexes: [both] })]), schemaIR([tickets([amount, extra])]), SAFE).snapshot;
    expect(expanded.tables[0]!.transition.columns[0]!.indexes).toEqual([both]);
    const result = diffSchemas(expanded, { ...schemaIR([tickets([extra])]), acknowledgements: [ack] }, SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["dropIndex", "dropColumn"]);
    expect(result.operations[0]).toMatchObject({ index: both, concurrently: false });
    expect(result.snapshot.tables[0]!.transition.columns).toEqual([expect.objectContaining({ replacedBy: "extra", indexes: [] })]);
  });

  it("names a column renamed directly while the rename is in transition by its new name", () => {
    const expanded = diffSchemas(schemaIR([tickets([amount, price], { indexes: [both] })]), schemaIR([tickets([amount, extra])]), SAFE).snapshot;
    const total = columnIR("total", { type: { kind: "integer" }, renamedFrom: { from: "amount", strategy: "direct" } });
    const result = diffSchemas(expanded, schemaIR([tickets([total, extra])]), SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["renameColumn"]);
    expect(result.snapshot.tables[0]!.transition.columns[0]!.indexes.map((i) => i.columns)).toEqual([["total", "price"]]);
  });
});

describe("objects dropped in the transactional migration while another column is renamed directly", () => {
  // They run before the rename; their down recreates them after the rename is undone, so they
  // carry the columns' names from before the change (long property run, seed 136106678).
  const tagList = columnIR("tagList", { type: { kind: "boolean" } });
  const seenAt = columnIR("seenAt", { type: { kind: "integer" } });
  const extra = columnIR("extra", { type: { kind: "integer" }, renamedFrom: { from: "seenAt", strategy: "direct" } });
  const ack: AcknowledgementIR = { kind: "dropColumn", table: "tickets", column: "tagList", reason: "unused", source: null };

  it("an index over a dropped column names the renamed one as it was", () => {
    const both = indexIR("tickets_tag_list_seen_at_idx", ["tagList", "seenAt"]);
    const result = diffSchemas(schemaIR([tickets([tagList, seenAt], { indexes: [both] })]), { ...schemaIR([tickets([extra])]), acknowledgements: [ack] }, SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["renameColumn", "dropIndex", "dropColumn"]);
    expect(result.operations[1]).toMatchObject({ index: { columns: ["tagList", "seenAt"] }, concurrently: false });
  });

  it("a removed check over the renamed column keeps its old expression", () => {
    const positive = checkIR("tickets_seen_at_check", `"seenAt" > 0`, ["seenAt"]);
    const result = diffSchemas(schemaIR([tickets([seenAt], { checks: [positive] })]), schemaIR([tickets([extra])]), SAFE);
    expect(result.issues).toEqual([]);
    expect(kinds(result.operations)).toEqual(["renameColumn", "dropCheck"]);
    expect(result.operations[1]).toMatchObject({ check: positive });
  });
});
