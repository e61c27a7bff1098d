import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../client.js";

export interface BacklogRow {
  partner: string;
  pending: number;
  oldestAgeSeconds: number;
}

/**
 * What waits for each partner: registrations not yet decided by the land registry (outbox rows
 * PENDING or POLLING), and results handed to the post whose shipment it has not confirmed yet.
 * One row per partner, zero when nothing waits.
 */
export async function outboxBacklog(db: Executor): Promise<BacklogRow[]> {
  const rows = await queryRows<{ partner: string; pending: number; oldest: number | null }>(
    db,
    sql`select 'land-registry' as partner, count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as oldest
          from registration_outbox where status in ('PENDING', 'POLLING')
        union all
        select 'post', count(*)::int, extract(epoch from now() - min(created_at))::float8
          from deliveries where tracking_number is null`,
  );
  return rows.map((row) => ({ partner: row.partner, pending: row.pending, oldestAgeSeconds: row.oldest ?? 0 }));
}
