/**
 * `fixSchema` on small declared schemas: each fixable rule is fixed the way the DSL would declare
 * it (and the audit of the result no longer reports it, its departure gone), every other rule is
 * left with its reason, and nothing is fixed on a table the declarations do not hold.
 */
import { describe, expect, it } from "vitest";
import { FIXABLE_RULES, fixSchema, HUMAN_DECISIONS } from "../../src/audit/fix.js";
import { auditSchema, type AuditRule } from "../../src/audit/rules.js";
import type { TableIR } from "../../src/ir/types.js";
import { validateSchema } from "../../src/ir/validate.js";
import { columnIR, foreignKeyIR, indexIR, schemaIR, tableIR } from "../support/ir-builders.js";

const id = columnIR("id", { type: { kind: "integer" }, primaryKey: true, autoIncrement: true, role: "primaryKey" });
const tenantColumn = (nullable: boolean) => columnIR("companyId", { field: "company_id", type: { kind: "integer" }, role: "tenant", nullable });
const tenantKey = (table: string) => foreignKeyIR(`${table}_company_id_fkey`, ["company_id"], "companies", { referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE" });
const tenantIndex = (table: string) => indexIR(`${table}_company_id_idx`, ["company_id"], { origin: "tenant" });

/** A compliant tenant table: NOT NULL tenant column, its foreign key and index. */
const compliant = (key: string, extra: Partial<TableIR> = {}): TableIR =>
  tableIR(key, { paranoid: false, timestamps: false, columns: [id, tenantColumn(false)], foreignKeys: [tenantKey(key)], indexes: [tenantIndex(key)], ...extra });

const users = compliant("users");
const rules = (findings: readonly { rule: AuditRule }[]) => findings.map((f) => f.rule).sort();

describe("fixSchema", () => {
  it("makes the tenant column NOT NULL, adds its foreign key and index, and drops the departures the pull declared", () => {
    const notes = tableIR("notes", { paranoid: false, timestamps: false, columns: [id, tenantColumn(true)], departures: ["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"] });
    const declared = schemaIR([notes]);
    expect(validateSchema(declared)).toEqual([]);
    const findings = auditSchema(declared);
    expect(rules(findings)).toEqual(["tenant-column-no-foreign-key", "tenant-column-not-indexed", "tenant-column-nullable"]);

    const result = fixSchema(declared, findings);
    expect(rules(result.fixed)).toEqual(rules(findings));
    expect(result.unfixed).toEqual([]);
    expect(result.changed).toEqual(["notes"]);
    const fixed = result.schema.tables[0]!;
    expect(fixed.departures).toEqual([]);
    expect(fixed.columns.find((c) => c.role === "tenant")?.nullable).toBe(false);
    expect(fixed.foreignKeys).toEqual([{ name: "notes_company_id_fkey", columns: ["company_id"], referencedTable: "companies", referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE", source: null }]);
    expect(fixed.indexes.map((i) => [i.name, i.columns, i.origin])).toEqual([["notes_company_id_idx", ["company_id"], "tenant"]]);
    expect(auditSchema(result.schema)).toEqual([]);
    expect(validateSchema(result.schema)).toEqual([]);
    // The input is left as it was.
    expect(declared.tables[0]).toBe(notes);
    expect(notes.departures.length).toBe(3);
  });

  it("adds an index under an unindexed foreign key (the built-in one of a belongsTo column) and drops an exact duplicate index", () => {
    const userId = columnIR("userId", { field: "user_id", type: { kind: "integer" }, role: "foreignKey" });
    const tickets = compliant("tickets", {
      columns: [id, tenantColumn(false), userId, columnIR("code")],
      foreignKeys: [tenantKey("tickets"), foreignKeyIR("tickets_user_id_fkey", ["user_id"], "users", { referencedColumns: ["id"] })],
      indexes: [tenantIndex("tickets"), indexIR("tickets_code", ["code"]), indexIR("tickets_code_copy", ["code"])],
    });
    const declared = schemaIR([users, tickets]);
    const findings = auditSchema(declared).filter((f) => f.rule !== "cross-tenant-foreign-key");
    expect(findings.map((f) => [f.rule, f.index ?? f.constraint])).toEqual([
      ["duplicate-index", "tickets_code_copy"],
      ["foreign-key-not-indexed", "tickets_user_id_fkey"],
    ]);
    const result = fixSchema(declared, findings);
    expect(result.unfixed).toEqual([]);
    const fixed = result.schema.tables.find((t) => t.key === "tickets")!;
    expect(fixed.indexes.map((i) => [i.name, i.origin])).toEqual([
      ["tickets_company_id_idx", "tenant"],
      ["tickets_user_id_idx", "foreignKey"],
      ["tickets_code", "declared"],
    ]);
    expect(auditSchema(result.schema).filter((f) => f.rule !== "cross-tenant-foreign-key")).toEqual([]);
    expect(result.schema.tables.find((t) => t.key === "users")).toBe(users);
    expect(result.changed).toEqual(["tickets"]);
  });

  it("leaves every other rule with its reason, and a redundant index in place", () => {
    const tags = tableIR("tags", {
      tableName: "Tag_List",
      paranoid: false,
      timestamps: false,
      primaryKey: null,
      columns: [{ ...id, primaryKey: false, role: "data", autoIncrement: false }, tenantColumn(false), columnIR("name"), columnIR("kind")],
      foreignKeys: [tenantKey("Tag_List")],
      indexes: [tenantIndex("Tag_List"), indexIR("tags_name", ["name"]), indexIR("tags_name_kind", ["name", "kind"]), indexIR("tags_kind_key", ["kind"], { unique: true })],
    });
    const countries = tableIR("countries", { scope: { kind: "global", reason: "" }, departures: ["globalUnreviewed"], paranoid: false, timestamps: false });
    const declared = schemaIR([tags, countries]);
    const findings = auditSchema(declared);
    expect(rules(findings)).toEqual(["naming-exception", "no-primary-key", "redundant-index", "tenant-column-missing", "unique-not-tenant-scoped"]);
    const result = fixSchema(declared, findings);
    expect(result.fixed).toEqual([]);
    expect(result.changed).toEqual([]);
    expect(result.schema.tables).toEqual(declared.tables);
    expect(result.unfixed.map((u) => [u.finding.rule, u.reason])).toEqual(findings.map((f) => [f.rule, HUMAN_DECISIONS[f.rule as Exclude<AuditRule, (typeof FIXABLE_RULES)[number]>]]));
  });

  it("does not fix what the declarations do not hold: the tenant root, a table not declared, a state the declarations already fixed", () => {
    const declared = schemaIR([users]);
    const finding = (rule: AuditRule, table: string, extra: object = {}) => ({ rule, severity: "error" as const, table, column: null, index: null, constraint: null, message: "", why: "", fix: "", ...extra });
    const result = fixSchema(declared, [
      finding("foreign-key-not-indexed", "companies", { constraint: "companies_plan_id_fkey" }),
      finding("tenant-column-nullable", "legacy_things"),
      finding("tenant-column-nullable", "users", { column: "company_id" }),
    ]);
    expect(result.fixed).toEqual([]);
    expect(result.unfixed.map((u) => u.reason)).toEqual([
      "the tenant root is not in the declarations (the config's tenant.table): fix it in a migration of your own",
      "the table is not in the declarations",
      "already NOT NULL in the declarations: run the pending migrations",
    ]);
  });

  it("keeps a nullable tenant column whose foreign key deletes by SET NULL, and an index whose name is taken", () => {
    const setNull = { ...tenantKey("notes"), onDelete: "SET NULL" as const };
    const notes = tableIR("notes", { paranoid: false, timestamps: false, columns: [id, tenantColumn(true)], foreignKeys: [setNull], indexes: [indexIR("notes_company_id_idx", ["company_id"], { where: "company_id > 0" })], departures: ["tenantNullable", "tenantWithoutIndex"] });
    const declared = schemaIR([notes]);
    const result = fixSchema(declared, auditSchema(declared));
    expect(result.fixed).toEqual([]);
    expect(result.unfixed.map((u) => [u.finding.rule, u.reason])).toEqual([
      ["tenant-column-not-indexed", 'the name "notes_company_id_idx" is taken: add the index by hand under another name'],
      ["tenant-column-nullable", 'its tenant foreign key "notes_company_id_fkey" is ON DELETE SET NULL, which needs NULLs: choose another onDelete (tenantForeignKey) first'],
    ]);
  });
});
