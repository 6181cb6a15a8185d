import { defineTenantTable, t } from "tenant-schema";
import { users } from "./users.js";

/** Who did what to which entity: a large, append-mostly table. */
export const auditLogs = defineTenantTable("auditLogs", {
  action: t.string(100),
  entityType: t.string(100),
  entityId: t.bigint(),
  details: t.jsonb().default({}),
  ip: t.string(45).nullable(),
})
  .belongsTo(users, { nullable: true, onDelete: "SET NULL" })
  .index(["companyId", "createdAt"], { reason: "The tenant's audit trail, newest first" })
  .index(["companyId", "entityType", "entityId"], { reason: "History of one entity" })
  .index(["companyId", "userId", "createdAt"], { reason: "What one user did, newest first" })
  .index(["details"], { method: "gin", reason: "Searches inside the details JSON (jsonb containment @>)" })
  .describe("Append-mostly audit trail of user actions");
