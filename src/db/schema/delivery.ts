import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { SHIPMENT_STATUSES } from "../../integrations/post/types.js";
import { dossiers } from "./dossier.js";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** PENDING until bytes matching the declared size and SHA-256 arrive; REFUSED when they did not. Only STORED is listed. */
export const documentStatus = pgEnum("document_status", ["PENDING", "STORED", "REFUSED"]);

export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    /** Free text naming what was scanned: APPLICATION_FORM, LAND_CERTIFICATE_SCAN … */
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    /** Lower-case hex SHA-256 the clerk declared; the stored bytes are checked against it. */
    sha256: text("sha256").notNull(),
    status: documentStatus("status").notNull().default("PENDING"),
    blobKey: text("blob_key").notNull(),
    createdBySubject: text("created_by_subject").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    /** Set when the upload link is first used: the link works once, whatever the outcome. */
    uploadStartedAt: instant("upload_started_at"),
    /** `digitizedAt` of the contract. */
    storedAt: instant("stored_at"),
    refusedReason: text("refused_reason"),
  },
  (t) => [
    index("documents_dossier_idx").on(t.dossierId, t.storedAt),
    check("documents_size_positive", sql`${t.sizeBytes} > 0`),
    check("documents_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("documents_stored_at", sql`(${t.status} = 'STORED') = (${t.storedAt} is not null)`),
  ],
);

export const deliveryStatus = pgEnum("delivery_status", SHIPMENT_STATUSES);
export const deliveryEventSource = pgEnum("delivery_event_source", ["CREATE", "WEBHOOK", "POLL"]);

/**
 * One shipment of a dossier's result. The row and its idempotency key are committed before the
 * post is asked, so every retry (by the clerk or the reconciler) reuses the key and the post never
 * holds two shipments for one dossier; `trackingNumber` stays null until the post has answered.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dossierId: uuid("dossier_id")
      .notNull()
      .unique()
      .references(() => dossiers.id),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    trackingNumber: text("tracking_number").unique(),
    status: deliveryStatus("status").notNull().default("CREATED"),
    /** The post's note on the event that set the status (e.g. why a delivery failed). */
    statusNote: text("status_note"),
    requestedBySubject: text("requested_by_subject").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    /** When the reconciler last claimed it; spreads polling over instances and intervals. */
    lastPolledAt: instant("last_polled_at"),
  },
  (t) => [index("deliveries_open_idx").on(t.status, t.lastPolledAt)],
);

export const deliveryEvents = pgTable(
  "delivery_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id),
    status: deliveryStatus("status").notNull(),
    /** The post's time of the event. */
    at: instant("at").notNull(),
    note: text("note"),
    source: deliveryEventSource("source").notNull(),
    receivedAt: instant("received_at").notNull().defaultNow(),
  },
  (t) => [
    // The same event seen by webhook and by polling is stored once.
    uniqueIndex("delivery_events_identity_idx").on(t.deliveryId, t.status, t.at),
    // The hub records CREATED when the post answers; the post's own CREATED (another time) adds nothing.
    uniqueIndex("delivery_events_one_created_idx").on(t.deliveryId).where(sql`${t.status} = 'CREATED'`),
  ],
);

/** Webhook ids already processed: a replay answers 2xx and changes nothing. */
export const webhookReceipts = pgTable("webhook_receipts", {
  webhookId: text("webhook_id").primaryKey(),
  receivedAt: instant("received_at").notNull().defaultNow(),
});
