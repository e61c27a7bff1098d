/**
 * The throwaway PostgreSQL database of one bench run: made on the server of BENCH_DATABASE_URL
 * (default the local one), migrated and given its catalog by the hub's own code (src/db), then
 * dropped at the end unless --keep-database.
 */
import postgres from "postgres";
import { openDatabase } from "../../src/db/client.js";
import { seedCatalog } from "../../src/db/seed/catalog.js";

export interface BenchDatabase {
  name: string;
  url: string;
  /** postgres.js on the bench database, for seeding and for reading counters. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createBenchDatabase(serverUrl: string, keep: boolean): Promise<BenchDatabase> {
  const name = `hub_bench_${new Date().toISOString().slice(0, 10).replaceAll("-", "")}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrl(serverUrl, name);

  const handle = await openDatabase({ url, pool: { max: 2 } });
  await handle.migrate();
  await seedCatalog(handle.db);
  await handle.close();

  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      if (!keep) await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
