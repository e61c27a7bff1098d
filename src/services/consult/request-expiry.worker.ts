/**
 * An open consult request whose preferred window has passed can no longer be taken (takers must
 * choose a time inside it), so it is cancelled with a reason the citizen reads, and announced like
 * any other change. Several instances may run it: the UPDATE's row locks let each request expire once.
 */
import type { Database } from "../../db/client.js";
import { expireOpenRequests } from "../../db/queries/consult.js";
import { describeInternalError, type Logger } from "../../logger.js";
import type { HubWorker } from "../hub-worker.js";
import type { ConsultFeed } from "./consult-feed.js";

export const REQUEST_EXPIRY_INTERVAL_MS = 60_000;
export const EXPIRED_REQUEST_REASON = "No lawyer could take the request within its preferred time; please request again";

export class ConsultRequestExpiryWorker implements HubWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: { db: Database; feed: ConsultFeed; logger: Logger; now: () => Date },
    private readonly intervalMs = REQUEST_EXPIRY_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.expireOnce()
        .catch((error: unknown) => this.deps.logger.warn({ error: describeInternalError(error) }, "consult request expiry failed"))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
