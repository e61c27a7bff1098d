/**
 * Sends the recorded webhook messages (SPEC §8), in every hub instance, through the outboxes'
 * ClaimLoop: due deliveries claimed with a lease, at most WEBHOOK_CONCURRENCY_PER_ENDPOINT of one
 * endpoint at once over every instance, so a slow or dead endpoint holds back only its own. An
 * attempt reads the endpoint, signs and POSTs with no connection or transaction held, then records
 * its outcome in a short transaction: SUCCEEDED on a 2xx; otherwise the next attempt after the
 * schedule's next wait, FAILED after the last. A 410 disables the endpoint at once; so does failing
 * without a success for WEBHOOK_DISABLE_AFTER_SECONDS; a disabled endpoint's pending deliveries
 * end FAILED.
 */
import type { Database, Executor } from "../../db/client.js";
import {
  claimDueDeliveries,
  failPendingDeliveries,
  findEndpoint,
  lockDelivery,
  lockEndpoint,
  releaseDeliveryClaims,
  settleDelivery,
  updateEndpoint,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from "../../db/queries/webhook.js";
import type { Logger } from "../../logger.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ClaimLoop, ClaimLoopWorker } from "../claim-loop.js";
import { WEBHOOK_DELIVERY_TOPIC } from "./webhook-outbox.js";
import type { SecretBox } from "./webhook-secrets.js";
import type { AttemptOutcome, WebhookSender } from "./webhook-sender.js";
import { TARGET_NOT_ALLOWED } from "./webhook-targets.js";

export interface WebhookDeliverySettings {
  retryScheduleMs: number[];
  timeoutMs: number;
  concurrencyPerEndpoint: number;
  disableAfterMs: number;
  pollIntervalMs: number;
  batchSize: number;
  stopGraceMs: number;
}

/** What became of one claimed delivery before it was recorded. */
type Attempt = ({ kind: "attempted"; at: Date } & AttemptOutcome) | { kind: "endpoint disabled"; reason: string } | { kind: "endpoint gone" };

/** Attempts by outcome, for /metrics. */
export type AttemptOutcomeLabel = "success" | "http_error" | "timeout" | "not_allowed" | "network_error";

export class WebhookDeliveryWorker extends ClaimLoopWorker<WebhookDeliveryRow, Attempt> {
  protected readonly loop: ClaimLoop<WebhookDeliveryRow, Attempt>;
  readonly attemptsByOutcome = new Map<AttemptOutcomeLabel, number>();

  constructor(
    private readonly deps: {
      db: Database;
      relay: EventRelay;
      audit: AuditLog;
      secrets: SecretBox;
      sender: WebhookSender;
      logger: Logger;
      now: () => Date;
      settings: WebhookDeliverySettings;
    },
  ) {
    super();
    const { settings } = deps;
    this.loop = new ClaimLoop<WebhookDeliveryRow, Attempt>(
      {
        name: "webhook deliveries",
        // Longer than one attempt, so no other instance sends a delivery still in flight here.
        claim: (limit) =>
          deps.db.transaction((tx) => claimDueDeliveries(tx, { limit, leaseMs: settings.timeoutMs + 10_000, perEndpoint: settings.concurrencyPerEndpoint })),
        call: (delivery) => this.attempt(delivery),
        settle: (delivery, attempt) => this.settle(delivery, attempt),
        release: (rows) => releaseDeliveryClaims(deps.db, rows),
        describe: (delivery) => ({ deliveryId: delivery.id, endpointId: delivery.endpointId }),
      },
      {
        relay: deps.relay,
        wakeTopic: WEBHOOK_DELIVERY_TOPIC,
        logger: deps.logger,
        settings: { pollIntervalMs: settings.pollIntervalMs, batchSize: settings.batchSize, stopGraceMs: settings.stopGraceMs },
      },
    );
  }

  /** Reads the endpoint (a statement of its own), then the network: nothing of the database is held while it waits. */
  private async attempt(delivery: WebhookDeliveryRow): Promise<Attempt> {
    const endpoint = await findEndpoint(this.deps.db, delivery.endpointId);
    if (!endpoint) return { kind: "endpoint gone" };
    if (!endpoint.enabled) return { kind: "endpoint disabled", reason: endpoint.disabledReason ?? "endpoint disabled" };
    const outcome = await this.deps.sender.send(endpoint.url, this.signingSecrets(endpoint), delivery);
    this.count(outcome);
    return { kind: "attempted", at: this.deps.now(), ...outcome };
  }

  /** The current secret, and the one before a rotation while its 24 hours last (new first). */
  private signingSecrets(endpoint: WebhookEndpointRow): string[] {
    const secrets = [this.deps.secrets.open(endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretUntil && endpoint.previousSecretUntil > this.deps.now()) {
      secrets.push(this.deps.secrets.open(endpoint.previousSecretSealed));
    }
    return secrets;
  }

  private count(outcome: AttemptOutcome): void {
    const label: AttemptOutcomeLabel = outcome.ok
      ? "success"
      : outcome.responseStatus !== null
        ? "http_error"
        : outcome.error === "timeout"
          ? "timeout"
          : outcome.error === TARGET_NOT_ALLOWED
            ? "not_allowed"
            : "network_error";
    this.attemptsByOutcome.set(label, (this.attemptsByOutcome.get(label) ?? 0) + 1);
  }

  private async settle(claimed: WebhookDeliveryRow, attempt: Attempt): Promise<void> {
    if (attempt.kind === "endpoint gone") return; // its deliveries went with it
    await this.deps.db.transaction(async (tx) => {
      const delivery = await lockDelivery(tx, claimed.id);
      if (!delivery || delivery.status !== "PENDING") return;
      if (attempt.kind === "endpoint disabled") return failPendingDeliveries(tx, delivery.endpointId, attempt.reason);
      // Another instance took the delivery over after our lease ran out: its attempt decides, unless ours succeeded.
      const stillOurs = delivery.lockedUntil?.getTime() === claimed.lockedUntil?.getTime();
      if (!stillOurs && !attempt.ok) return;
      const endpoint = await lockEndpoint(tx, delivery.endpointId);
      if (!endpoint) return;
      const recorded = { attemptAt: attempt.at, responseStatus: attempt.responseStatus, error: attempt.error };
      if (attempt.ok) {
        await settleDelivery(tx, delivery.id, { status: "SUCCEEDED", ...recorded });
        if (endpoint.failingSince) await updateEndpoint(tx, endpoint.id, { failingSince: null });
        return;
      }
      const reason = this.disableReason(endpoint, attempt);
      if (reason) {
        await settleDelivery(tx, delivery.id, { status: "FAILED", ...recorded });
        await this.disable(tx, endpoint, reason);
        return;
      }
      if (!endpoint.failingSince) await updateEndpoint(tx, endpoint.id, { failingSince: attempt.at });
      // `attempts` counts those before this one: the wait after attempt n is the schedule's n-th.
      const wait = this.deps.settings.retryScheduleMs[delivery.attempts];
      await settleDelivery(tx, delivery.id, wait === undefined ? { status: "FAILED", ...recorded } : { status: "PENDING", retryInMs: wait, ...recorded });
    });
  }

  /** Why a failed attempt disables its endpoint, if it does: a 410, or failing without a success for too long. */
  private disableReason(endpoint: WebhookEndpointRow, attempt: AttemptOutcome & { at: Date }): string | null {
    if (attempt.responseStatus === 410) return "the endpoint answered 410 Gone";
    const failingSince = endpoint.failingSince;
    if (failingSince && attempt.at.getTime() - failingSince.getTime() >= this.deps.settings.disableAfterMs) {
      return `every attempt failed since ${failingSince.toISOString()} (last: ${attempt.error ?? "failed"})`;
    }
    return null;
  }

  private async disable(tx: Executor, endpoint: WebhookEndpointRow, reason: string): Promise<void> {
    this.deps.logger.warn({ endpointId: endpoint.id, reason }, "webhook endpoint disabled");
    await updateEndpoint(tx, endpoint.id, { enabled: false, disabledReason: reason });
    await failPendingDeliveries(tx, endpoint.id, `endpoint disabled: ${reason}`);
    await this.deps.audit.record(tx, { action: "webhookEndpoint.disabled", entity: "webhookEndpoint", entityId: endpoint.id });
  }
}
