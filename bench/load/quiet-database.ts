/**
 * Between measured runs: queries a finished run left behind (a slow peer query outliving its
 * client) are cancelled, and the next run waits until the bench database is quiet, so no run is
 * charged for the one before it.
 */
import type postgres from "postgres";

export async function quietDatabase(sql: postgres.Sql, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ active: string }[]>`
      select count(*) as active from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
        and query not ilike 'listen %'`;
    if (Number(row!.active) === 0 || Date.now() > deadline) return;
    await sql`select pg_cancel_backend(pid) from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
                and query not ilike 'listen %' and now() - query_start > interval '1 second'`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
