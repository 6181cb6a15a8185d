import { describe, expect, it } from "vitest";
import { checkIR, columnIR, enumCheck, foreignKeyIR, indexIR, renamedTable, schemaIR, tableIR } from "../support/ir-builders.js";
import { diffSchemas } from "../../src/diff/diff.js";
import type { Operation } from "../../src/diff/operations.js";
import type { AcknowledgementIR, ColumnIR, SchemaIR, TableIR } from "../../src/ir/types.js";

const SAFE = { allowDestructive: false };
const kinds = (operations: readonly Operation[]) => operations.map((op) => op.kind);

/** tickets with an id, a title and whatever else a test needs. */
function tickets(columns: ColumnIR[] = [columnIR("title")], extra: Partial<TableIR> = {}): TableIR {
  const base = tableIR("tickets", { feature: "support" }, { line: 3 });
  return { ...base, columns: [...base.columns, ...columns], ...extra };
}

const withAcks = (next: SchemaIR, acknowledgements: AcknowledgementIR[]): SchemaIR => ({ ...next, acknowledgements });

describe("diffSchemas: tables", () => {
  it("finds nothing when only declaration lines moved, and keeps the new lines in the snapshot", () => {
    const next = schemaIR([{ ...tickets(), source: { file: "schema/support.ts", line: 30 } }]);
    const result = diffSchemas(schemaIR([tickets()]), next, SAFE);
    expect(result.operations).toEqual([]);
    expect(result.issues).toEqual([]);
    expect(result.snapshot).toEqual(next);
  });

  it("creates new tables and ignores model-only changes", () => {
    const users = tableIR("users", { feature: "users" });
    const usersWithAssociation = { ...users, associations: [{ kind: "hasMany" as const, as: "tickets", target: "tickets", targetModel: "Ticket", foreignKey: "usersId" }] };
    const result = diffSchemas(schemaIR([users]), schemaIR([usersWithAssociation, tableIR("tickets", { feature: "support" }, { references: ["users"] })]), SAFE);
    expect(kinds(result.operations)).toEqual(["createTable"]);
  });

  it("refuses a dropped table at its old declaration unless acknowledged", () => {
    const legacy = tableIR("legacyItems", { feature: "legacy" }, { line: 9 });
    const refused = diffSchemas(schemaIR([legacy]), schemaIR([]), SAFE);
    expect(kinds(refused.operations)).toEqual(["dropTable"]);
    expect(refused.issues).toEqual([expect.objectContaining({ code: "data-loss-drop-table", table: "legacyItems", source: { file: "schema/legacy.ts", line: 9 } })]);
    expect(refused.issues[0]!.message).toContain('acknowledgeDataLoss({ dropTable: "legacyItems" }');
    expect(refused.issues[0]!.message).toContain("--allow-destructive");
    const ack: AcknowledgementIR = { kind: "dropTable", table: "legacyItems", reason: "unused", source: null };
    expect(diffSchemas(schemaIR([legacy]), withAcks(schemaIR([]), [ack]), SAFE).issues).toEqual([]);
    expect(diffSchemas(schemaIR([legacy]), schemaIR([]), { allowDestructive: true }).issues).toEqual([]);
  });

  it("renames a table expand/contract: objects renamed with it, the old name kept as a view until the hint goes", () => {
    const users = { ...tableIR("users", { feature: "users" }), indexes: [indexIR("users_name_idx", ["name"])], columns: [...tableIR("users", { feature: "users" }).columns, columnIR("name")] };
    const members: TableIR = renamedTable(users, { key: "members", tableName: "members", renamedFrom: { from: "users", strategy: "expand-contract" }, indexes: [indexIR("members_name_idx", ["name"])] });
    const expand = diffSchemas(schemaIR([users]), schemaIR([members]), SAFE);
    expect(expand.issues).toEqual([]);
    expect(kinds(expand.operations)).toEqual(["renameTable"]);
    const rename = expand.operations[0] as Extract<Operation, { kind: "renameTable" }>;
    expect(rename.strategy).toBe("expand-contract");
    expect(rename.from.tableName).toBe("users");
    expect(rename.table.tableName).toBe("members");
    expect(rename.table.indexes.map((i) => i.name)).toEqual(["members_name_idx"]);
    expect(expand.snapshot.tables[0]!.transition).toEqual({ view: "users", columns: [] });

    const kept = diffSchemas(expand.snapshot, schemaIR([members]), SAFE);
    expect(kept.operations).toEqual([]);
    expect(kept.snapshot.tables[0]!.transition.view).toBe("users");

    const contract = diffSchemas(expand.snapshot, schemaIR([{ ...members, renamedFrom: null }]), SAFE);
    expect(contract.operations).toEqual([{ kind: "dropCompatibilityView", table: { ...members, renamedFrom: null }, view: "users" }]);
    expect(contract.snapshot.tables[0]!.transition).toEqual({ view: null, columns: [] });
  });

  it("renames directly without a view, and a changed table name under one key is a direct rename", () => {
    const users = tableIR("users", { feature: "users" });
    const direct = diffSchemas(schemaIR([users]), schemaIR([renamedTable(users, { key: "members", tableName: "members", renamedFrom: { from: "users", strategy: "direct" } })]), SAFE);
    expect(direct.operations).toEqual([expect.objectContaining({ kind: "renameTable", strategy: "direct" })]);
    expect(direct.snapshot.tables[0]!.transition.view).toBeNull();
    const override = diffSchemas(schemaIR([users]), schemaIR([renamedTable(users, { tableName: "app_users" })]), SAFE);
    expect(override.operations).toEqual([expect.objectContaining({ kind: "renameTable", strategy: "direct" })]);
  });

  it("does not touch foreign keys that follow a renamed table", () => {
    const users = tableIR("users", { feature: "users" });
    const tix = tableIR("tickets", { feature: "support" }, { references: ["users"] });
    const members = renamedTable(users, { key: "members", tableName: "members", renamedFrom: { from: "users", strategy: "direct" as const } });
    const following = { ...tix, foreignKeys: tix.foreignKeys.map((fk) => ({ ...fk, referencedTable: "members" })) };
    expect(kinds(diffSchemas(schemaIR([users, tix]), schemaIR([members, following]), SAFE).operations)).toEqual(["renameTable"]);
  });

  it("turns a changed table description into a comment change", () => {
    const result = diffSchemas(schemaIR([tickets()]), schemaIR([tickets(undefined, { description: "Support requests" })]), SAFE);
    expect(result.operations).toEqual([expect.objectContaining({ kind: "alterTableComment", from: null, to: "Support requests" })]);
  });
});

describe("diffSchemas: added columns", () => {
  const add = (col: ColumnIR, extra: Partial<TableIR> = {}) => diffSchemas(schemaIR([tickets()]), schemaIR([tickets([columnIR("title"), col], extra)]), SAFE);

  it("adds nullable columns and NOT NULL columns with a literal default in place", () => {
    expect(add(columnIR("note", { nullable: true })).operations).toEqual([expect.objectContaining({ kind: "addColumn", nullable: true })]);
    expect(add(columnIR("priority", { default: { kind: "literal", value: "low" } })).operations).toEqual([
      expect.objectContaining({ kind: "addColumn", nullable: false }),
    ]);
  });

  it("adds NOT NULL columns with an sql default or a backfill nullable, fills them, then sets NOT NULL", () => {
    const sqlDefault = add(columnIR("openedAt", { type: { kind: "timestamp" }, default: { kind: "sql", sql: "now()" } }));
    expect(kinds(sqlDefault.operations)).toEqual(["addColumn", "backfill", "setNotNull"]);
    expect(sqlDefault.operations[0]).toMatchObject({ nullable: true });
    expect(sqlDefault.operations[1]).toMatchObject({ expression: "now()" });
    const backfilled = add(columnIR("code", { backfill: `'T-' || "id"` }));
    expect(backfilled.operations[1]).toMatchObject({ kind: "backfill", expression: `'T-' || "id"` });
  });

  it("refuses a NOT NULL column with neither, naming its declaration and the fix", () => {
    const result = add(columnIR("code", { source: { file: "schema/support.ts", line: 12 } }));
    expect(result.issues).toEqual([expect.objectContaining({ code: "not-null-without-default", table: "tickets", source: { file: "schema/support.ts", line: 12 } })]);
    expect(result.issues[0]!.message).toBe(
      "column 'code' added to existing table 'tickets' is NOT NULL without a default: declare .default(...) or .backfill(sql`...`) to fill the existing rows, or make it .nullable()",
    );
  });

  it("adds the new column's indexes concurrently and its constraints NOT VALID, validated later", () => {
    const result = add(columnIR("ownerId", { type: { kind: "integer" }, nullable: true }), {
      indexes: [indexIR("tickets_owner_id_idx", ["ownerId"])],
      checks: [checkIR("tickets_owner_check", `"ownerId" > 0`, ["ownerId"])],
      foreignKeys: [foreignKeyIR("tickets_owner_id_fkey", ["ownerId"], "users")],
    });
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: "addColumn" }),
      expect.objectContaining({ kind: "addIndex", concurrently: true }),
      expect.objectContaining({ kind: "addCheck", notValid: true }),
      { kind: "validateConstraint", table: expect.anything(), name: "tickets_owner_check" },
      expect.objectContaining({ kind: "addForeignKey", notValid: true }),
      { kind: "validateConstraint", table: expect.anything(), name: "tickets_owner_id_fkey" },
    ]);
  });
});

describe("diffSchemas: dropped and renamed columns", () => {
  const withCode = tickets([columnIR("title"), columnIR("code", { type: { kind: "integer" } })], {
    indexes: [indexIR("tickets_code_idx", ["code"])],
    checks: [checkIR("tickets_code_check", `"code" > 0`, ["code"])],
  });

  it("drops a column after its indexes and checks (non-concurrently), once acknowledged", () => {
    const refused = diffSchemas(schemaIR([withCode]), schemaIR([tickets()]), SAFE);
    expect(kinds(refused.operations)).toEqual(["dropCheck", "dropIndex", "dropColumn"]);
    expect(refused.operations[1]).toMatchObject({ concurrently: false });
    expect(refused.issues).toEqual([expect.objectContaining({ code: "data-loss-drop-column", table: "tickets", source: { file: "schema/support.ts", line: 3 } })]);
    expect(refused.issues[0]!.message).toContain('acknowledgeDataLoss({ dropColumn: "tickets.code" }');
    const ack: AcknowledgementIR = { kind: "dropColumn", table: "tickets", column: "code", reason: "unused", source: null };
    expect(diffSchemas(schemaIR([withCode]), withAcks(schemaIR([tickets()]), [ack]), SAFE).issues).toEqual([]);
  });

  it("refuses a drop + add of one type as a likely rename, even with --allow-destructive, unless that drop is acknowledged", () => {
    const next = schemaIR([tickets([columnIR("subject", { source: { file: "schema/support.ts", line: 5 } })])]);
    const result = diffSchemas(schemaIR([tickets()]), next, { allowDestructive: true });
    expect(result.issues.map((issue) => issue.code)).toEqual(["not-null-without-default", "possible-rename"]);
    expect(result.issues[1]).toMatchObject({ table: "tickets", source: { file: "schema/support.ts", line: 5 } });
    expect(result.issues[1]!.message).toContain(`declare .renamedFrom("title") on 'subject'`);
    const ack: AcknowledgementIR = { kind: "dropColumn", table: "tickets", column: "title", reason: "new subject", source: null };
    const nullable = schemaIR([tickets([columnIR("subject", { nullable: true })])]);
    expect(diffSchemas(schemaIR([tickets()]), withAcks(nullable, [ack]), SAFE).issues).toEqual([]);
  });

  it("renames a column directly, with the indexes and checks whose names follow it", () => {
    const before = tickets([columnIR("title")], { indexes: [indexIR("tickets_title_idx", ["title"])], checks: [checkIR("tickets_title_check", `length("title") > 0`, ["title"])] });
    const after = tickets([columnIR("subject", { renamedFrom: { from: "title", strategy: "direct" } })], {
      indexes: [indexIR("tickets_subject_idx", ["subject"])],
      checks: [checkIR("tickets_subject_check", `length("subject") > 0`, ["subject"])],
    });
    const result = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(result.issues).toEqual([]);
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: "renameColumn", from: expect.objectContaining({ name: "title" }), to: expect.objectContaining({ name: "subject" }) }),
      expect.objectContaining({ kind: "renameIndex", from: "tickets_title_idx", to: "tickets_subject_idx" }),
      expect.objectContaining({ kind: "renameConstraint", from: "tickets_title_check", to: "tickets_subject_check" }),
    ]);
  });

  it("renames a column expand/contract: new column synced and filled, old one kept with its index until the hint goes", () => {
    const before = tickets([columnIR("title")], { indexes: [indexIR("tickets_title_idx", ["title"])] });
    const subject = columnIR("subject", { renamedFrom: { from: "title", strategy: "expand-contract" } });
    const after = tickets([subject], { indexes: [indexIR("tickets_subject_idx", ["subject"])] });
    const expand = diffSchemas(schemaIR([before]), schemaIR([after]), SAFE);
    expect(expand.issues).toEqual([]);
    expect(kinds(expand.operations)).toEqual(["expandColumnRename", "backfill", "setNotNull", "addIndex"]);
    expect(expand.operations[1]).toMatchObject({ expression: '"title"' });
    expect(expand.operations[3]).toMatchObject({ concurrently: true });
    expect(expand.snapshot.tables[0]!.transition.columns).toEqual([
      { column: before.columns.find((c) => c.name === "title"), replacedBy: "subject", indexes: [before.indexes[0]], checks: [], foreignKeys: [] },
    ]);

    const kept = diffSchemas(expand.snapshot, schemaIR([after]), SAFE);
    expect(kept.operations).toEqual([]);
    expect(kept.snapshot.tables[0]!.transition.columns).toHaveLength(1);

    const final = tickets([{ ...subject, renamedFrom: null }], { indexes: after.indexes });
    const contract = diffSchemas(expand.snapshot, schemaIR([final]), SAFE);
    // The retired column's index is dropped explicitly first, so down recreates it after the column.
    expect(contract.operations).toEqual([
      { kind: "dropIndex", table: final, index: before.indexes[0], concurrently: false },
      { kind: "contractColumnRename", table: final, from: before.columns.find((c) => c.name === "title"), to: final.columns.find((c) => c.name === "subject") },
    ]);
    expect(contract.snapshot.tables[0]!.transition.columns).toEqual([]);
  });
});

describe("diffSchemas: changed columns", () => {
  const change = (from: Partial<ColumnIR>, to: Partial<ColumnIR>, extra: { before?: Partial<TableIR>; after?: Partial<TableIR>; acks?: AcknowledgementIR[] } = {}) =>
    diffSchemas(schemaIR([tickets([columnIR("value", from)], extra.before)]), withAcks(schemaIR([tickets([columnIR("value", to)], extra.after)]), extra.acks ?? []), SAFE);

  it("widens a VARCHAR in place and rewrites with an implicit cast when it cannot fail", () => {
    expect(change({ type: { kind: "string", length: 20 } }, { type: { kind: "string", length: 80 } }).operations).toEqual([
      expect.objectContaining({ kind: "alterColumnType", rewrite: false, using: null, downUsing: null }),
    ]);
    expect(change({ type: { kind: "integer" } }, { type: { kind: "bigint" } }).operations).toEqual([
      expect.objectContaining({ kind: "alterColumnType", rewrite: true, using: null, downUsing: '"value"::INTEGER' }),
    ]);
  });

  it("needs .using(...) for a conversion that can fail, and carries it", () => {
    const refused = change({ type: { kind: "text" } }, { type: { kind: "integer" }, source: { file: "schema/support.ts", line: 6 } });
    expect(refused.issues).toEqual([expect.objectContaining({ code: "type-change-needs-using", source: { file: "schema/support.ts", line: 6 } })]);
    expect(refused.issues[0]!.message).toContain("from TEXT to INTEGER");
    expect(refused.issues[0]!.message).toContain(".using(sql`...`)");
    const converted = change({ type: { kind: "text" } }, { type: { kind: "integer" }, using: `trim("value")::integer` });
    expect(converted.issues).toEqual([]);
    expect(converted.operations).toEqual([expect.objectContaining({ kind: "alterColumnType", rewrite: true, using: `trim("value")::integer`, downUsing: '"value"::TEXT' })]);
  });

  it("drops NOT NULL, and sets it staged after filling from the default", () => {
    expect(kinds(change({}, { nullable: true }).operations)).toEqual(["dropNotNull"]);
    const tightened = change({ nullable: true }, { default: { kind: "literal", value: "n/a" } });
    expect(kinds(tightened.operations)).toEqual(["alterDefault", "backfill", "setNotNull"]);
    expect(tightened.operations[1]).toMatchObject({ expression: "'n/a'" });
  });

  it("changes defaults and comments", () => {
    const result = change({ default: { kind: "literal", value: 1 }, comment: "a" }, { default: { kind: "sql", sql: "now()" }, comment: "b" });
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: "alterDefault", from: { kind: "literal", value: 1 }, to: { kind: "sql", sql: "now()" } }),
      expect.objectContaining({ kind: "alterColumnComment", from: "a", to: "b" }),
    ]);
  });

  it("replaces the enum CHECK when values change; a longer enum is also a type change; removed values need an acknowledgement", () => {
    const status = (values: string[], length: number): Partial<ColumnIR> => ({ field: "value", type: { kind: "enum", values, length } });
    const added = change(status(["open"], 10), status(["open", "closed"], 10), {
      before: { checks: [enumCheck("tickets", "value", ["open"])] },
      after: { checks: [enumCheck("tickets", "value", ["open", "closed"])] },
    });
    expect(added.issues).toEqual([]);
    expect(added.operations).toEqual([
      expect.objectContaining({ kind: "changeEnumValues", added: ["closed"], removed: [] }),
      expect.objectContaining({ kind: "validateConstraint", name: "tickets_value_check" }),
    ]);

    const removed = change(status(["open", "pending"], 10), status(["open", "in_progress_long"], 20), {
      before: { checks: [enumCheck("tickets", "value", ["open", "pending"])] },
      after: { checks: [enumCheck("tickets", "value", ["open", "in_progress_long"])] },
    });
    // The type changes too: the enum CHECK is dropped before it and added after it (see below).
    expect(kinds(removed.operations)).toEqual(["alterColumnType", "dropCheck", "addCheck", "validateConstraint"]);
    expect(removed.issues).toEqual([expect.objectContaining({ code: "data-loss-enum-values" })]);
    expect(removed.issues[0]!.message).toContain('acknowledgeDataLoss({ removeEnumValues: "tickets.value", values: ["pending"] }');
    const acked = change(status(["open", "pending"], 10), status(["open"], 10), {
      before: { checks: [enumCheck("tickets", "value", ["open", "pending"])] },
      after: { checks: [enumCheck("tickets", "value", ["open"])] },
      acks: [{ kind: "removeEnumValues", table: "tickets", column: "value", values: ["pending"], reason: "migrated to open", source: null }],
    });
    expect(acked.issues).toEqual([]);
  });
});

describe("diffSchemas: indexes and constraints", () => {
  const objects = (before: Partial<TableIR>, after: Partial<TableIR>) => diffSchemas(schemaIR([tickets(undefined, before)]), schemaIR([tickets(undefined, after)]), SAFE);

  it("adds and drops indexes concurrently, renames a same definition, replaces a changed one", () => {
    expect(objects({}, { indexes: [indexIR("a_idx", ["title"])] }).operations).toEqual([expect.objectContaining({ kind: "addIndex", concurrently: true })]);
    expect(objects({ indexes: [indexIR("a_idx", ["title"])] }, {}).operations).toEqual([expect.objectContaining({ kind: "dropIndex", concurrently: true })]);
    expect(objects({ indexes: [indexIR("a_idx", ["title"])] }, { indexes: [indexIR("b_idx", ["title"])] }).operations).toEqual([
      expect.objectContaining({ kind: "renameIndex", from: "a_idx", to: "b_idx" }),
    ]);
    expect(kinds(objects({ indexes: [indexIR("a_idx", ["title"])] }, { indexes: [indexIR("a_idx", ["title"], { unique: true })] }).operations)).toEqual(["dropIndex", "addIndex"]);
  });

  it("replaces a changed check with a NOT VALID one validated later, and drops removed foreign keys", () => {
    const changed = objects({ checks: [checkIR("c", `"title" <> ''`, ["title"])] }, { checks: [checkIR("c", `length("title") > 2`, ["title"])] });
    expect(kinds(changed.operations)).toEqual(["dropCheck", "addCheck", "validateConstraint"]);
    const fk = foreignKeyIR("tickets_id_fkey", ["id"], "users");
    expect(kinds(objects({ foreignKeys: [fk] }, {}).operations)).toEqual(["dropForeignKey"]);
    expect(objects({ foreignKeys: [fk] }, { foreignKeys: [{ ...fk, name: "renamed_fkey" }] }).operations).toEqual([
      expect.objectContaining({ kind: "renameConstraint", from: "tickets_id_fkey", to: "renamed_fkey" }),
    ]);
  });
});
