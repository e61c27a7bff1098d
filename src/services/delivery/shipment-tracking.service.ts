/**
 * The one way the post's tracking events reach a delivery, whether they came by webhook or by
 * polling. Events arrive late, twice and out of order, so: a webhook id is processed once, an event
 * already known (same status and time) is stored once, and the delivery's status only ever moves
 * up the post's order (the shipment machine, delivery.transitions.ts) — an older event still joins the history.
 */
import type { Database, Executor } from "../../db/client.js";
import {
  findDeliveryByTrackingNumber,
  insertDeliveryEvent,
  lockDelivery,
  recordWebhookReceipt,
  updateDeliveryStatus,
  type DeliveryRow,
} from "../../db/queries/delivery.js";
import { lockDossier } from "../../db/queries/dossier.js";
import type { ShipmentStatus } from "../../integrations/post/types.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { DossierLedger } from "../dossier/dossier-ledger.js";
import { assertTransition } from "../dossier/dossier.transitions.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { POST_ACTOR } from "./delivery.service.js";
import { shipmentMachine } from "./delivery.transitions.js";

export interface ShipmentEventInput {
  trackingNumber: string;
  status: ShipmentStatus;
  at: Date;
  note: string | null;
}

export type ShipmentEventOutcome =
  /** A new event; it moved the delivery on, or (older than what is known) joined its history. */
  | "applied"
  /** The same status and time were recorded before (by webhook or polling). */
  | "known"
  /** This webhook id was processed before. */
  | "replayed"
  /** No delivery has this tracking number. */
  | "unknown";

export class ShipmentTrackingService {
  constructor(private readonly deps: { db: Database; audit: AuditLog; ledger: DossierLedger; webhooks: WebhookOutbox; now: () => Date }) {}

  /** A tracking event from the post; each webhook (a partner's callback) is audited with what it did. */
  async apply(source: "WEBHOOK" | "POLL", event: ShipmentEventInput, webhookId?: string): Promise<ShipmentEventOutcome> {
    const found = await findDeliveryByTrackingNumber(this.deps.db, event.trackingNumber);
    // Not recorded as received: should the tracking number become known, the post's retry still counts.
    if (!found) {
      if (source === "WEBHOOK") await this.deps.audit.recordAll([{ action: "post.webhook", entity: "delivery", outcome: "NOT_FOUND" }]);
      return "unknown";
    }
    return this.deps.db.transaction(async (tx) => {
      const outcome = await this.applyTo(tx, found, source, event, webhookId);
      if (source === "WEBHOOK") await this.deps.audit.record(tx, { action: "post.webhook", entity: "delivery", entityId: found.id });
      return outcome;
    });
  }

  private async applyTo(
    tx: Executor,
    found: DeliveryRow,
    source: "WEBHOOK" | "POLL",
    event: ShipmentEventInput,
    webhookId: string | undefined,
  ): Promise<ShipmentEventOutcome> {
    {
      const now = this.deps.now();
      if (webhookId && !(await recordWebhookReceipt(tx, webhookId, now))) return "replayed";
      // Dossier, then delivery: the order dispatch locks in, so the two never deadlock.
      const dossier = (await lockDossier(tx, found.dossierId))!;
      const delivery = (await lockDelivery(tx, found.id))!;
      const isNew = await insertDeliveryEvent(tx, {
        deliveryId: delivery.id,
        status: event.status,
        at: event.at,
        note: event.note,
        source,
        receivedAt: now,
      });
      if (!isNew) return "known";
      await this.deps.webhooks.deliveryTracked(tx, delivery, event, now);
      if (!shipmentMachine.canMove(delivery.status, event.status)) return "applied";

      await updateDeliveryStatus(tx, delivery.id, { status: event.status, statusNote: event.note, updatedAt: now });
      if (dossier.status !== "RESULT_READY") return "applied"; // e.g. handed over at the counter meanwhile
      const tracking = event.trackingNumber;
      if (event.status === "DELIVERED") {
        assertTransition(dossier.status, "RETURNED", ["SYSTEM"]);
        await this.deps.ledger.move(tx, dossier, "RETURNED", POST_ACTOR, {
          at: now,
          note: `Delivered by post (tracking ${tracking}) at ${event.at.toISOString()}${event.note ? `: ${event.note}` : ""}`,
        });
      } else if (event.status === "FAILED" || event.status === "RETURNED_TO_SENDER") {
        // The result stays ready at the branch, back on its worklist; the applicant sees why.
        const what = event.status === "FAILED" ? "Delivery attempt failed" : "Returned to the branch by the post";
        await this.deps.ledger.annotate(tx, dossier, POST_ACTOR, {
          at: now,
          note: `${what} (tracking ${tracking})${event.note ? `: ${event.note}` : ""}`,
        });
      }
      return "applied";
    }
  }
}
