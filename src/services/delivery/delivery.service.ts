/**
 * Result return by post (SPEC §2, §3): `dispatchResult` asks the post for one shipment per
 * dossier. The delivery row and its idempotency key are committed before the post is called, so
 * a retry — by the clerk after UPSTREAM_UNAVAILABLE, or by the reconciler — reuses the key and the
 * post never holds two shipments for one dossier.
 */
import type { AuditLog } from "../audit/audit-log.js";
import type { Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import {
  ensureDelivery,
  findDeliveryOfDossier,
  insertDeliveryEvent,
  lockDelivery,
  setTrackingNumber,
  type DeliveryRow,
} from "../../db/queries/delivery.js";
import { findDossier, lockDossier, type DossierRow } from "../../db/queries/dossier.js";
import type { BackoffPolicy } from "../../integrations/backoff.js";
import { PartnerRejectedError, PartnerUnavailableError } from "../../integrations/partner-errors.js";
import { createShipmentWithRetry, type PostClient } from "../../integrations/post/client.js";
import type { ShipmentRequest } from "../../integrations/post/types.js";
import type { Logger } from "../../logger.js";
import { actorFor } from "../dossier/dossier.service.js";
import type { Actor, DossierLedger } from "../dossier/dossier-ledger.js";
import { badInput, invalidTransition, upstreamUnavailable } from "../../errors.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { assertHandlesAtBranch } from "./delivery.policy.js";

export interface DeliveryServiceDeps {
  db: Database;
  audit: AuditLog;
  ledger: DossierLedger;
  webhooks: WebhookOutbox;
  post: PostClient;
  now: () => Date;
  logger: Logger;
  /** How hard a clerk's dispatch tries before answering UPSTREAM_UNAVAILABLE (a person is waiting: a few seconds at most). */
  retry?: { attempts: number; backoff: BackoffPolicy };
}

/** The hub acting for the post when its events change a dossier. */
export const POST_ACTOR: Actor = { subject: "vnpost", role: "SYSTEM" };

const DEFAULT_RETRY = { attempts: 3, backoff: { baseMs: 250, maxMs: 2_000 } };

const idempotencyKeyFor = (dossierId: string) => `dispatch-${dossierId}`;

export class DeliveryService {
  constructor(private readonly deps: DeliveryServiceDeps) {}

  async dispatch(caller: Caller, dossierId: string): Promise<DeliveryRow> {
    const dossier = await findDossier(this.deps.db, { id: dossierId });
    assertHandlesAtBranch(caller, dossier);
    const existing = await findDeliveryOfDossier(this.deps.db, dossierId);
    // A second call answers the shipment made by the first, whatever became of it since.
    if (existing?.trackingNumber) return existing;
    if (dossier.resultDelivery !== "BY_POST") {
      throw badInput("dossierId", `This dossier's result is delivered ${dossier.resultDelivery}, not by post`);
    }
    if (dossier.status !== "RESULT_READY") {
      throw invalidTransition(dossier.status, "RETURNED", "only a dossier whose result is ready can be dispatched");
    }
    if (!dossier.deliveryAddress) throw badInput("dossierId", "The dossier has no delivery address");

    const delivery =
      existing ??
      (await ensureDelivery(this.deps.db, {
        dossierId,
        idempotencyKey: idempotencyKeyFor(dossierId),
        requestedBySubject: caller.subject,
        at: this.deps.now(),
      }));
    return this.confirm(delivery, dossier, actorFor(caller), this.deps.retry ?? DEFAULT_RETRY);
  }

  /**
   * The reconciler's second chance for a dispatch the post never confirmed (it was down, or the
   * answer was lost): one attempt with the same key, while the result still waits to go by post.
   */
  async retryUnconfirmed(delivery: DeliveryRow): Promise<void> {
    if (delivery.trackingNumber) return;
    const dossier = await findDossier(this.deps.db, { id: delivery.dossierId });
    if (!dossier || dossier.status !== "RESULT_READY" || dossier.resultDelivery !== "BY_POST" || !dossier.deliveryAddress) return;
    await this.confirm(delivery, dossier, POST_ACTOR, { attempts: 1, backoff: DEFAULT_RETRY.backoff });
  }

  private async confirm(
    delivery: DeliveryRow,
    dossier: DossierRow,
    actor: Actor,
    retry: { attempts: number; backoff: BackoffPolicy },
  ): Promise<DeliveryRow> {
    let trackingNumber: string;
    try {
      ({ trackingNumber } = await createShipmentWithRetry(this.deps.post, delivery.idempotencyKey, shipmentRequest(dossier), retry));
    } catch (error) {
      if (error instanceof PartnerUnavailableError) {
        this.deps.logger.warn({ dossierId: dossier.id, reason: error.reason }, "post unavailable for a dispatch");
        throw upstreamUnavailable("post");
      }
      if (error instanceof PartnerRejectedError) {
        throw badInput("dossierId", `The post refused the shipment: ${error.reason}`);
      }
      throw error;
    }

    return this.deps.db.transaction(async (tx) => {
      // Dossier first, then delivery: the order the webhook path locks in too.
      const locked = (await lockDossier(tx, dossier.id))!;
      const at = this.deps.now();
      const recorded = await setTrackingNumber(tx, delivery.id, trackingNumber, at);
      if (!recorded) return (await lockDelivery(tx, delivery.id))!; // a concurrent attempt got there first
      await insertDeliveryEvent(tx, { deliveryId: delivery.id, status: "CREATED", at, note: "Shipment created", source: "CREATE" });
      await this.deps.webhooks.deliveryTracked(tx, recorded, { status: "CREATED", at }, at);
      await this.deps.ledger.annotate(tx, locked, actor, { at, note: `Dispatched by post, tracking ${trackingNumber}` });
      await this.deps.audit.record(tx, { action: actor === POST_ACTOR ? "post.dispatchRetried" : "dispatchResult", entity: "delivery", entityId: delivery.id });
      return recorded;
    });
  }
}

/** What the post prints on the parcel: the receipt code and the applicant's name, phone and address. */
function shipmentRequest(dossier: DossierRow): ShipmentRequest {
  return {
    reference: dossier.code,
    recipientName: dossier.applicantFullName,
    recipientPhone: dossier.applicantPhone,
    address: dossier.deliveryAddress!,
  };
}
