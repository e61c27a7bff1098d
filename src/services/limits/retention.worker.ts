/**
 * Forgets what the hub keeps only for a while (issue 11), on one schedule: bank idempotency
 * records (promised for at least 24 hours), rate-limit counters, upload links never used, and the
 * webhook delivery log (SPEC §8: kept as long as the idempotency records) — each kept RETENTION_HOURS. Safe with several instances: each sweep is a plain DELETE.
 */
import type { Database } from "../../db/client.js";
import { purgeUnusedUploads } from "../../db/queries/delivery.js";
import { purgeCounters } from "../../db/queries/limits.js";
import { purgeIdempotencyKeys } from "../../db/queries/registration.js";
import { purgeWebhookDeliveries } from "../../db/queries/webhook.js";
import type { Logger } from "../../logger.js";
import { PeriodicRound, type HubWorker } from "../hub-worker.js";

export interface RetentionSettings {
  retentionHours: number;
  sweepIntervalMs: number;
}

export interface SweepReport {
  idempotencyKeys: number;
  rateLimitCounters: number;
  unusedUploads: number;
  /** Webhook deliveries done (succeeded or failed): their log is kept as long as idempotency records. */
  webhookDeliveries: number;
}

export class RetentionWorker implements HubWorker {
  readonly rounds: PeriodicRound;

  constructor(private readonly deps: { db: Database; logger: Logger; settings: RetentionSettings }) {
    this.rounds = new PeriodicRound({ name: "retention sweep", intervalMs: deps.settings.sweepIntervalMs, round: () => this.sweep(), logger: deps.logger });
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  async sweep(): Promise<SweepReport> {
    const retentionMs = this.deps.settings.retentionHours * 3_600_000;
    const before = new Date(Date.now() - retentionMs);
    const report = {
      idempotencyKeys: await purgeIdempotencyKeys(this.deps.db, retentionMs),
      rateLimitCounters: await purgeCounters(this.deps.db, before),
      unusedUploads: await purgeUnusedUploads(this.deps.db, before),
      webhookDeliveries: await purgeWebhookDeliveries(this.deps.db, before),
    };
    if (Object.values(report).some((count) => count > 0)) this.deps.logger.info(report, "retention sweep");
    return report;
  }
}
