import { defineTenantTable, t } from "tenant-schema";
import { users } from "./users.js";

/** Labels a tenant puts on tickets. */
export const tags = defineTenantTable("tags", {
  name: t.string(50).unique(),
  color: t.string(7).default("#999999"),
}).describe("Ticket labels; names are unique per company");

/** Support requests handled by a tenant's agents. */
export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "pending", "solved", "closed"], { length: 20 }).default("open"),
  priority: t.enum(["low", "medium", "high", "urgent"], { length: 20 }).default("medium"),
  // Added after the first release: the emit made an incremental change set of them
  // (20261126090000-…, -validate, -indexes and schema-changes-tickets-20261126090000.md).
  dueAt: t.timestamp().nullable().comment("When the tenant's SLA says the ticket must be solved"),
  channel: t.enum(["email", "chat", "phone"], { length: 20 }).default("email"),
})
  .belongsTo(users, { as: "assignee", nullable: true, onDelete: "SET NULL" })
  .belongsToMany(tags, { through: "ticketTags" })
  .index(["companyId", "status", "priority"], { reason: "The agents' queue: open tickets of a tenant by priority" })
  .index(["companyId", "assigneeId", "status"], { reason: "An agent's own tickets by status" })
  .index(["companyId", "dueAt"], { reason: "Tickets about to breach their SLA, soonest first" })
  .describe("Support tickets with assignee, status, priority and tags");
