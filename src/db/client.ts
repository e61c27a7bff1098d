/**
 * The one database handle: drizzle over postgres.js when DATABASE_URL is set, over embedded
 * PGlite (real PostgreSQL in WASM, kept in the data folder) when it is not. Both are exposed as
 * the same drizzle type, plus what the relay needs that drizzle does not model: LISTEN.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { sql, type ExtractTablesWithRelations, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { projectRoot, type DatabasePoolSettings } from "../config.js";
import { ConnectionGate, type PoolQueryInTransactionError } from "./connection-gate.js";
import { listenOnPglite, listenOnPostgres, type ListenHandlers, type Listener, type ListenOptions } from "./listener.js";
import * as schema from "./schema/index.js";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What query functions take: the database, or the transaction a service opened. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Runs background work (a worker's loop) so its statements use the worker pool (application_name hub-worker). */
  asWorker<T>(work: () => T): T;
  /** Statements sent so far, and the pool's permits in use and callers waiting (metrics, readiness). */
  stats(): { statements: number; inUse: number; waiting: number; size: number };
  /** LISTENs on `channel` on a connection of its own, kept listening (re-established after a loss) until stopped. */
  listen(channel: string, handlers: ListenHandlers, options?: ListenOptions): Promise<Listener>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = join(projectRoot, "drizzle");

export interface DatabaseOptions {
  /** PostgreSQL connection string; without one, PGlite in `dataDir` (or in memory when dataDir is null). */
  url?: string;
  dataDir?: string | null;
  /** Pool size and timeouts; the defaults of `defaultPoolSettings` where not given. */
  pool?: Partial<DatabasePoolSettings>;
  /** Called with each statement sent and the pool that sent it (PostgreSQL only): for tests that count queries. */
  onQuery?: (query: string, pool: PoolRole) => void;
  /** Told once per call site about a pool query inside a transaction when the pool is not strict. */
  onViolation?: (error: PoolQueryInTransactionError) => void;
}

/** Well above any legitimate operation: they only end what is stuck. */
export const defaultPoolSettings: DatabasePoolSettings = {
  max: 10,
  workerMax: 3,
  acquireTimeoutMs: 10_000,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
  strictTransactions: true,
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const settings = { ...defaultPoolSettings, ...options.pool };
  return options.url ? openPostgres(options.url, settings, options) : openPglite(options.dataDir ?? null, settings, options);
}

/** What every connection of the hub sets at startup, so PostgreSQL ends whatever is stuck. */
export function connectionParameters(settings: DatabasePoolSettings, applicationName: string): Record<string, string> {
  return {
    application_name: applicationName,
    statement_timeout: String(settings.statementTimeoutMs),
    lock_timeout: String(settings.lockTimeoutMs),
    idle_in_transaction_session_timeout: String(settings.idleInTransactionTimeoutMs),
  };
}

function gateFor(settings: DatabasePoolSettings, size: number, options: DatabaseOptions): ConnectionGate {
  return new ConnectionGate({
    size,
    acquireTimeoutMs: settings.acquireTimeoutMs,
    strict: settings.strictTransactions,
    onViolation: options.onViolation,
  });
}

function openPostgres(url: string, settings: DatabasePoolSettings, options: DatabaseOptions): DatabaseHandle {
  let statements = 0;
  const pool = (role: PoolRole, max: number) => ({
    client: postgres(url, {
      max,
      onnotice: () => {},
      connection: connectionParameters(settings, role),
      // A database that does not answer fails a request in seconds, not after postgres.js's 30.
      connect_timeout: 5,
      // postgres.js 3.4 runs a pg_type query on every new connection and drops its promise: a
      // connection cut during it (a failover, pg_terminate_backend) becomes an unhandled rejection
      // that ends the process (porsager/postgres#1192, #1223). Array columns are parsed by drizzle
      // from PostgreSQL's text form, and no statement binds a JS array, so the types are not needed.
      fetch_types: false,
    }),
    gate: gateFor(settings, max, options),
  });
  const requests = pool("hub", settings.max);
  // Background work gets connections of its own (opened when first used), so a busy outbox never
  // takes a request's connection, and operators can tell the two apart in pg_stat_activity.
  const workers = pool("hub-worker", settings.workerMax);
  // drizzle sets its type parsers and serializers (dates, json) on the client it is given; the worker
  // pool's client needs the same, so it is handed to drizzle once too.
  drizzlePostgres(workers.client);
  // Counted here rather than with postgres.js's `debug` option, which makes every query capture a
  // stack trace (`new Error()`): 2–4 % of the hub's CPU under load, for a counter.
  const sentBy =
    (role: PoolRole): SentStatement =>
    (query) => {
      statements++;
      options.onQuery?.(query, role);
    };
  const [forRequests, forWorkers] = [gatedPostgres(requests, sentBy("hub")), gatedPostgres(workers, sentBy("hub-worker"))];
  const db = withTransactionTails(
    drizzlePostgres(routedPostgres(requests.client, () => (workerScope.getStore() ? forWorkers : forRequests)), {
      schema,
    }) as unknown as Database,
  );
  return {
    db,
    kind: "postgres",
    stats: () => ({ statements, ...requests.gate.stats }),
    asWorker: (work) => workerScope.run(true, work),
    listen: (channel, handlers, listenOptions) =>
      listenOnPostgres(url, connectionParameters(settings, "hub-listen"), channel, handlers, listenOptions),
    async migrate() {
      // Several instances may start at once: one migrates while the others wait on the lock. One
      // connection holds the session lock and runs the migrations.
      const session = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
      try {
        await session`select pg_advisory_lock(7012025)`;
        await migratePostgres(drizzlePostgres(session), { migrationsFolder });
      } finally {
        await session.end({ timeout: 5 });
      }
    },
    close: async () => {
      await Promise.all([requests.client.end({ timeout: 5 }), workers.client.end({ timeout: 5 })]);
    },
  };
}

async function openPglite(dataDir: string | null, settings: DatabasePoolSettings, options: DatabaseOptions): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ?? undefined, { extensions: { btree_gist } });
  // One connection: a query outside a transaction that is open waits for it, so the same rules hold.
  const gate = gateFor(settings, 1, options);
  let statements = 0;
  const db = withTransactionTails(drizzlePglite(gatedPglite(client, gate, () => statements++), { schema }) as unknown as Database);
  return {
    db,
    kind: "pglite",
    asWorker: (work) => work(),
    stats: () => ({ statements, ...gate.stats }),
    listen: (channel, handlers, listenOptions) => listenOnPglite(client, channel, handlers, listenOptions),
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

/** Marks background work (HubWorker rounds): its statements go to the worker pool. */
const workerScope = new AsyncLocalStorage<true>();

/**
 * postgres.js with every pool statement and transaction passing the gate of the pool the work
 * belongs to (requests or workers). drizzle sends statements only as `client.unsafe(text, params,
 * options)` (awaited, or `.values()` then awaited) and opens transactions with `client.begin(fn)`;
 * a transaction's own statements go through the connection `begin` hands to `fn`, not gated.
 *
 * Every statement is a named prepared statement (issue 14). drizzle asks postgres.js for unnamed
 * ones unless a query was built with `.prepare()`, and postgres.js then sends each statement with
 * parameters in two round trips (Parse/Describe, wait for the parameter types, then Bind/Execute);
 * named, a connection parses a statement text once and runs it in one round trip after that.
 */
function routedPostgres(client: postgres.Sql, poolOf: () => ReturnType<typeof gatedPostgres>): postgres.Sql {
  const unsafe = (text: string, params?: unknown[], options?: object) => poolOf().unsafe(text, params, options);
  const begin = (...args: unknown[]) => poolOf().begin(...args);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      return Reflect.get(target, property, receiver);
    },
  });
}

/** The pools' application names: requests' and background work's (workers' rounds). */
type PoolRole = "hub" | "hub-worker";

/** Told of each statement a pool sends (its text; `begin`, `commit` or `rollback` for a transaction's ends). */
type SentStatement = (query: string) => void;

function gatedPostgres({ client, gate }: { client: postgres.Sql; gate: ConnectionGate }, sent: SentStatement) {
  const unsafe = (text: string, params?: unknown[], options?: object) => {
    // Checked here, while the caller's frames are still on the stack; sent when awaited.
    gate.checkNotInTransaction();
    const send = (asValues: boolean) =>
      gate.query(() => {
        sent(text);
        const pending = client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
        return asValues ? pending.values() : pending;
      });
    // A read that met a pooled connection the server had already dropped (a failover, a restart)
    // is sent once more: postgres.js opens a fresh connection for it, and a read changes nothing.
    const isRead = /^\s*select\b/i.test(text);
    return lazyQuery((asValues) => send(asValues).catch((error: unknown) => (isRead && isDeadConnection(error) ? send(asValues) : Promise.reject(error))));
  };
  const begin = (...args: unknown[]) => {
    const fn = args.pop() as (sql: postgres.TransactionSql) => unknown;
    const mode = (args[0] as string | undefined) ?? "";
    return gate.transaction(async (scoped) => {
      sent("begin");
      try {
        const result = await client.begin(mode, (sql) => scoped(() => fn(preparing(sql, sent))));
        sent("commit");
        return result;
      } catch (error) {
        sent("rollback");
        throw error;
      }
    });
  };
  return { unsafe, begin };
}

/** A transaction's connection whose statements are named prepared statements too (see routedPostgres). */
function preparing(sql: postgres.TransactionSql, sent: SentStatement): postgres.TransactionSql {
  const unsafe = (text: string, params?: unknown[], options?: object) => {
    sent(text);
    return sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
  };
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") return unsafe;
      return Reflect.get(target, property, receiver);
    },
  });
}

/** The server ended the connection (terminated, restarted, failed over) or the socket broke. */
function isDeadConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" &&
    ["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "ECONNRESET", "EPIPE", "57P01", "57P02", "57P03"].includes(code)
  );
}

/** A statement that runs when awaited, like postgres.js's own, with its `.values()` form. */
function lazyQuery<T>(run: (asValues: boolean) => Promise<T>) {
  let asValues = false;
  let result: Promise<T> | undefined;
  const query = {
    values() {
      asValues = true;
      return query;
    },
    then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) {
      result ??= run(asValues);
      return result.then(onFulfilled, onRejected);
    },
  };
  return query;
}

/** PGlite with its statements and transactions passing the gate (its methods use private fields: bound to it). */
function gatedPglite(client: PGlite, gate: ConnectionGate, counted: () => void): PGlite {
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") {
        return (...args: Parameters<PGlite["query"]>) =>
          gate.query(() => {
            counted();
            return target.query(...args);
          });
      }
      if (property === "transaction") {
        return (fn: Parameters<PGlite["transaction"]>[0]) => gate.transaction((scoped) => target.transaction((tx) => scoped(() => fn(tx))));
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Raw SQL for what the query builder cannot say; postgres.js answers an array, PGlite `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** An instant PostgreSQL's timestamptz takes as the hub writes it (ISO, four-digit year, year 1 or later). */
export function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** A Date inside a raw `sql` fragment (drivers only map Dates bound to a column). */
export const instant = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;

/**
 * What a transaction opened through the handle's `db.transaction` keeps until its callback ends:
 * the notifications it announces, sent together in one statement before it commits, and what its
 * statements read once for the whole transaction (`onceInTransaction`).
 */
interface TransactionTail {
  notifications: Array<[channel: string, payload: string]>;
  once: Map<string, Promise<unknown>>;
}

const tails = new WeakMap<object, TransactionTail>();

/** `db.transaction` with a tail: the callback's notifications are sent when it has done its work. */
function withTransactionTails(db: Database): Database {
  const transaction = db.transaction.bind(db);
  db.transaction = (fn, config) =>
    transaction(async (tx) => {
      tails.set(tx, { notifications: [], once: new Map() });
      const result = await fn(tx);
      await sendNotifications(tx);
      return result;
    }, config);
  return db;
}

/**
 * NOTIFY on `channel`, delivered to listeners only if the executor's transaction commits. In a
 * transaction of the handle's, it is sent with the transaction's other notifications in one
 * statement (`sendNotifications`, at the latest when the callback ends); elsewhere at once.
 * PostgreSQL delivers a transaction's notifications at commit, in the order they were sent, either way.
 */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  const tail = tails.get(db);
  if (tail) tail.notifications.push([channel, payload]);
  else await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** Sends the notifications `tx` has gathered so far, in order, in one statement (none: no statement). */
export async function sendNotifications(tx: Executor): Promise<void> {
  const tail = tails.get(tx);
  if (!tail || tail.notifications.length === 0) return;
  const batch = JSON.stringify(tail.notifications.splice(0));
  await tx.execute(sql`select pg_notify(n->>0, n->>1) from jsonb_array_elements(${batch}::jsonb) as n`);
}

/**
 * `read`'s answer, asked once per transaction of the handle's under `key` (what stays the same
 * for the transaction's purposes, such as the webhook endpoints listening); elsewhere asked every time.
 */
export function onceInTransaction<T>(tx: Executor, key: string, read: () => PromiseLike<T>): Promise<T> {
  const once = tails.get(tx)?.once;
  if (!once) return Promise.resolve(read());
  let answer = once.get(key) as Promise<T> | undefined;
  // Resolved once here: a drizzle query is a thenable that runs again each time it is awaited.
  if (!answer) once.set(key, (answer = Promise.resolve(read())));
  return answer;
}

/** The readiness probe's question: does the database answer? */
export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}

/** How many migrations drizzle/ holds (its journal). */
function migrationCount(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** Whether every migration in drizzle/ is applied to the database (drizzle's own bookkeeping table). */
export async function migrationsApplied(db: Executor): Promise<boolean> {
  const [row] = await queryRows<{ applied: number }>(db, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  return (row?.applied ?? 0) >= migrationCount();
}
