/**
 * Webhooks to partner systems (SPEC §8): the endpoints organizations register, and one delivery
 * row per message per endpoint — the transactional outbox of the partners' direction, written in
 * the transaction of the change it reports and claimed by the delivery workers of every instance.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./partner.js";

export const webhookEventType = pgEnum("webhook_event_type", [
  "SECURITY_REGISTRATION_UPDATED",
  "DOSSIER_STATUS_CHANGED",
  "CONSULT_BOOKING_CHANGED",
  "DELIVERY_UPDATED",
]);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["PENDING", "SUCCEEDED", "FAILED"]);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    url: text("url").notNull(),
    description: text("description"),
    events: webhookEventType("events").array().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    /** The signing secret, AES-256-GCM under WEBHOOK_SECRETS_KEY: a dump alone cannot sign. */
    secretSealed: text("secret_sealed").notNull(),
    /** The secret before the last rotation, still signing (second) until `previousSecretUntil`. */
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretUntil: instant("previous_secret_until"),
    /** The first failed attempt since the last success; the disable window counts from it. */
    failingSince: instant("failing_since"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId, t.createdAt)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** `webhook-id`: the same on every attempt, and on a redelivery of the same message. */
    messageId: text("message_id").notNull(),
    type: text("type").notNull(),
    /** The exact bytes signed and sent. */
    body: text("body").notNull(),
    status: webhookDeliveryStatus("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: instant("last_attempt_at"),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    nextAttemptAt: instant("next_attempt_at").defaultNow(),
    /** A worker that claimed the row holds it until then; after a crash another one takes over. */
    lockedUntil: instant("locked_until"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_created_idx").on(t.createdAt),
  ],
);
