import { sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { instant, type Executor } from "../client.js";

/** A table whose rows workers claim with a lease (the outboxes). */
type LeasedTable = PgTable & { id: AnyPgColumn; lockedUntil: AnyPgColumn };

/**
 * Gives claimed rows back at once (a worker stopping with calls still in flight), so another
 * instance sends them again without waiting for the lease; a row another worker has taken over
 * since (its lease moved) is left alone. Leases are compared at the millisecond the claim was
 * read with (JavaScript dates hold no microseconds).
 */
export async function releaseLeases(db: Executor, table: LeasedTable, claims: Array<{ id: string; lockedUntil: Date | null }>): Promise<void> {
  for (const claim of claims) {
    if (!claim.lockedUntil) continue;
    await db.execute(
      sql`update ${table} set locked_until = now()
           where ${table.id} = ${claim.id} and date_trunc('milliseconds', ${table.lockedUntil}) = ${instant(claim.lockedUntil)}`,
    );
  }
}
