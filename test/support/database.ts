/**
 * A clean database for one test file: a copy of the run's migrated template on PostgreSQL, or an
 * in-memory PGlite when the run has no PostgreSQL server.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe, inject } from "vitest";
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from "../../src/db/client.js";
import { seedCatalog } from "../../src/db/seed/catalog.js";
import { withDatabase } from "./global-setup.js";

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Set on PostgreSQL: a second hub or process can open the same database. */
  url: string | undefined;
  /** Another handle on the same database (PostgreSQL only). */
  openAnother(options?: Pick<DatabaseOptions, "onQuery" | "pool" | "onViolation">): Promise<DatabaseHandle>;
  close(): Promise<void>;
}

const target = inject("database");
const onPostgres = target.kind === "postgres";

/**
 * For tests that need a second connection or process (two hubs, LISTEN across instances, real
 * concurrency): run on PostgreSQL, reported as skipped — with the reason in its name — on PGlite.
 */
export const describeWithPostgres = (name: string, body: () => void) =>
  onPostgres ? describe(name, body) : describe.skipIf(true)(`${name} [skipped: ${target.kind === "pglite" ? target.reason : ""}; needs a second connection]`, body);

/** `pool`: the hub's defaults (strict about pool queries inside transactions) unless a test says otherwise. */
export async function createTestDatabase(options: { pool?: DatabaseOptions["pool"] } = {}): Promise<TestDatabase> {
  if (target.kind === "pglite") {
    const handle = await openDatabase({ dataDir: null, pool: options.pool });
    await handle.migrate();
    await seedCatalog(handle.db);
    return {
      handle,
      url: undefined,
      openAnother: () => Promise.reject(new Error("PGlite has one connection")),
      close: () => handle.close(),
    };
  }
  const name = `${target.prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(target.adminUrl, { max: 1, onnotice: () => {} });
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; files start in parallel.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${target.template}"`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = withDatabase(target.adminUrl, name);
  const handle = await openDatabase({ url, pool: options.pool });
  const others: DatabaseHandle[] = [];
  return {
    handle,
    url,
    async openAnother(another = {}) {
      const other = await openDatabase({ url, pool: options.pool, ...another });
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all([handle, ...others].map((h) => h.close()));
    },
  };
}
