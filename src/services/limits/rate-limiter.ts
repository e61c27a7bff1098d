/**
 * Rate limits that hold across instances (issue 11), counted in PostgreSQL in fixed windows: every
 * authenticated operation per token subject and per organization (generous defaults no real
 * workload meets), and wrong receipt-code guesses per client IP and per code for the public
 * `trackDossier` and `rateService` — once either is used up, right guesses are refused too, on
 * every instance at once.
 */
import type { RateLimitSettings } from "../../config.js";
import type { Database } from "../../db/client.js";
import { hitCounters, readCounters, type CounterState } from "../../db/queries/limits.js";
import { rateLimited } from "../../errors.js";

/** Wrong guesses of one receipt code, whoever makes them, per guess window. */
const GUESSES_PER_CODE = 10;

export interface RateLimitedActor {
  subject: string;
  organizationCode: string | null;
}

export class RateLimiter {
  /** Requests refused so far by this instance (/metrics). */
  refusals = 0;

  constructor(private readonly deps: { db: Database; settings: RateLimitSettings; clock?: () => number }) {}

  /** Counts one operation of `actor`; RATE_LIMITED (with the seconds until the window ends) past either limit. */
  async consumeOperation(actor: RateLimitedActor): Promise<void> {
    const { settings } = this.deps;
    const window = this.window(settings.windowSeconds);
    const limits = new Map([[`op:sub:${actor.subject}`, settings.perSubject]]);
    if (actor.organizationCode) limits.set(`op:org:${actor.organizationCode}`, settings.perOrganization);
    const counters = await hitCounters(this.deps.db, [...limits.keys()], window.start);
    this.refuseOver(counters, limits, window, (hits, limit) => hits > limit);
  }

  /** Before a receipt code is matched: refused once this IP or this code has guessed wrong too often. */
  async assertMayGuess(clientIp: string, code: string): Promise<void> {
    const window = this.window(this.deps.settings.guessWindowSeconds);
    const limits = this.guessLimits(clientIp, code);
    const counters = (await readCounters(this.deps.db, [...limits.keys()])).filter(
      (counter) => counter.windowStart.getTime() === window.start.getTime(),
    );
    this.refuseOver(counters, limits, window, (hits, limit) => hits >= limit);
  }

  async recordWrongGuess(clientIp: string, code: string): Promise<void> {
    const window = this.window(this.deps.settings.guessWindowSeconds);
    await hitCounters(this.deps.db, [...this.guessLimits(clientIp, code).keys()], window.start);
  }

  private guessLimits(clientIp: string, code: string): Map<string, number> {
    return new Map([
      [`guess:ip:${clientIp}`, this.deps.settings.guessesPerIp],
      [`guess:code:${code}`, GUESSES_PER_CODE],
    ]);
  }

  private refuseOver(
    counters: CounterState[],
    limits: Map<string, number>,
    window: { start: Date; end: number },
    over: (hits: number, limit: number) => boolean,
  ): void {
    if (counters.some((counter) => over(counter.hits, limits.get(counter.key)!))) {
      this.refusals++;
      throw rateLimited(Math.max(1, Math.ceil((window.end - this.now()) / 1000)));
    }
  }

  private window(seconds: number): { start: Date; end: number } {
    const length = seconds * 1000;
    const start = Math.floor(this.now() / length) * length;
    return { start: new Date(start), end: start + length };
  }

  private now(): number {
    return this.deps.clock?.() ?? Date.now();
  }
}
