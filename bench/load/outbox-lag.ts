/**
 * M1's outbox lag, read from the database after the runs: for each registration lodged since
 * `since`, the time from its first event (stored, SUBMITTED) to its second (the land registry's
 * answer applied by the outbox worker, FORWARDED or beyond).
 */
import type postgres from "postgres";
import type { OutboxLag } from "../report/results.js";

export async function outboxLag(sql: postgres.Sql, since: Date): Promise<OutboxLag> {
  const [row] = await sql<{ registrations: string; undelivered: string; p50: number | null; p99: number | null }[]>`
    with lodged as (
      select s.id, s.created_at,
             (select e.at from registration_events e where e.registration_id = s.id and e.sequence = 2) as answered
      from security_registrations s where s.created_at >= ${since})
    select count(*) as registrations, count(*) filter (where answered is null) as undelivered,
           percentile_cont(0.5) within group (order by extract(epoch from answered - created_at) * 1000) as p50,
           percentile_cont(0.99) within group (order by extract(epoch from answered - created_at) * 1000) as p99
    from lodged`;
  return {
    registrations: Number(row!.registrations),
    undelivered: Number(row!.undelivered),
    p50Ms: row!.p50 === null ? null : Math.round(row!.p50),
    p99Ms: row!.p99 === null ? null : Math.round(row!.p99),
  };
}
