/**
 * A page of a connection and the count of everything its filter matches, in one statement
 * (issue 14): the count is an uncorrelated scalar subquery, which PostgreSQL computes once for the
 * statement (an InitPlan) and hands back on every row. A page with no rows carries no count; only
 * then is it asked on its own.
 */
import { and, count, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../client.js";
import { rowAsJson, rowFromJson, type Projection } from "./json-rows.js";

export interface PageQuery {
  /** What every row of the connection matches (the count's condition). */
  filter: SQL | undefined;
  /** Where this page starts (keyset), beyond the filter. */
  cursor?: SQL | undefined;
  orderBy: Array<SQL | PgColumn>;
  limit: number;
  /** The rows' columns (what the selection's fields and the caller read); every column without. */
  columns?: Projection | undefined;
}

/**
 * `extra`: more columns for each row (a relation read ahead as JSON, correlated to the row by the
 * table's own name), each row's values of them returned beside it in `extras`, in the rows' order.
 *
 * The page is chosen in a subquery named as the table, and only its rows are built as JSON: in one
 * flat select PostgreSQL builds the select list for every row that matches, before the sort picks
 * the page (a branch's 4,000 dossiers to answer 50).
 */
export async function pageWithTotal<T extends PgTable, E extends Record<string, SQL> = Record<never, SQL>>(
  db: Executor,
  table: T,
  page: PageQuery,
  extra?: E,
): Promise<{ rows: Array<T["$inferSelect"]>; totalCount: number; extras: Array<{ [K in keyof E]: unknown }> }> {
  const matching = page.filter ?? sql`true`;
  const name = `"${getTableName(table)}"`;
  const chosen = db
    .select()
    .from(table as PgTable)
    .where(and(matching, page.cursor))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  const found = await db
    .select({
      row: sql<Record<string, unknown>>`${rowAsJson(table, name, page.columns)}`,
      total: sql<number>`(select count(*) from ${table} where ${matching})`.mapWith(Number),
      ...extra,
    })
    .from(sql`(${chosen}) as ${sql.raw(name)}`)
    .orderBy(...page.orderBy);
  const rows = found.map((each) => rowFromJson(table, each.row));
  const extras = found as unknown as Array<{ [K in keyof E]: unknown }>;
  if (found.length > 0) return { rows, totalCount: found[0]!.total, extras };
  const [total] = await db.select({ n: count() }).from(table as PgTable).where(matching);
  return { rows: [], totalCount: Number(total?.n ?? 0), extras: [] };
}
