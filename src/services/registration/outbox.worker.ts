/**
 * Delivers the registration outbox to the land registry (SPEC §3), in every hub instance and
 * alone (scripts/outbox-worker.ts), through the outboxes' ClaimLoop: due rows claimed with FOR
 * UPDATE SKIP LOCKED and a lease, so instances share the work and a row held by an instance that
 * died is taken over once its lease runs out. Every attempt sends the row's stored request with the row's own idempotency
 * key, so a retry after a timeout or a lost answer gets the registry's first answer back instead
 * of a second registration. 5xx, 429 and timeouts back off exponentially with jitter; a 4xx ends
 * the registration as REJECTED with the registry's reason; a 202 is polled until decided.
 */
import type { Database, Executor } from "../../db/client.js";
import { claimDueOutbox, lockOutbox, releaseClaims, settleOutbox, type OutboxRow } from "../../db/queries/registration-outbox.js";
import { backoffDelay } from "../../integrations/backoff.js";
import type { LandRegistryClient } from "../../integrations/land-registry/client.js";
import { PartnerRejectedError } from "../../integrations/partner-errors.js";
import type { Logger } from "../../logger.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ClaimLoop, ClaimLoopWorker } from "../claim-loop.js";
import type { Catalog } from "../partner/catalog.js";
import { REGISTRATION_OUTBOX_TOPIC } from "./registration-ledger.js";
import type { DeliveryOutcome, RegistryOutcomes } from "./registry-outcomes.js";

export interface OutboxSettings {
  /** Idle wait between rounds when nothing wakes the worker, and the pace of polling a 202. */
  pollIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed row is this worker's; longer than one partner call. */
  leaseMs: number;
  /** Rows delivered at once per round. */
  batchSize?: number;
  /** On stop, how long calls in flight may take to finish before they are given up (and their rows released). */
  stopGraceMs?: number;
}

/** Refusals that say something about the hub's credentials or the moment, not about the request. */
const RETRYABLE_REFUSALS = new Set([401, 403, 408]);

type Attempt = DeliveryOutcome | { type: "retry"; reason: string } | { type: "resubmit"; reason: string };

export class RegistrationOutboxWorker extends ClaimLoopWorker<OutboxRow, Attempt> {
  protected readonly loop: ClaimLoop<OutboxRow, Attempt>;

  constructor(
    private readonly deps: {
      db: Database;
      relay: EventRelay;
      catalog: Catalog;
      audit: AuditLog;
      registry: LandRegistryClient;
      outcomes: RegistryOutcomes;
      logger: Logger;
      settings: OutboxSettings;
      random?: () => number;
    },
  ) {
    super();
    const { settings } = deps;
    this.loop = new ClaimLoop<OutboxRow, Attempt>(
      {
        name: "registration outbox",
        claim: (limit) => claimDueOutbox(deps.db, { limit, leaseMs: settings.leaseMs }),
        call: (row) => this.call(row).catch((error: unknown) => classify(error, row)),
        settle: (row, attempt) => this.settle(row, attempt),
        // Released at stop: another instance resends them at once, with the same key.
        release: (rows) => releaseClaims(deps.db, rows),
        describe: (row) => ({ registrationId: row.registrationId }),
      },
      {
        relay: deps.relay,
        // Any instance's new outbox row wakes every worker; SKIP LOCKED lets one of them have it.
        wakeTopic: REGISTRATION_OUTBOX_TOPIC,
        logger: deps.logger,
        settings: { pollIntervalMs: settings.pollIntervalMs, batchSize: settings.batchSize ?? 10, stopGraceMs: settings.stopGraceMs ?? 5_000 },
      },
    );
  }

  private async call(row: OutboxRow): Promise<DeliveryOutcome> {
    const { registry } = this.deps;
    if (row.status === "POLLING" && row.registryReference) {
      return { type: "decision", decision: await registry.getRegistration(row.registryReference) };
    }
    const { decision } = await registry.submitRegistration(row.idempotencyKey, row.request);
    return { type: "decision", decision };
  }

  private async settle(claimed: OutboxRow, attempt: Attempt): Promise<void> {
    const { settings, outcomes, logger } = this.deps;
    const catalog = await this.deps.catalog.get();
    await this.deps.db.transaction(async (tx) => {
      const row = await lockOutbox(tx, claimed.id);
      if (!row || row.status === "DONE" || row.status === "FAILED") return;
      const stillOurs = row.lockedUntil?.getTime() === claimed.lockedUntil?.getTime();
      switch (attempt.type) {
        case "decision": {
          const { decision } = attempt;
          const applied = await outcomes.apply(tx, row.registrationId, attempt, catalog);
          const decided = decision.status !== "RECEIVED";
          await settleOutbox(tx, row.id, {
            status: decided ? "DONE" : "POLLING",
            retryInMs: decided ? 0 : settings.pollIntervalMs,
            registryReference: decision.registryReference,
            lastError: null,
            resetAttempts: true,
          });
          if (applied) await this.recordDecision(tx, row.registrationId, `landRegistry.${camelCase(decision.status)}`);
          return;
        }
        case "refused":
          logger.warn({ registrationId: row.registrationId, reason: attempt.reason }, "registration outbox: refused by the registry");
          const applied = await outcomes.apply(tx, row.registrationId, attempt, catalog);
          await settleOutbox(tx, row.id, { status: "FAILED", lastError: attempt.reason });
          if (applied) await this.recordDecision(tx, row.registrationId, "landRegistry.refused");
          return;
        case "resubmit":
        case "retry": {
          // Another instance took the row over after our lease ran out: its attempt decides.
          if (!stillOurs) return;
          const delay = backoffDelay(row.attempts, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs }, this.deps.random);
          logger.warn({ registrationId: row.registrationId, reason: attempt.reason, retryInMs: delay }, "registration outbox: will retry");
          await settleOutbox(tx, row.id, {
            status: attempt.type === "resubmit" ? "PENDING" : row.status,
            retryInMs: delay,
            lastError: attempt.reason,
          });
          return;
        }
      }
    });
  }

  /** A registry answer applied, in the transaction that applies it (last: it holds the chain's head). */
  private recordDecision(tx: Executor, registrationId: string, action: string): Promise<void> {
    return this.deps.audit.record(tx, { action, entity: "securityRegistration", entityId: registrationId });
  }
}

/** REGISTERED → registered, SUPPLEMENT_REQUESTED → supplementRequested: the trail's action names. */
function camelCase(status: string): string {
  return status.toLowerCase().replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function classify(error: unknown, row: OutboxRow): Attempt {
  if (error instanceof PartnerRejectedError) {
    // A registry that lost a request it had acknowledged with 202: send it again, same key.
    if (row.status === "POLLING" && error.status === 404) return { type: "resubmit", reason: error.message };
    if (!RETRYABLE_REFUSALS.has(error.status)) return { type: "refused", reason: error.reason };
  }
  return { type: "retry", reason: error instanceof Error ? error.message : String(error) };
}
