/**
 * Rate limits that hold across instances (issue 11), counted in PostgreSQL in fixed windows: every
 * authenticated operation per token subject and per organization (generous defaults no real
 * workload meets), and wrong receipt-code guesses per client IP and per code for the public
 * `trackDossier` and `rateService` — once either is used up, right guesses are refused too, on
 * every instance at once. Operations counted at the same moment share one statement (group commit):
 * each sees the count it would have seen alone, in arrival order.
 */
import type { RateLimitSettings } from "../../config.js";
import type { Database } from "../../db/client.js";
import { hitCounters, readCounters, type CounterState } from "../../db/queries/limits.js";
import { GroupCommit } from "../../db/group-commit.js";
import { rateLimited } from "../../errors.js";

/** Wrong guesses of one receipt code, whoever makes them, per guess window. */
const GUESSES_PER_CODE = 10;

export interface RateLimitedActor {
  subject: string;
  organizationCode: string | null;
}

/** One operation's hits: its keys, in the window it falls in. */
interface Hit {
  keys: string[];
  windowStart: Date;
}

export class RateLimiter {
  /** Requests refused so far by this instance (/metrics). */
  refusals = 0;
  private readonly operations: GroupCommit<Hit, CounterState[]>;

  constructor(private readonly deps: { db: Database; settings: RateLimitSettings; clock?: () => number }) {
    this.operations = new GroupCommit((hits) => countTogether(deps.db, hits));
  }

  /** Counts one operation of `actor`; RATE_LIMITED (with the seconds until the window ends) past either limit. */
  async consumeOperation(actor: RateLimitedActor): Promise<void> {
    const { settings } = this.deps;
    const window = this.window(settings.windowSeconds);
    const limits = new Map([[`op:sub:${actor.subject}`, settings.perSubject]]);
    if (actor.organizationCode) limits.set(`op:org:${actor.organizationCode}`, settings.perOrganization);
    const counters = await this.operations.submit({ keys: [...limits.keys()], windowStart: window.start });
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
    const keys = this.guessLimits(clientIp, code).keys();
    await hitCounters(this.deps.db, new Map([...keys].map((key) => [key, 1])), window.start);
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

/**
 * Counts a batch of operations in one statement per window (a batch spans two only at a window's
 * edge) and gives each the counts as they stood just after its own hits, as if counted one by one.
 */
async function countTogether(db: Database, hits: Hit[]): Promise<CounterState[][]> {
  const results: CounterState[][] = new Array(hits.length);
  const byWindow = new Map<number, Array<{ hit: Hit; index: number }>>();
  hits.forEach((hit, index) => {
    const window = hit.windowStart.getTime();
    if (!byWindow.has(window)) byWindow.set(window, []);
    byWindow.get(window)!.push({ hit, index });
  });
  for (const members of byWindow.values()) {
    const totals = new Map<string, number>();
    for (const { hit } of members) for (const key of hit.keys) totals.set(key, (totals.get(key) ?? 0) + 1);
    const after = new Map((await hitCounters(db, totals, members[0]!.hit.windowStart)).map((counter) => [counter.key, counter]));
    // Walking back from the last: each operation sees the final count less the hits that came after it.
    const later = new Map<string, number>();
    for (const { hit, index } of members.reverse()) {
      results[index] = hit.keys.map((key) => {
        const counter = after.get(key)!;
        const seen = { ...counter, hits: counter.hits - (later.get(key) ?? 0) };
        later.set(key, (later.get(key) ?? 0) + 1);
        return seen;
      });
    }
  }
  return results;
}
