/**
 * Every call to a partner system passes here (issue 12): at most `concurrency` calls in flight per
 * partner — a slow registry, post or roster holds back only the calls to itself, and the excess
 * waits in memory (for at most one call's timeout) instead of piling up sockets — and each call's
 * duration and outcome is told to whoever observes (the hub's /metrics).
 */
import { PartnerUnavailableError } from "./partner-errors.js";

export type PartnerCallOutcome = "ok" | "unavailable" | "rejected";

export interface PartnerCallObservation {
  partner: string;
  outcome: PartnerCallOutcome;
  seconds: number;
}

class Slots {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async acquire(timeoutMs: number): Promise<boolean> {
    if (this.inUse < this.size) {
      this.inUse++;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        resolve(false);
      }, timeoutMs);
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse--;
  }
}

export class PartnerCalls {
  private readonly slots = new Map<string, Slots>();
  private readonly observers: Array<(observation: PartnerCallObservation) => void> = [];

  constructor(private readonly concurrency: number) {}

  observe(observer: (observation: PartnerCallObservation) => void): () => void {
    this.observers.push(observer);
    return () => this.observers.splice(this.observers.indexOf(observer), 1);
  }

  /** Runs one call to `partner` when a slot is free (waiting at most `timeoutMs` for it). */
  async run<T>(partner: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
    let slots = this.slots.get(partner);
    if (!slots) this.slots.set(partner, (slots = new Slots(this.concurrency)));
    if (!(await slots.acquire(timeoutMs))) {
      this.tell(partner, "unavailable", 0);
      throw new PartnerUnavailableError(partner, `${this.concurrency} calls already in flight`);
    }
    const started = performance.now();
    try {
      const result = await call();
      this.tell(partner, "ok", started);
      return result;
    } catch (error) {
      this.tell(partner, error instanceof PartnerUnavailableError ? "unavailable" : "rejected", started);
      throw error;
    } finally {
      slots.release();
    }
  }

  private tell(partner: string, outcome: PartnerCallOutcome, started: number): void {
    const seconds = started ? (performance.now() - started) / 1000 : 0;
    for (const observer of this.observers) observer({ partner, outcome, seconds });
  }
}
