import { describeInternalError, type Logger } from "../logger.js";

/** Background work a hub runs beside its API (outbox delivery, polling); started after it listens. */
export interface HubWorker {
  start(): void;
  /** Finishes the work in hand; resolves when nothing of the worker runs any more. */
  stop(): Promise<void>;
  /** Interval workers: their rounds, whose failures /metrics counts by worker. */
  readonly rounds?: RoundRecord;
}

/** What an interval worker's rounds tell operators. */
interface RoundRecord {
  readonly name: string;
  /** Rounds that failed so far. */
  readonly failures: number;
}

/**
 * The one shape of the interval-driven workers: a round of work every `intervalMs`, never two at
 * once in this process; a failed round is logged (naming the worker) and counted, and the next one
 * tries again; `stop()` waits for the round under way.
 */
export class PeriodicRound implements HubWorker, RoundRecord {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  failures = 0;

  constructor(
    private readonly options: {
      /** Names the worker in logs, e.g. "shipment reconciliation". */
      name: string;
      intervalMs: number;
      round: () => Promise<unknown>;
      logger: Logger;
    },
  ) {}

  get name(): string {
    return this.options.name;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One round now; a round already under way is joined rather than doubled. */
  runOnce(): Promise<unknown> {
    this.running ??= this.options
      .round()
      .catch((error: unknown) => {
        this.failures++;
        this.options.logger.warn({ error: describeInternalError(error), worker: this.options.name }, `${this.options.name}: round failed; the next one tries again`);
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
