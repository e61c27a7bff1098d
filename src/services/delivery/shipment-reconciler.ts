/**
 * Polling reconciliation (SPEC §3, issue 7): every POST_POLL_INTERVAL_SECONDS, asks the post about
 * shipments not yet final and applies the events a lost webhook never brought, through the same
 * code path as webhooks. Deliveries are claimed with FOR UPDATE SKIP LOCKED and a claim time, so
 * with several instances each shipment is polled by one of them per interval, not by all.
 * It also gives a dispatch the post never confirmed another try with the same idempotency key.
 */
import type { Database } from "../../db/client.js";
import { claimDeliveriesToReconcile, pruneWebhookReceipts, type DeliveryRow } from "../../db/queries/delivery.js";
import type { PostClient } from "../../integrations/post/client.js";
import { readShipmentEvent } from "../../integrations/post/types.js";
import { describeInternalError, type Logger } from "../../logger.js";
import { PeriodicRound, type HubWorker } from "../hub-worker.js";
import type { DeliveryService } from "./delivery.service.js";
import type { ShipmentTrackingService } from "./shipment-tracking.service.js";

export interface ShipmentReconcilerDeps {
  db: Database;
  post: PostClient;
  deliveries: DeliveryService;
  tracking: ShipmentTrackingService;
  logger: Logger;
  now: () => Date;
  /** POST_POLL_INTERVAL_SECONDS, in ms. */
  intervalMs: number;
}

const BATCH = 100;
/** A dispatch younger than this may still be waiting for the post's answer in a clerk's request. */
const UNCONFIRMED_GRACE_MS = 60_000;
/** Webhooks older than the 5-minute signature tolerance are refused anyway; their ids need not be kept long. */
const RECEIPT_RETENTION_MS = 24 * 3600_000;

export interface ReconcileReport {
  polled: number;
  applied: number;
  failed: number;
}

export class ShipmentReconciler implements HubWorker {
  readonly rounds: PeriodicRound;
  private running: Promise<ReconcileReport> | undefined;

  constructor(private readonly deps: ShipmentReconcilerDeps) {
    this.rounds = new PeriodicRound({ name: "shipment reconciliation", intervalMs: deps.intervalMs, round: () => this.reconcileOnce(), logger: deps.logger });
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; a round already running in this process is joined rather than doubled. */
  reconcileOnce(): Promise<ReconcileReport> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<ReconcileReport> {
    const now = this.deps.now();
    const report: ReconcileReport = { polled: 0, applied: 0, failed: 0 };
    const claimed = await this.deps.db.transaction((tx) =>
      claimDeliveriesToReconcile(tx, {
        now,
        // Half an interval, so timer jitter does not skip every other round.
        claimedBefore: new Date(now.getTime() - this.deps.intervalMs / 2),
        unconfirmedBefore: new Date(now.getTime() - UNCONFIRMED_GRACE_MS),
        limit: BATCH,
      }),
    );
    for (const delivery of claimed) {
      try {
        report.applied += await this.reconcile(delivery);
        report.polled++;
      } catch (error) {
        report.failed++;
        this.deps.logger.warn({ error: describeInternalError(error), deliveryId: delivery.id }, "shipment reconciliation failed; next round tries again");
      }
    }
    await pruneWebhookReceipts(this.deps.db, new Date(now.getTime() - RECEIPT_RETENTION_MS));
    return report;
  }

  private async reconcile(delivery: DeliveryRow): Promise<number> {
    if (!delivery.trackingNumber) {
      await this.deps.deliveries.retryUnconfirmed(delivery);
      return 0;
    }
    const shipment = await this.deps.post.getShipment(delivery.trackingNumber);
    if (!shipment) {
      this.deps.logger.warn({ trackingNumber: delivery.trackingNumber }, "the post does not know a shipment the hub holds");
      return 0;
    }
    let applied = 0;
    for (const raw of shipment.events) {
      // The adapter checked the shipment's status; its events come as the post wrote them, read as a webhook's are.
      const event = readShipmentEvent(raw);
      if (!event) continue;
      const outcome = await this.deps.tracking.apply("POLL", {
        trackingNumber: delivery.trackingNumber,
        status: event.status,
        at: new Date(event.at),
        note: event.note,
      });
      if (outcome === "applied") applied++;
    }
    return applied;
  }
}
