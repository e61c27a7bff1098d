/**
 * Hot reads built once (issue 14): drizzle's `.prepare()` keeps the statement's SQL and
 * parameter layout, so a request fills in values instead of assembling the query again, and a
 * batch of ids goes as ONE parameter (`= any(...)`), so every batch size shares one statement
 * text that each connection prepares once.
 */
import { sql, type Column, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";

/** `column = any(<the ids placeholder>)`: uuids joined by commas, fill with `idList(ids)`. */
export function anyId(column: Column, placeholder = "ids"): SQL {
  return sql`${column} = any(string_to_array(${sql.placeholder(placeholder)}, ',')::uuid[])`;
}

/** The value for an `anyId` placeholder. */
export const idList = (ids: readonly string[]): string => ids.join(",");

/** A prepared statement per executor (the database, or a transaction that uses it more than once). */
export function preparedPerExecutor<T>(build: (db: Executor) => T): (db: Executor) => T {
  const built = new WeakMap<Executor, T>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}
