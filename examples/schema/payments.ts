import { defineTenantTable, sql, t } from "tenant-schema";
import { users } from "./users.js";

/** Money moved through a payment provider on behalf of a tenant. */
export const paymentTransactions = defineTenantTable("paymentTransactions", {
  amount: t.decimal(12, 2),
  currency: t.string(3).default("BRL"),
  provider: t.enum(["stripe", "pagarme", "mercadopago"], { length: 20 }),
  providerStatus: t.enum(["pending", "authorized", "paid", "refunded", "failed"], { length: 20 }).default("pending"),
  idempotencyKey: t.string(64).unique(),
})
  .belongsTo(users, { nullable: true, onDelete: "SET NULL" })
  .check("amount_non_negative", (c) => sql`${c.amount} >= 0`)
  .index(["companyId", "providerStatus", "createdAt"], { reason: "Reconciliation lists a tenant's transactions by status, newest first" })
  .describe("Payment transactions; idempotencyKey makes provider retries safe");
