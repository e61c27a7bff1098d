/**
 * The delivery loop of the hub's transactional outboxes (the land registry's, the partners'
 * webhooks): claims due rows whenever a place is free, with leases (FOR UPDATE SKIP LOCKED or an
 * equivalent claim), so instances share the work and a row held by an instance that died is taken
 * over once its lease runs out; keeps up to `batchSize` rows in flight, so one slow call holds
 * back only itself; sleeps until woken (this instance, or any instance through the relay) or the
 * poll interval. Whatever cannot be in flight waits in its table, not in memory or in the pool.
 *
 * Each row's work is a network `call` (holding no database connection) and then `settle`, which
 * records the outcome. On stop, calls still waiting after `stopGraceMs` are given up and their
 * rows released at once, so another instance sends them again — nothing lost; the receiving side
 * de-duplicates (the registry by idempotency key, partners by `webhook-id`).
 */
import { describeInternalError, type Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import type { HubWorker } from "./hub-worker.js";

export interface ClaimLoopSettings {
  /** Idle wait between looks for due rows when nothing wakes the loop. */
  pollIntervalMs: number;
  /** Rows in flight at once in this instance. */
  batchSize: number;
  /** On stop, how long calls in flight may take to finish before they are given up (and their rows released). */
  stopGraceMs: number;
}

export interface ClaimLoopWork<Row, Outcome> {
  /** Names the loop in logs, e.g. "registration outbox". */
  name: string;
  /** Claims (and leases) up to `limit` due rows. */
  claim(limit: number): Promise<Row[]>;
  /** The network part of one row: answers an outcome (failures included), never holds a connection. */
  call(row: Row): Promise<Outcome>;
  /** Records the outcome; a failure here is logged and the row's lease runs out. */
  settle(row: Row, outcome: Outcome): Promise<void>;
  /** Gives back rows whose call was given up at stop. */
  release(rows: Row[]): Promise<void>;
  /** What to log about a row whose outcome could not be recorded. */
  describe(row: Row): Record<string, unknown>;
}

const ABANDONED = Symbol("abandoned");

export class ClaimLoop<Row, Outcome> implements HubWorker {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private abandon: (reason: typeof ABANDONED) => void = () => {};
  private readonly abandoned = new Promise<never>((_resolve, reject) => (this.abandon = reject));
  private unlisten: (() => void) | undefined;
  private readonly givenUp: Row[] = [];

  constructor(
    private readonly work: ClaimLoopWork<Row, Outcome>,
    private readonly deps: { relay: EventRelay; wakeTopic: string; logger: Logger; settings: ClaimLoopSettings },
  ) {
    this.abandoned.catch(() => {});
  }

  start(): void {
    if (this.running) return;
    // Any instance's new row wakes every loop; the claim lets one of them have it.
    this.unlisten = this.deps.relay.on(this.deps.wakeTopic, () => this.wake());
    this.running = this.loop();
  }

  /** Look for due rows now rather than at the next interval. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unlisten?.();
    this.wakeUp?.();
    const running = this.running;
    if (running) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.deps.settings.stopGraceMs)));
      await Promise.race([running, graceOver]).finally(() => clearTimeout(timer));
      this.abandon(ABANDONED);
      await running;
    }
    this.running = undefined;
    if (this.givenUp.length > 0) {
      await this.work.release(this.givenUp.splice(0)).catch((error: unknown) =>
        this.deps.logger.warn({ error: describeInternalError(error) }, `${this.work.name}: could not release rows; their lease will run out`),
      );
    }
  }

  private async loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopping) {
      this.woken = false;
      let claimed = 0;
      const free = this.deps.settings.batchSize - inFlight.size;
      if (free > 0) {
        try {
          const rows = await this.work.claim(free);
          claimed = rows.length;
          for (const row of rows) {
            const delivery: Promise<void> = this.deliver(row).finally(() => {
              inFlight.delete(delivery);
              this.wake(); // a place is free again
            });
            inFlight.add(delivery);
          }
        } catch (error) {
          if (!this.stopping) this.deps.logger.error({ error: describeInternalError(error) }, `${this.work.name}: claiming failed`);
        }
      }
      if (claimed === 0 && !this.woken && !this.stopping) await this.idle();
    }
    await Promise.all(inFlight);
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.deps.settings.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => (this.wakeUp = undefined));
  }

  private async deliver(row: Row): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await Promise.race([this.work.call(row), this.abandoned]);
    } catch (error) {
      if (error === ABANDONED) this.givenUp.push(row);
      else this.deps.logger.error({ error: describeInternalError(error), ...this.work.describe(row) }, `${this.work.name}: the call failed unexpectedly`);
      return;
    }
    try {
      await this.work.settle(row, outcome);
    } catch (error) {
      // The lease runs out and the row is tried again.
      this.deps.logger.error({ error: describeInternalError(error), ...this.work.describe(row) }, `${this.work.name}: could not record an answer`);
    }
  }
}

/**
 * A worker whose life is one ClaimLoop (the registration outbox, webhook deliveries): starting,
 * waking and stopping it are the loop's; the subclass says what a row's work is.
 */
export abstract class ClaimLoopWorker<Row, Outcome> implements HubWorker {
  protected abstract readonly loop: ClaimLoop<Row, Outcome>;

  start(): void {
    this.loop.start();
  }

  /** Look for due rows now rather than at the next interval. */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Stops claiming and lets the calls in flight finish (within `stopGraceMs`); those still waiting
   * then are given up and their rows released at once, so another instance sends them again —
   * nothing lost, nothing doubled. (Were the process to die instead, the lease would run out and
   * the same would happen later.)
   */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
