import { defineTenantTable, sql, t } from "tenant-schema";
import { users } from "./users.js";

export const notifications = defineTenantTable("notifications", {
  title: t.string(255),
  body: t.text().nullable(),
  status: t.enum(["unread", "read"], { length: 20 }).default("unread"),
  readAt: t.timestamp().nullable(),
  metadata: t.jsonb<{ link?: string }>({ tsType: "{ link?: string }" }).default({}),
})
  .belongsTo(users, { onDelete: "CASCADE" })
  .index(["companyId", "userId", "status", "createdAt"], {
    reason: "Unread inbox of a user, newest first",
    where: (c) => sql`${c.deletedAt} IS NULL`,
  })
  .describe("In-app notifications with read/unread status");
