/**
 * An open consult request whose preferred window has passed can no longer be taken (takers must
 * choose a time inside it), so it is cancelled with a reason the citizen reads, and announced like
 * any other change. Several instances may run it: the UPDATE's row locks let each request expire once.
 */
import type { Database } from "../../db/client.js";
import { expireOpenRequests } from "../../db/queries/consult.js";
import type { Logger } from "../../logger.js";
import { PeriodicRound, type HubWorker } from "../hub-worker.js";
import type { ConsultFeed } from "./consult-feed.js";

const REQUEST_EXPIRY_INTERVAL_MS = 60_000;
export const EXPIRED_REQUEST_REASON = "No lawyer could take the request within its preferred time; please request again";

export class ConsultRequestExpiryWorker implements HubWorker {
  readonly rounds: PeriodicRound;

  constructor(
    private readonly deps: { db: Database; feed: ConsultFeed; logger: Logger; now: () => Date },
    intervalMs = REQUEST_EXPIRY_INTERVAL_MS,
  ) {
    this.rounds = new PeriodicRound({ name: "consult request expiry", intervalMs, round: () => this.expireOnce(), logger: deps.logger });
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; returns how many requests expired. */
  async expireOnce(): Promise<number> {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const expired = await expireOpenRequests(tx, now, EXPIRED_REQUEST_REASON);
      for (const booking of expired) await this.deps.feed.record(tx, booking, now);
      return expired.length;
    });
  }
}
