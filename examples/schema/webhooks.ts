import { defineTenantTable, sql, t } from "tenant-schema";

/** Where a tenant wants its events delivered. */
export const webhookEndpoints = defineTenantTable("webhookEndpoints", {
  url: t.string(2048),
  secret: t.string(255).comment("HMAC signing secret; never shown again after creation"),
  events: t.array(t.string(50)).default([]),
  active: t.boolean().default(true),
})
  .index(["companyId", "active"], { reason: "Finds the active endpoints of a tenant when an event fires" })
  .describe("Webhook endpoints registered by a company");

/** One delivery attempt series of one event to one endpoint. */
export const webhookDeliveries = defineTenantTable("webhookDeliveries", {
  status: t.enum(["pending", "succeeded", "failed"], { length: 20 }).default("pending"),
  attempts: t.integer().default(0),
  nextRetryAt: t.timestamp().nullable(),
  payload: t.jsonb(),
  responseStatus: t.integer().nullable(),
})
  .belongsTo(webhookEndpoints, { onDelete: "CASCADE" })
  .index(["nextRetryAt"], {
    where: (c) => sql`${c.status} = 'pending' AND ${c.deletedAt} IS NULL`,
    reason: "The retry worker picks pending deliveries whose next retry is due",
  })
  .index(["companyId", "webhookEndpointId", "createdAt"], { reason: "Delivery history of an endpoint, newest first" })
  .describe("Deliveries of webhook events, with retries");
