import { expectAssignable, expectNotAssignable, expectType } from "tsd";
import { defineGlobalTable, defineTenantTable, sql, t, type InferCreate, type InferRow } from "tenant-schema";
import type { auditLogs } from "../examples/schema/audit.js";
import type { notifications } from "../examples/schema/notifications.js";
import type { paymentTransactions } from "../examples/schema/payments.js";
import type { tags, tickets } from "../examples/schema/tickets.js";
import type { users } from "../examples/schema/users.js";
import type { webhookDeliveries, webhookEndpoints } from "../examples/schema/webhooks.js";

declare const notification: InferRow<typeof notifications>;
expectType<{
  id: number;
  companyId: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  title: string;
  body: string | null;
  status: "unread" | "read";
  readAt: Date | null;
  metadata: { link?: string };
  userId: number;
}>(notification);

declare const newNotification: InferCreate<typeof notifications>;
expectType<{
  companyId: number;
  title: string;
  userId: number;
  id?: number;
  createdAt?: Date;
  updatedAt?: Date;
  deletedAt?: Date | null;
  body?: string | null;
  status?: "unread" | "read";
  readAt?: string | Date | null;
  metadata?: { link?: string };
}>(newNotification);

declare const user: InferRow<typeof users>;
expectType<"admin" | "agent" | "viewer">(user.role);
expectType<string>(user.email);

declare const payment: InferRow<typeof paymentTransactions>;
expectType<string>(payment.amount); // pg returns NUMERIC as a string
expectType<number | null>(payment.userId);
expectType<"stripe" | "pagarme" | "mercadopago">(payment.provider);
expectAssignable<InferCreate<typeof paymentTransactions>>({ companyId: 1, amount: 10.5, provider: "stripe", idempotencyKey: "k" });
expectNotAssignable<InferCreate<typeof paymentTransactions>>({ companyId: 1, amount: 10.5, provider: "paypal", idempotencyKey: "k" });
expectNotAssignable<InferCreate<typeof paymentTransactions>>({ amount: 10.5, provider: "stripe", idempotencyKey: "k" });

declare const audit: InferRow<typeof auditLogs>;
expectType<string>(audit.entityId); // BIGINT comes back as a string
expectType<Record<string, unknown>>(audit.details);
expectType<number | null>(audit.userId);

declare const endpoint: InferRow<typeof webhookEndpoints>;
expectType<string[]>(endpoint.events);
declare const delivery: InferRow<typeof webhookDeliveries>;
expectType<number>(delivery.webhookEndpointId);
expectType<number | null>(delivery.responseStatus);
expectType<"pending" | "succeeded" | "failed">(delivery.status);

declare const ticket: InferRow<typeof tickets>;
expectType<number | null>(ticket.assigneeId);
expectType<"low" | "medium" | "high" | "urgent">(ticket.priority);
declare const tag: InferRow<typeof tags>;
expectType<string>(tag.color);
expectAssignable<InferCreate<typeof notifications>>({ companyId: 1, userId: 2, title: "Hi", readAt: new Date() });

// Adopted tables: options turn built-ins off (or make the tenant column nullable), declared columns take their place.
const contacts = defineTenantTable(
  "contacts",
  { id: t.uuid().default(sql`gen_random_uuid()`), name: t.string(80), createdAt: t.timestamp().nullable(), mood: t.pgEnum("mood", ["", "ok"]) },
  { id: false, timestamps: false, paranoid: false, departures: ["tenantNullable"] },
).primaryKey(["id"]);
declare const contact: InferRow<typeof contacts>;
expectType<{ id: string; companyId: number | null; name: string; createdAt: Date | null; mood: "" | "ok" }>(contact);
declare const newContact: InferCreate<typeof contacts>;
expectType<{ name: string; mood: "" | "ok"; id?: string; companyId?: number | null; createdAt?: string | Date | null }>(newContact);

// A foreign key takes the type of its target's id (here a declared uuid); serial data keys are optional on create.
const calls = defineTenantTable("calls", { seq: t.bigint().autoIncrement(), raw: t.json<{ at?: string }>(), code: t.custom<number>("smallint", { tsType: "number" }) }, { paranoid: false })
  .belongsTo(contacts);
declare const call: InferRow<typeof calls>;
expectType<string>(call.contactId);
expectType<string>(call.seq);
expectType<{ at?: string }>(call.raw);
expectType<number>(call.code);
expectType<Date>(call.createdAt);
expectAssignable<InferCreate<typeof calls>>({ companyId: 1, contactId: "c", raw: {}, code: 3 });

const legacy = defineGlobalTable("legacyRates", { rate: t.decimal(6, 2) }, { departures: ["globalUnreviewed"], timestamps: false, paranoid: false });
declare const rate: InferRow<typeof legacy>;
expectType<{ id: number; rate: string }>(rate);

// A self-reference is a foreign key of the table's own key type; a field override changes no attribute.
const threads = defineTenantTable("threads", { title: t.text() }).belongsToSelf({ nullable: true, onDelete: "SET NULL" });
declare const thread: InferRow<typeof threads>;
expectType<number | null>(thread.parentId);
const folders = defineTenantTable("folders", { id: t.uuid().default(sql`gen_random_uuid()`) }, { id: false })
  .primaryKey(["id"])
  .belongsToSelf({ as: "container", field: "container_uuid" });
declare const folder: InferRow<typeof folders>;
expectType<{ id: string; companyId: number; containerId: string; createdAt: Date; updatedAt: Date; deletedAt: Date | null }>(folder);

// .foreignKey adds no column; timestampDefault: false keeps the timestamps optional on create (Sequelize fills them).
const ratingTickets = defineTenantTable("tickets", { subject: t.text() }).unique(["id"], { constraint: true });
const ratings = defineTenantTable("ratings", { ticketId: t.integer() }, { timestampDefault: false, paranoid: false }).foreignKey(["companyId", "ticketId"], ratingTickets, ["companyId", "id"]);
declare const rating: InferRow<typeof ratings>;
expectType<{ id: number; companyId: number; ticketId: number; createdAt: Date; updatedAt: Date }>(rating);
expectType<{ companyId: number; ticketId: number; id?: number; createdAt?: Date; updatedAt?: Date }>({} as InferCreate<typeof ratings>);
