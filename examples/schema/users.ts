import { defineTenantTable, t } from "tenant-schema";

/** People who sign in to a tenant's workspace. */
export const users = defineTenantTable("users", {
  name: t.string(120),
  email: t.string(255).unique(),
  role: t.enum(["admin", "agent", "viewer"], { length: 20 }).default("agent"),
}).describe("Users of a company; the email is unique within the company");
