/**
 * A page of a connection and the count of everything its filter matches, in one statement
 * (issue 14): the count is an uncorrelated scalar subquery, which PostgreSQL computes once for the
 * statement (an InitPlan) and hands back on every row. A page with no rows carries no count; only
 * then is it asked on its own.
 */
import { and, count, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../client.js";

export interface PageQuery {
  /** What every row of the connection matches (the count's condition). */
  filter: SQL | undefined;
  /** Where this page starts (keyset), beyond the filter. */
  cursor?: SQL | undefined;
  orderBy: Array<SQL | PgColumn>;
  limit: number;
}

export async function pageWithTotal<T extends PgTable>(
  db: Executor,
  table: T,
  page: PageQuery,
): Promise<{ rows: Array<T["$inferSelect"]>; totalCount: number }> {
  const matching = page.filter ?? sql`true`;
  const found = await db
    .select({ row: table as PgTable, total: sql<number>`(select count(*) from ${table} where ${matching})`.mapWith(Number) })
    .from(table as PgTable)
    .where(and(matching, page.cursor))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  if (found.length > 0) return { rows: found.map((each) => each.row as T["$inferSelect"]), totalCount: found[0]!.total };
  const [total] = await db.select({ n: count() }).from(table as PgTable).where(matching);
  return { rows: [], totalCount: Number(total?.n ?? 0) };
}
