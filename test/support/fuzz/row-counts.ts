/**
 * The row count of every table of the hub's database, in one statement, to show that a refused
 * mutation changed nothing.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../src/db/client.js";

/**
 * Written on purpose when something is refused, so not part of "changed nothing": the audit trail
 * records every refusal (`audit_entries` and its chain head `audit_head`), and the rate limiter
 * counts refused operations and tracking guesses like any others (`rate_limit_counters`).
 */
const WRITTEN_ON_REFUSAL = new Set(["audit_entries", "audit_head", "rate_limit_counters"]);

export type RowCounts = Record<string, number>;

export async function rowCounter(db: Database): Promise<() => Promise<RowCounts>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counted = tables.map((t) => t.name).filter((name) => !WRITTEN_ON_REFUSAL.has(name));
  if (counted.length === 0) throw new Error("no tables to count");
  // Exact counts (pg_stat_user_tables is an estimate), one subquery per table, one round trip.
  const statement = sql.raw(`select ${counted.map((name) => `(select count(*) from "${name}")::int as "${name}"`).join(", ")}`);
  return async () => (await queryRows<RowCounts>(db, statement))[0]!;
}

/** The tables whose counts differ, as `table: before → after`. */
export function changedTables(before: RowCounts, after: RowCounts): string[] {
  return Object.keys(before)
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}
