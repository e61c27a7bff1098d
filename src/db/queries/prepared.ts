/**
 * Hot statements built once (issue 14). drizzle builds a query's SQL text from its pieces every
 * time it runs (a write of twenty columns tests each piece against each kind of SQL part: a quarter
 * of the hub's CPU when lodging registrations); `.prepare()` keeps the text, the parameter layout
 * and the row mapping, so a request fills in values instead. A batch of ids goes as ONE parameter
 * (`= any(...)`), so every batch size shares one statement text that each connection prepares once.
 */
import { sql, type Column, type Placeholder, type SQL } from "drizzle-orm";
import type { PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor } from "../client.js";

/** `column = any(<the ids placeholder>)`: uuids joined by commas, fill with `idList(ids)`. */
export function anyId(column: Column, placeholder = "ids"): SQL {
  return sql`${column} = any(string_to_array(${sql.placeholder(placeholder)}, ',')::uuid[])`;
}

/** The value for an `anyId` placeholder. */
export const idList = (ids: readonly string[]): string => ids.join(",");

/** What drizzle's `.prepare()` makes: it runs on the connection it holds (`client`). */
interface PreparedQuery {
  execute(placeholderValues?: Record<string, unknown>): Promise<unknown>;
}

/** A drizzle executor's session, with the connection it sends on: the pool's, or the transaction's own. */
const sessionOf = (db: Executor) => (db as unknown as { session: { client: object } }).session;

/**
 * A statement built once and run on any executor: the database, or a transaction. drizzle's
 * `.prepare()` binds what it makes to the executor's connection (its `client`), and a transaction
 * is a new executor each time; so the statement is built on the first executor of each kind
 * (postgres.js, PGlite) and handed every other executor's connection, its text, parameters and
 * row mapping shared.
 */
export function prepared<T extends PreparedQuery>(build: (db: Executor) => T): (db: Executor) => T {
  const built = new Map<unknown, T>();
  return (db) => {
    const { constructor: kind, client: connection } = sessionOf(db);
    let template = built.get(kind);
    if (template === undefined) built.set(kind, (template = build(db)));
    if ((template as unknown as { client: object }).client === connection) return template;
    // Everything but the connection is read through the prototype: nothing is copied per call.
    return Object.create(template, { client: { value: connection } }) as T;
  };
}

/** Shapes kept per cache: a client's selection can pick a shape (the columns it reads), so the caches are bounded. */
const MAX_SHAPES = 1_000;

/**
 * The statement kept in `cache` under `shape`, made by `make` the first time. A cache that reaches
 * its bound starts afresh: shapes a client makes up cannot grow the process without end.
 */
export function statementOfShape<T>(cache: Map<string, T>, shape: string, make: () => T): T {
  let statement = cache.get(shape);
  if (statement === undefined) {
    if (cache.size >= MAX_SHAPES) cache.clear();
    cache.set(shape, (statement = make()));
  }
  return statement;
}

/** A placeholder per property of a statement's values, named after it. */
export type Placeholders<V> = { [K in keyof V]-?: Placeholder<K & string, V[K]> };

/**
 * Placeholders as an UPDATE's `set`: drizzle binds each with its column's encoder, as it does a
 * value (`mapUpdateSet`), though its types list values only.
 */
export const placeholdersAsSet = <TTable extends PgTable>(_table: TTable, set: object) => set as PgUpdateSetSource<TTable>;

/**
 * A statement built once per shape of its values (which properties they set; `undefined` sets
 * none) and run with them: the hot INSERTs and UPDATEs, whose columns are the properties given.
 * The shapes are the call sites' (a patch's keys are the code's, never a client's), so few.
 */
export function preparedPerShape<V extends object, T extends PreparedQuery>(
  build: (db: Executor, placeholders: Placeholders<V>) => T,
): (db: Executor, values: V) => ReturnType<T["execute"]> {
  const shapes = new Map<string, (db: Executor) => T>();
  return (db, values) => {
    const keys = Object.keys(values).filter((key) => values[key as keyof V] !== undefined);
    const shape = keys.join(",");
    let statement = shapes.get(shape);
    if (statement === undefined) {
      const placeholders = Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as Placeholders<V>;
      shapes.set(shape, (statement = prepared((first) => build(first, placeholders))));
    }
    return statement(db).execute(values as Record<string, unknown>) as ReturnType<T["execute"]>;
  };
}
