import { describe, expect, test } from "vitest";
import {
  acknowledgeDataLoss,
  defineGlobalTable,
  defineTenantTable,
  isAcknowledgement,
  resolveConfig,
  sql,
  t,
  toSchemaIR,
  validateSchema,
  type Acknowledgement,
  type AnySchemaTable,
  type ColumnIR,
  type SchemaIR,
} from "tenant-schema";
import { quotedColumns } from "../../src/ir/validate-evolution.js";

const config = resolveConfig({}, "/repo", null);
// Rules broken through `any`, as a JavaScript user would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (x: unknown): any => x;
const irOf = (tables: unknown[], acknowledgements: Acknowledgement[] = []): SchemaIR =>
  toSchemaIR(tables as AnySchemaTable[], config, acknowledgements);
const messages = (tables: unknown[], acknowledgements: Acknowledgement[] = []): string[] =>
  validateSchema(irOf(tables, acknowledgements)).map((issue) => issue.message);
const column = (ir: SchemaIR, table: string, name: string): ColumnIR => {
  const found = ir.tables.find((candidate) => candidate.key === table)?.columns.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no column ${table}.${name}`);
  return found;
};
const thisLine = (): number => Number(new Error().stack?.split("\n")[2]?.match(/:(\d+):\d+\)?$/)?.[1]);

describe("rename hints", () => {
  test("columns and tables carry renamedFrom with the strategy, expand-contract by default", () => {
    const invoices = defineTenantTable("invoices", {
      title: t.string(120).renamedFrom("name"),
      code: t.string(20).renamedFrom("legacyCode", { strategy: "direct" }),
      total: t.integer(),
    }).renamedFrom("bills");
    const memos = defineTenantTable("memos", { body: t.text() }).renamedFrom("notes", { strategy: "direct" });
    const ir = irOf([invoices, memos]);
    expect(column(ir, "invoices", "title").renamedFrom).toEqual({ from: "name", strategy: "expand-contract" });
    expect(column(ir, "invoices", "code").renamedFrom).toEqual({ from: "legacyCode", strategy: "direct" });
    expect(column(ir, "invoices", "total").renamedFrom).toBeNull();
    expect(ir.tables.find((table) => table.key === "invoices")?.renamedFrom).toEqual({ from: "bills", strategy: "expand-contract" });
    expect(ir.tables.find((table) => table.key === "memos")?.renamedFrom).toEqual({ from: "notes", strategy: "direct" });
    // Built-ins and the transition state are untouched by the DSL.
    expect(ir.tables.flatMap((table) => table.columns).filter((c) => c.role !== "data").every((c) => c.renamedFrom === null)).toBe(true);
    expect(ir.tables.map((table) => table.transition)).toEqual([{ view: null, columns: [] }, { view: null, columns: [] }]);
    expect(messages([invoices, memos])).toEqual([]);
  });

  test("hints return new builders: the original column and table are unchanged", () => {
    const base = t.string(10);
    const renamed = base.renamedFrom("old");
    expect(base.def.renamedFrom).toBeNull();
    expect(renamed.def.renamedFrom).toEqual({ from: "old", strategy: "expand-contract" });
    expect(Object.isFrozen(renamed.def)).toBe(true);
    const table = defineTenantTable("notes", { body: t.text() });
    expect(table.renamedFrom("memos").def.renamedFrom?.from).toBe("memos");
    expect(table.def.renamedFrom).toBeNull();
  });

  test("built-in columns cannot be renamed (runtime rule, same words as the type)", () => {
    const line = thisLine() + 1;
    const notes = defineTenantTable("notes", { stamp: t.timestamp().renamedFrom(loose("createdAt")), owner: t.integer().renamedFrom(loose("companyId")) });
    const issues = validateSchema(irOf([notes]));
    expect(issues.map((issue) => issue.message)).toEqual([
      "'createdAt' is a built-in column and cannot be renamed",
      "'companyId' is a built-in column and cannot be renamed",
    ]);
    expect(issues[0]).toMatchObject({ code: "rename-builtin", table: "notes", source: { file: expect.stringMatching(/evolution\.test\.ts$/), line } });
  });

  test("a strategy other than expand-contract or direct is reported (JavaScript users)", () => {
    const notes = defineTenantTable("notes", { title: t.string(50).renamedFrom("name", loose({ strategy: "sideways" })) }).renamedFrom("memos", loose({ strategy: "later" }));
    expect(messages([notes])).toEqual([
      "Rename strategy 'sideways' is not 'expand-contract' or 'direct'",
      "Rename strategy 'later' is not 'expand-contract' or 'direct'",
    ]);
  });

  test("an old name that is still declared, or claimed twice, is reported", () => {
    const notes = defineTenantTable("notes", { title: t.string(50).renamedFrom("name"), name: t.string(50), a: t.text().renamedFrom("old"), b: t.text().renamedFrom("old") });
    expect(messages([notes])).toEqual([
      "Column 'title' of table 'notes' is renamed from 'name', which is still declared",
      "Two columns of table 'notes' are renamed from 'old'",
    ]);
    const tickets = defineTenantTable("tickets", {});
    const issues = defineTenantTable("issues", {}).renamedFrom("tickets");
    const cases = defineTenantTable("cases", {}).renamedFrom("legacy");
    const others = defineTenantTable("others", {}).renamedFrom("legacy");
    expect(messages([tickets, issues, cases, others])).toEqual([
      "Table 'issues' is renamed from 'tickets', which is still declared",
      "Two tables are renamed from 'legacy'",
    ]);
  });
});

describe("using and backfill", () => {
  test("column hints render over database columns; a callback gets the column itself", () => {
    const ledger = defineTenantTable("ledgerEntries", {
      amountCents: t.integer().using((amount) => sql`round(${amount} * 100)::integer`),
      region: t.string(10).backfill(sql`'br'`),
      note: t.text().nullable(),
    });
    const ir = irOf([ledger]);
    expect(column(ir, "ledgerEntries", "amountCents").using).toBe(`round("amount_cents" * 100)::integer`);
    expect(column(ir, "ledgerEntries", "region").backfill).toBe(`'br'`);
    expect(column(ir, "ledgerEntries", "region").using).toBeNull();
    expect(column(ir, "ledgerEntries", "note")).toMatchObject({ using: null, backfill: null });
  });

  test("the table forms name other columns (built-ins, foreign keys) by their database names", () => {
    const users = defineTenantTable("users", {});
    const tickets = defineTenantTable("tickets", { amountText: t.text(), amount: t.integer(), summary: t.text() })
      .belongsTo(users)
      .using("amount", (c) => sql`nullif(${c.amountText}, '')::integer`)
      .backfill("summary", (c) => sql`'ticket ' || ${c.id} || ' of ' || ${c.companyId} || ' by ' || ${c.userId}`);
    const ir = irOf([users, tickets]);
    expect(column(ir, "tickets", "amount").using).toBe(`nullif("amount_text", '')::integer`);
    expect(column(ir, "tickets", "summary").backfill).toBe(`'ticket ' || "id" || ' of ' || "company_id" || ' by ' || "user_id"`);
    expect(messages([users, tickets])).toEqual([]);
    const camel = toSchemaIR([users, tickets] as AnySchemaTable[], resolveConfig({ naming: "sequelize" }, "/repo", null));
    expect(column(camel, "tickets", "amount").using).toBe(`nullif("amountText", '')::integer`);
  });

  test("the table forms throw at once on an unknown name, a built-in or a foreign key target", () => {
    const tickets = defineTenantTable("tickets", { amount: t.integer() });
    expect(() => loose(tickets).using("amount", (c: Record<string, unknown>) => sql`${loose(c.missing)}`)).toThrow(
      "Using column 'missing' is not declared on table 'tickets'",
    );
    expect(() => loose(tickets).backfill("amount", (c: Record<string, unknown>) => sql`${loose(c.nope)}`)).toThrow(
      "Backfill column 'nope' is not declared on table 'tickets'",
    );
    expect(() => loose(tickets).backfill("createdAt", () => sql`now()`)).toThrow("Backfill column 'createdAt' is not declared on table 'tickets'");
    expect(() => loose(tickets).using("ghost", () => sql`1`)).toThrow("Using column 'ghost' is not declared on table 'tickets'");
  });

  test("a hint naming a column of another table is reported with the column's source", () => {
    let foreignRef: unknown;
    defineTenantTable("others", { code: t.text() }).check("x", (c) => {
      foreignRef = c.code;
      return sql`true`;
    });
    const line = thisLine() + 1;
    const notes = defineTenantTable("notes", { body: t.text().backfill(sql`${loose(foreignRef)}`), size: t.integer().using(sql`${loose(foreignRef)}::integer`) });
    const issues = validateSchema(irOf([notes]));
    expect(issues.map((issue) => issue.message)).toEqual([
      "Backfill column 'code' is not declared on table 'notes'",
      "Using column 'code' is not declared on table 'notes'",
    ]);
    expect(issues[0]?.source).toEqual({ file: expect.stringMatching(/evolution\.test\.ts$/), line });
  });

  test("quotedColumns skips string literals and qualified names", () => {
    expect(quotedColumns(`"amount_text"::integer + length('"x"') + "public"."f"("b") + "a""b"`)).toEqual(["amount_text", "b", 'a"b']);
  });
});

describe("acknowledgeDataLoss", () => {
  test("is branded, frozen, captures its call site and becomes AcknowledgementIR", () => {
    const line = thisLine() + 1;
    const dropTable = acknowledgeDataLoss({ dropTable: "legacyItems" }, "Unused since 2026-10; backup in s3://backups/legacy");
    const dropColumn = acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "Replaced by ticket numbers");
    const enumValues = acknowledgeDataLoss({ removeEnumValues: "tickets.status", values: ["pending", "stale"] }, "No ticket is pending");
    expect([dropTable, dropColumn, enumValues].every(isAcknowledgement)).toBe(true);
    expect([defineTenantTable("x", {}), { reason: "x" }, null, "dropTable"].some(isAcknowledgement)).toBe(false);
    expect(Object.isFrozen(dropTable)).toBe(true);
    expect(dropTable.source).toEqual({ file: expect.stringMatching(/evolution\.test\.ts$/), line });
    const ir = toSchemaIR([], resolveConfig({}, process.cwd(), null), [enumValues, dropTable, dropColumn]);
    expect(ir.acknowledgements).toEqual([
      { kind: "dropTable", table: "legacyItems", reason: "Unused since 2026-10; backup in s3://backups/legacy", source: { file: "test/dsl/evolution.test.ts", line } },
      { kind: "dropColumn", table: "tickets", column: "legacyCode", reason: "Replaced by ticket numbers", source: { file: "test/dsl/evolution.test.ts", line: line + 1 } },
      { kind: "removeEnumValues", table: "tickets", column: "status", values: ["pending", "stale"], reason: "No ticket is pending", source: { file: "test/dsl/evolution.test.ts", line: line + 2 } },
    ]);
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
    expect(validateSchema(ir)).toEqual([]);
  });

  test("toSchemaIR ignores exports that are not acknowledgements and keeps a stable order", () => {
    const a = acknowledgeDataLoss({ dropColumn: "tickets.b" }, "b");
    const b = acknowledgeDataLoss({ dropColumn: "tickets.a" }, "a");
    const ir = irOf([], [a, loose({ dropTable: "x" }), b]);
    expect(ir.acknowledgements.map((ack) => ("column" in ack ? ack.column : ack.table))).toEqual(["a", "b"]);
    expect(irOf([], [b, a]).acknowledgements).toEqual(ir.acknowledgements);
  });

  test("validator: a written reason, a well-formed target, each target once", () => {
    const line = thisLine() + 2;
    const acknowledgements = [
      acknowledgeDataLoss({ dropTable: "legacyItems" }, loose("   ")),
      acknowledgeDataLoss(loose({ dropColumn: "legacyCode" }), "no table"),
      acknowledgeDataLoss(loose({ removeEnumValues: "tickets.status", values: [] }), "no values"),
      acknowledgeDataLoss(loose({ truncate: "tickets" }), "no kind"),
      acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "first"),
      acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "second"),
    ];
    const issues = validateSchema(irOf([], acknowledgements));
    expect(issues.map((issue) => [issue.code, issue.message])).toEqual([
      ["acknowledgement-target", "acknowledgeDataLoss needs a target: dropTable, dropColumn or removeEnumValues"],
      ["acknowledgement-target", "Acknowledged column 'legacyCode' must be written as 'table.column'"],
      ["acknowledgement-reason", "acknowledgeDataLoss needs a written reason"],
      ["acknowledgement-values", "Acknowledged removal of enum values of 'tickets.status' needs the values"],
      ["acknowledgement-duplicate", "Data loss is acknowledged more than once for dropColumn 'tickets.legacyCode'"],
    ]);
    expect(issues.find((issue) => issue.code === "acknowledgement-reason")).toMatchObject({ table: "legacyItems", source: { file: expect.stringMatching(/evolution\.test\.ts$/), line } });
    expect(issues.find((issue) => issue.code === "acknowledgement-duplicate")?.source?.line).toBe(line + 5);
  });

  test("acknowledgements do not disturb a global table's rules", () => {
    const plans = defineGlobalTable("plans", { name: t.string(50) }, { reason: "Sold to every tenant alike" });
    expect(messages([plans], [acknowledgeDataLoss({ dropTable: "legacyPlans" }, "Merged into plans")])).toEqual([]);
  });
});

describe("sql refuses values it cannot render", () => {
  test("undefined (a column ref that does not exist, reached without types) is an error, not the text 'undefined'", () => {
    const refs = {} as Record<string, never>;
    expect(() => sql`${refs.missing as never} + 1`).toThrow(
      "sql`${…} + 1`: value #1 is undefined; only column refs, sql fragments, strings, numbers, booleans and null can be interpolated",
    );
  });

  test("objects, functions and non-finite numbers are errors too", () => {
    expect(() => sql`${{} as never}`).toThrow("value #1 is a object");
    expect(() => sql`${(() => 1) as never}`).toThrow("value #1 is a function");
    expect(() => sql`${Number.NaN as never}`).toThrow("value #1 is NaN");
  });
});
