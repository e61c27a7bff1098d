/**
 * The one database handle: drizzle over postgres.js when DATABASE_URL is set, over embedded
 * PGlite (real PostgreSQL in WASM, kept in the data folder) when it is not. Both are exposed as
 * the same drizzle type, plus what the relay needs that drizzle does not model: LISTEN.
 */
import { mkdirSync } from "node:fs";
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
import { projectRoot } from "../config.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What query functions take: the database, or the transaction a service opened. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Runs `onPayload` for every NOTIFY on `channel`, on a connection of its own. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(projectRoot, "drizzle");

export interface DatabaseOptions {
  /** PostgreSQL connection string; without one, PGlite in `dataDir` (or in memory when dataDir is null). */
  url?: string;
  dataDir?: string | null;
  maxConnections?: number;
  /** Called with each statement sent (PostgreSQL only): for tests that count queries. */
  onQuery?: (query: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.maxConnections ?? 10, options.onQuery) : openPglite(options.dataDir ?? null);
}

function openPostgres(url: string, max: number, onQuery?: (query: string) => void): DatabaseHandle {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: "hanoi-hub" },
    debug: onQuery ? (_connection, query) => onQuery(query) : undefined,
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    async listen(channel, onPayload) {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    async migrate() {
      // Several instances may start at once: one migrates while the others wait on the lock. One
      // connection holds the session lock and runs the migrations.
      const session = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await session`select pg_advisory_lock(7012025)`;
        await migratePostgres(drizzlePostgres(session), { migrationsFolder });
      } finally {
        await session.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ?? undefined, { extensions: { btree_gist } });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

/** Raw SQL for what the query builder cannot say; postgres.js answers an array, PGlite `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** A Date inside a raw `sql` fragment (drivers only map Dates bound to a column). */
export const instant = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;

/** NOTIFY on `channel`, delivered to listeners only if the executor's transaction commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** The readiness probe's question: does the database answer? */
export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}
