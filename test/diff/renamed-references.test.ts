/**
 * PostgreSQL follows a renamed table in every foreign key that points at it, so the diff names the
 * table as renamed in each foreign key it carries from the previous snapshot: a dropped table's (its
 * down recreates it while the rename holds; long property run, seed 462480320) and a retired
 * column's (kept in the next snapshot).
 */
import { columnIR, foreignKeyIR, renamedTable, schemaIR, tableIR } from "../support/ir-builders.js";
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff/diff.js";
import type { AcknowledgementIR, TableIR } from "../../src/ir/types.js";

const SAFE = { allowDestructive: false };

const accounts = tableIR("accounts", { feature: "core" }, { line: 1 });
const reports: TableIR = renamedTable(accounts, { key: "reports", tableName: "reports", renamedFrom: { from: "accounts", strategy: "expand-contract" } });

function invoices(fieldName: string, extra: Partial<TableIR> = {}): TableIR {
  const base = tableIR("invoices", { feature: "core" }, { line: 5 });
  const accountId = columnIR(fieldName, { type: { kind: "integer" } });
  return { ...base, columns: [...base.columns, accountId], foreignKeys: [foreignKeyIR(`invoices_${fieldName}_fkey`, [fieldName], "accounts")], ...extra };
}

describe("foreign keys to a table renamed in the same change", () => {
  it("a dropped table's point at the new name", () => {
    const ack: AcknowledgementIR = { kind: "dropTable", table: "invoices", reason: "unused", source: null };
    const result = diffSchemas(schemaIR([accounts, invoices("accountId")]), { ...schemaIR([reports]), acknowledgements: [ack] }, SAFE);
    expect(result.issues).toEqual([]);
    const drop = result.operations.find((op) => op.kind === "dropTable");
    expect(drop?.kind === "dropTable" && drop.table.foreignKeys.map((fk) => fk.referencedTable)).toEqual(["reports"]);
  });

  it("a retired column's point at the new name in the next snapshot", () => {
    const payer = columnIR("payerId", { type: { kind: "integer" }, renamedFrom: { from: "accountId", strategy: "expand-contract" } });
    const base = invoices("accountId");
    const expanded = diffSchemas(
      schemaIR([accounts, base]),
      schemaIR([accounts, { ...base, columns: [...base.columns.filter((c) => c.name !== "accountId"), payer], foreignKeys: [foreignKeyIR("invoices_payer_id_fkey", ["payerId"], "accounts")] }]),
      SAFE,
    ).snapshot;
    const kept = expanded.tables.find((t) => t.key === "invoices")!;
    expect(kept.transition.columns[0]!.foreignKeys.map((fk) => fk.referencedTable)).toEqual(["accounts"]);

    const renamedTarget = { ...kept, transition: kept.transition, foreignKeys: kept.foreignKeys.map((fk) => ({ ...fk, referencedTable: "reports" })) };
    const result = diffSchemas(expanded, schemaIR([reports, { ...renamedTarget, transition: { view: null, columns: [] } }]), SAFE);
    expect(result.issues).toEqual([]);
    const retired = result.snapshot.tables.find((t) => t.key === "invoices")!.transition.columns;
    expect(retired.map((old) => old.foreignKeys.map((fk) => fk.referencedTable))).toEqual([["reports"]]);
  });
});
