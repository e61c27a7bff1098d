import { and, asc, eq, inArray, isNotNull, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import type { Executor } from "../client.js";
import { deliveries, deliveryEvents, documents, webhookReceipts } from "../schema/delivery.js";

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryEventRow = typeof deliveryEvents.$inferSelect;
type DeliveryStatusName = DeliveryRow["status"];

// ---------------------------------------------------------------------------------------------
// Documents

export async function insertDocument(db: Executor, values: NewDocument): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning();
  return row!;
}

export async function findDocument(db: Executor, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row;
}

/** Marks the upload link used; undefined when it was used already (or the document is not pending). */
export async function claimDocumentUpload(db: Executor, id: string, at: Date): Promise<DocumentRow | undefined> {
  const [row] = await db
    .update(documents)
    .set({ uploadStartedAt: at })
    .where(and(eq(documents.id, id), eq(documents.status, "PENDING"), isNull(documents.uploadStartedAt)))
    .returning();
  return row;
}

export async function markDocumentStored(db: Executor, id: string, at: Date): Promise<DocumentRow> {
  const [row] = await db.update(documents).set({ status: "STORED", storedAt: at }).where(eq(documents.id, id)).returning();
  return row!;
}

export async function markDocumentRefused(db: Executor, id: string, reason: string): Promise<void> {
  await db
    .update(documents)
    .set({ status: "REFUSED", refusedReason: reason })
    .where(and(eq(documents.id, id), eq(documents.status, "PENDING")));
}

export async function storedDocumentsByDossierIds(db: Executor, dossierIds: readonly string[]): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(and(inArray(documents.dossierId, [...dossierIds]), eq(documents.status, "STORED")))
    .orderBy(asc(documents.storedAt), asc(documents.id));
}

export async function hasStoredDocument(db: Executor, dossierId: string): Promise<boolean> {
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.dossierId, dossierId), eq(documents.status, "STORED")))
    .limit(1);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Deliveries

/** The dossier's delivery, made with its idempotency key if there is none yet. */
export async function ensureDelivery(
  db: Executor,
  values: { dossierId: string; idempotencyKey: string; requestedBySubject: string; at: Date },
): Promise<DeliveryRow> {
  await db
    .insert(deliveries)
    .values({ ...values, createdAt: values.at, updatedAt: values.at })
    // No target: the dossier id and the idempotency key are both unique, and a racing insert may
    // hit either first; naming one would let the other raise.
    .onConflictDoNothing();
  const [row] = await db.select().from(deliveries).where(eq(deliveries.dossierId, values.dossierId));
  return row!;
}

export async function findDeliveryOfDossier(db: Executor, dossierId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.dossierId, dossierId));
  return row;
}

export async function findDeliveryByTrackingNumber(db: Executor, trackingNumber: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.trackingNumber, trackingNumber));
  return row;
}

export async function lockDelivery(tx: Executor, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, id)).for("update");
  return row;
}

/** Records the post's tracking number once; undefined when another attempt recorded it first. */
export async function setTrackingNumber(tx: Executor, id: string, trackingNumber: string, at: Date): Promise<DeliveryRow | undefined> {
  const [row] = await tx
    .update(deliveries)
    .set({ trackingNumber, updatedAt: at })
    .where(and(eq(deliveries.id, id), isNull(deliveries.trackingNumber)))
    .returning();
  return row;
}

export async function updateDeliveryStatus(
  tx: Executor,
  id: string,
  patch: { status: DeliveryStatusName; statusNote: string | null; updatedAt: Date },
): Promise<DeliveryRow> {
  const [row] = await tx.update(deliveries).set(patch).where(eq(deliveries.id, id)).returning();
  return row!;
}

/** Inserts the event unless the same one (delivery, status, time) is known; true when it is new. */
export async function insertDeliveryEvent(tx: Executor, values: typeof deliveryEvents.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(deliveryEvents).values(values).onConflictDoNothing().returning({ id: deliveryEvents.id });
  return inserted.length === 1;
}

export async function deliveriesWithTrackingByDossierIds(db: Executor, dossierIds: readonly string[]): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(deliveries)
    .where(and(inArray(deliveries.dossierId, [...dossierIds]), isNotNull(deliveries.trackingNumber)));
}

export async function eventsByDeliveryIds(db: Executor, deliveryIds: readonly string[]): Promise<DeliveryEventRow[]> {
  return db
    .select()
    .from(deliveryEvents)
    .where(inArray(deliveryEvents.deliveryId, [...deliveryIds]))
    .orderBy(asc(deliveryEvents.deliveryId), asc(deliveryEvents.at), asc(deliveryEvents.receivedAt));
}

const finalStatuses: DeliveryStatusName[] = ["DELIVERED", "RETURNED_TO_SENDER"];

/**
 * Claims up to `limit` deliveries the post may have news about (not final), or whose shipment was
 * never confirmed (no tracking number, requested before `unconfirmedBefore`), and not claimed since
 * `claimedBefore`. SKIP LOCKED and the claim time keep instances from polling the same ones.
 */
export async function claimDeliveriesToReconcile(
  tx: Executor,
  options: { now: Date; claimedBefore: Date; unconfirmedBefore: Date; limit: number },
): Promise<DeliveryRow[]> {
  const due = tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        notInArray(deliveries.status, finalStatuses),
        or(isNull(deliveries.lastPolledAt), lt(deliveries.lastPolledAt, options.claimedBefore)),
        or(isNotNull(deliveries.trackingNumber), lt(deliveries.createdAt, options.unconfirmedBefore)),
      ),
    )
    .orderBy(sql`${deliveries.lastPolledAt} asc nulls first`, asc(deliveries.id))
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return tx.update(deliveries).set({ lastPolledAt: options.now }).where(inArray(deliveries.id, due)).returning();
}

// ---------------------------------------------------------------------------------------------
// Webhook receipts

/** True the first time a webhook id is seen. */
export async function recordWebhookReceipt(tx: Executor, webhookId: string, at: Date): Promise<boolean> {
  const inserted = await tx
    .insert(webhookReceipts)
    .values({ webhookId, receivedAt: at })
    .onConflictDoNothing()
    .returning({ id: webhookReceipts.webhookId });
  return inserted.length === 1;
}

export async function pruneWebhookReceipts(db: Executor, before: Date): Promise<void> {
  await db.delete(webhookReceipts).where(lt(webhookReceipts.receivedAt, before));
}

/** Upload links never used (the document still PENDING) made before `before`: their rows go. */
export async function purgeUnusedUploads(db: Executor, before: Date): Promise<number> {
  const purged = await db
    .delete(documents)
    .where(and(eq(documents.status, "PENDING"), lt(documents.createdAt, before)))
    .returning({ id: documents.id });
  return purged.length;
}
