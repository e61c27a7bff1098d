/**
 * Keeps `verified` and the center's flags true to the roster for lawyers who do not sign in: every
 * few minutes, each lawyer with slots or consults still to come is looked up again. A lawyer the
 * roster suspends while they are away has their upcoming consults flagged all the same.
 */
import type { Database } from "../../db/client.js";
import { lawyersWithFutureWork } from "../../db/queries/consult.js";
import { describeInternalError, type Logger } from "../../logger.js";
import { PeriodicRound, type HubWorker } from "../hub-worker.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

const ROSTER_REFRESH_INTERVAL_MS = 10 * 60_000;

export class RosterRefreshWorker implements HubWorker {
  readonly rounds: PeriodicRound;

  constructor(
    private readonly deps: { db: Database; lawyers: LawyerDirectory; logger: Logger; now: () => Date },
    intervalMs = ROSTER_REFRESH_INTERVAL_MS,
  ) {
    this.rounds = new PeriodicRound({ name: "roster refresh", intervalMs, round: () => this.refreshAll(), logger: deps.logger });
  }

  /** The first round waits one interval: lawyers are checked anyway whenever they act. */
  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  async refreshAll(): Promise<void> {
    for (const lawyer of await lawyersWithFutureWork(this.deps.db, this.deps.now())) {
      try {
        await this.deps.lawyers.refresh(lawyer.barNumber);
      } catch (error) {
        this.deps.logger.warn({ error: describeInternalError(error), barNumber: lawyer.barNumber }, "roster refresh failed; next round will retry");
      }
    }
  }
}
