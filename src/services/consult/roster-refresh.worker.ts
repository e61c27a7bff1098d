/**
 * Keeps `verified` and the center's flags true to the roster for lawyers who do not sign in: every
 * few minutes, each lawyer with slots or consults still to come is looked up again. A lawyer the
 * roster suspends while they are away has their upcoming consults flagged all the same.
 */
import type { Database } from "../../db/client.js";
import { lawyersWithFutureWork } from "../../db/queries/consult.js";
import type { Logger } from "../../logger.js";
import type { HubWorker } from "../hub-worker.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

export const ROSTER_REFRESH_INTERVAL_MS = 10 * 60_000;

export class RosterRefreshWorker implements HubWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { db: Database; lawyers: LawyerDirectory; logger: Logger; now: () => Date },
    private readonly intervalMs = ROSTER_REFRESH_INTERVAL_MS,
  ) {}

  start(): void {
    // The first round waits one interval: lawyers are checked anyway whenever they act.
    this.timer = setInterval(() => {
      this.running ??= this.refreshAll()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, "roster refresh round failed"))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async refreshAll(): Promise<void> {
    for (const lawyer of await lawyersWithFutureWork(this.deps.db, this.deps.now())) {
      try {
        await this.deps.lawyers.refresh(lawyer.barNumber);
      } catch (error) {
        this.deps.logger.warn({ err: error, barNumber: lawyer.barNumber }, "roster refresh failed; next round will retry");
      }
    }
  }
}
