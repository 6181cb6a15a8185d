import { expectAssignable, expectNotAssignable, expectType } from "tsd";
import type { InferCreate, InferRow } from "tenant-schema";
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
