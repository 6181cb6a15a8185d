import { defineTenantTable, t } from "tenant-schema";

/** People who sign in to a tenant's workspace. */
export const users = defineTenantTable("users", {
  name: t.string(120),
  email: t.string(255).unique(),
  role: t.enum(["admin", "agent", "viewer"], { length: 20 }).default("agent"),
})
  // A self-reference: with isolation keys on, a manager is always of the same company.
  .belongsToSelf({ as: "manager", nullable: true, onDelete: "SET NULL" })
  .describe("Users of a company; the email is unique within the company");
