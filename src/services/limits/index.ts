/**
 * What the hub keeps only for a while or only so much of (issue 11): rate limits shared by every
 * instance, and the retention sweep of idempotency records, rate-limit rows and unused upload links.
 */
import type { Module, ModuleDeps } from "../module.js";
import { RateLimiter } from "./rate-limiter.js";
import { RetentionWorker } from "./retention.worker.js";

export function createLimitsModule({ db, logger, config }: Pick<ModuleDeps, "db" | "logger" | "config">): Module<{ limiter: RateLimiter }> {
  return {
    services: { limiter: new RateLimiter({ db, settings: config.rateLimits }) },
    workers: [new RetentionWorker({ db, logger, settings: { retentionHours: config.retentionHours, sweepIntervalMs: config.retentionSweepMs } })],
  };
}

export type { RateLimiter } from "./rate-limiter.js";
