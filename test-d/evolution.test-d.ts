import { expectAssignable, expectError, expectType } from "tsd";
import {
  acknowledgeDataLoss,
  defineGlobalTable,
  defineTenantTable,
  sql,
  t,
  type Acknowledgement,
  type AcknowledgementReasonMessage,
  type InferCreate,
  type InferRow,
  type RenameBuiltInMessage,
} from "tenant-schema";

// Renames: columns and tables, with an optional strategy.
const invoices = defineTenantTable("invoices", {
  title: t.string(120).renamedFrom("name"),
  code: t.string(20).renamedFrom("legacyCode", { strategy: "direct" }),
  amount: t.integer().using((amount) => sql`round(${amount})::integer`),
  amountText: t.text().nullable(),
  region: t.string(10).backfill(sql`'br'`),
}).renamedFrom("bills", { strategy: "expand-contract" });
expectError(t.string(10).renamedFrom("x", { strategy: "sideways" }));
expectError(t.integer().using("round(amount)")); // raw SQL is written with the sql tag
expectError(t.integer().backfill((column) => `${String(column)}`));
expectError(defineTenantTable("bills", {}).renamedFrom("invoices", { strategy: "later" }));

// Rule: built-in columns cannot be renamed.
expectError(t.string(10).renamedFrom("id"));
expectError(t.timestamp().renamedFrom("createdAt"));
expectError(t.integer().renamedFrom("companyId"));
expectError(t.timestamp().nullable().renamedFrom("deletedAt"));

// The checked forms of using/backfill: the callback names declared columns only.
invoices.using("amount", (c) => sql`${c.amountText}::integer`);
invoices.backfill("region", (c) => sql`coalesce(${c.code}, 'br')`);
invoices.backfill("region", (c) => sql`${c.companyId}::text`);
expectError(invoices.using("amount", (c) => sql`${c.missing}::integer`));
expectError(invoices.backfill("region", (c) => sql`${c.nope}`));
expectError(invoices.backfill("notAColumn", () => sql`1`));
expectError(invoices.using("createdAt", () => sql`now()`)); // built-ins carry no hints
const plans = defineGlobalTable("plans", { name: t.string(50) }, { reason: "Sold to every tenant alike" });
expectError(plans.backfill("name", (c) => sql`${c.companyId}::text`)); // global tables have no tenant column
defineTenantTable("notes", { body: t.text() })
  .belongsTo(defineTenantTable("users", {}))
  .backfill("body", (c) => sql`${c.userId}::text`); // foreign keys may be named once declared

// Hints do not change the row or create types.
const plain = defineTenantTable("invoices", {
  title: t.string(120),
  code: t.string(20),
  amount: t.integer(),
  amountText: t.text().nullable(),
  region: t.string(10),
});
expectType<InferRow<typeof plain>>({} as InferRow<typeof invoices>);
expectType<InferRow<typeof invoices>>({} as InferRow<typeof plain>);
expectType<InferCreate<typeof plain>>({} as InferCreate<typeof invoices>);
expectType<InferCreate<typeof invoices>>({} as InferCreate<typeof plain>);
declare const row: InferRow<typeof invoices>;
expectType<string>(row.title);
expectType<number>(row.amount);

// Acknowledgements: a target and a written reason.
expectType<Acknowledgement>(acknowledgeDataLoss({ dropTable: "legacyItems" }, "Unused since 2026-10; backup in s3://backups/legacy"));
expectAssignable<Acknowledgement>(acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "Replaced by ticket numbers"));
acknowledgeDataLoss({ removeEnumValues: "tickets.status", values: ["pending"] }, "No ticket is pending any more");
expectError(acknowledgeDataLoss({ dropTable: "legacyItems" }, ""));
declare const someString: string;
expectError(acknowledgeDataLoss({ dropTable: "legacyItems" }, someString)); // not a written literal
expectError(acknowledgeDataLoss({ dropTable: "legacyItems" }));
expectError(acknowledgeDataLoss({ dropColumn: "legacyCode" }, "no table")); // "table.column"
expectError(acknowledgeDataLoss({ removeEnumValues: "tickets.status", values: [] }, "no values"));
expectError(acknowledgeDataLoss({ removeEnumValues: "tickets.status" }, "no values"));
expectError(acknowledgeDataLoss({ truncate: "tickets" }, "not a kind"));

// The messages are string-literal types, spelled like src/ir/messages.ts.
expectType<"'createdAt' is a built-in column and cannot be renamed">({} as RenameBuiltInMessage<"createdAt">);
expectType<"acknowledgeDataLoss needs a written reason">({} as AcknowledgementReasonMessage);
