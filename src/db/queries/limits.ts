import { inArray, lt, sql } from "drizzle-orm";
import { queryRows, type Executor } from "../client.js";
import { rateLimitCounters } from "../schema/limits.js";

export interface CounterState {
  key: string;
  hits: number;
  windowStart: Date;
}

/**
 * Adds to each key's counter its number of hits, for the window starting at `windowStart`, in one
 * atomic statement: a counter of an earlier window starts again from them. Returns every key's
 * count now. Rows are locked in key order, whoever counts: two instances' statements over the same
 * keys wait for each other instead of deadlocking.
 */
export async function hitCounters(db: Executor, hits: ReadonlyMap<string, number>, windowStart: Date): Promise<CounterState[]> {
  if (hits.size === 0) return [];
  const rows = await queryRows<{ key: string; hits: number; window_start: string | Date }>(
    db,
    sql`insert into rate_limit_counters (key, window_start, hits)
        select e.key, ${windowStart.toISOString()}::timestamptz, e.hits
        from jsonb_to_recordset(${JSON.stringify([...hits].map(([key, n]) => ({ key, hits: n })))}::jsonb) as e(key text, hits int)
        order by e.key
        on conflict (key) do update set
          hits = case when rate_limit_counters.window_start = excluded.window_start then rate_limit_counters.hits + excluded.hits else excluded.hits end,
          window_start = excluded.window_start
        returning key, hits, window_start`,
  );
  return rows.map((row) => ({ key: row.key, hits: row.hits, windowStart: new Date(row.window_start) }));
}

/** The counters of these keys as they stand (absent keys have no hits). */
export async function readCounters(db: Executor, keys: string[]): Promise<CounterState[]> {
  if (keys.length === 0) return [];
  return db.select().from(rateLimitCounters).where(inArray(rateLimitCounters.key, keys));
}

/** Forgets counters whose window began before `before`. */
export async function purgeCounters(db: Executor, before: Date): Promise<number> {
  const purged = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, before)).returning({ key: rateLimitCounters.key });
  return purged.length;
}
