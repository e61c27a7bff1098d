/**
 * A page of a connection and the count of everything its filter matches, in one statement
 * (issue 14): the count is an uncorrelated scalar subquery, which PostgreSQL computes once for the
 * statement (an InitPlan) and hands back on every row. A page with no rows carries no count; only
 * then is it asked on its own.
 */
import { and, count, getTableName, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../client.js";
import { rowAsJson, rowFromJson, type Projection } from "./json-rows.js";
import { prepared, statementOfShape } from "./prepared.js";

export interface PageQuery {
  /** What every row of the connection matches (the count's condition). */
  filter: SQL | undefined;
  /** Where this page starts (keyset), beyond the filter. */
  cursor?: SQL | undefined;
  orderBy: Array<SQL | PgColumn>;
  limit: number | Placeholder;
  /** The rows' columns (what the selection's fields and the caller read); every column without. */
  columns?: Projection | undefined;
}

/**
 * A page run as a statement built once per shape: `shape` names everything its SQL says (which
 * conditions, the order, the columns, what is read ahead) and `values` fills the placeholders its
 * conditions and limit were built with. Two pages of one shape must differ only in `values`.
 */
export interface PageShape {
  shape: string;
  values: Record<string, unknown>;
}

interface PageRow {
  row: Record<string, unknown>;
  total: number;
}

/**
 * `extra`: more columns for each row (a relation read ahead as JSON, correlated to the row by the
 * table's own name), each row's values of them returned beside it in `extras`, in the rows' order.
 *
 * The page is chosen in a subquery named as the table, and only its rows are built as JSON: in one
 * flat select PostgreSQL builds the select list for every row that matches, before the sort picks
 * the page (a branch's 4,000 dossiers to answer 50).
 *
 * With `shaped`, `page` and `extra` are built (by `build`) only the first time the shape is seen, and
 * the statement is prepared: a hot page stops paying for drizzle assembling its SQL.
 */
export async function pageWithTotal<T extends PgTable, E extends Record<string, SQL> = Record<never, SQL>>(
  db: Executor,
  table: T,
  build: () => { page: PageQuery; extra?: E | undefined },
  shaped?: PageShape,
): Promise<{ rows: Array<T["$inferSelect"]>; totalCount: number; extras: Array<{ [K in keyof E]: unknown }> }> {
  const found = shaped
    ? ((await shapedStatement(db, table, shaped.shape, "page", (executor) => pageStatement(executor, table, build())).execute(
        shaped.values,
      )) as PageRow[])
    : ((await pageStatement(db, table, build())) as PageRow[]);
  const rows = found.map((each) => rowFromJson(table, each.row));
  const extras = found as unknown as Array<{ [K in keyof E]: unknown }>;
  if (found.length > 0) return { rows, totalCount: found[0]!.total, extras };
  const [total] = shaped
    ? await shapedStatement(db, table, shaped.shape, "count", (executor) => countStatement(executor, table, build().page)).execute(shaped.values)
    : await countStatement(db, table, build().page);
  return { rows: [], totalCount: Number(total?.n ?? 0), extras: [] };
}

/** `make`'s statement for this table, part and shape, built the first time and prepared, on `db`. */
function shapedStatement<S extends { execute(values: Record<string, unknown>): Promise<unknown> }>(
  db: Executor,
  table: PgTable,
  shape: string,
  part: "page" | "count",
  make: (executor: Executor) => { prepare(name: string): S },
): S {
  const key = `${getTableName(table)}:${part}:${shape}`;
  const statement = statementOfShape(shapedStatements, key, () => prepared((executor) => make(executor).prepare(key)));
  return (statement as (executor: Executor) => S)(db);
}

/** The page statements built so far, by table, part and shape. */
const shapedStatements = new Map<string, (executor: Executor) => unknown>();

function pageStatement<T extends PgTable>(db: Executor, table: T, { page, extra }: { page: PageQuery; extra?: Record<string, SQL> | undefined }) {
  const matching = page.filter ?? sql`true`;
  const name = `"${getTableName(table)}"`;
  const chosen = db
    .select()
    .from(table as PgTable)
    .where(and(matching, page.cursor))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return db
    .select({
      row: sql<Record<string, unknown>>`${rowAsJson(table, name, page.columns)}`,
      total: sql<number>`(select count(*) from ${table} where ${matching})`.mapWith(Number),
      ...extra,
    })
    .from(sql`(${chosen}) as ${sql.raw(name)}`)
    .orderBy(...page.orderBy);
}

function countStatement(db: Executor, table: PgTable, page: PageQuery) {
  return db
    .select({ n: count() })
    .from(table)
    .where(page.filter ?? sql`true`);
}
