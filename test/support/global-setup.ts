/**
 * Once per `npm test`: choose the database the suite runs on and prepare a migrated, seeded
 * template, so each test file gets its own fresh database in milliseconds (CREATE DATABASE …
 * TEMPLATE). PostgreSQL is DATABASE_URL, or the local server on 127.0.0.1:5432 when it answers;
 * without one the suite runs on embedded PGlite — unless REQUIRE_POSTGRES=1, which fails the run.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client.js";
import { seedCatalog } from "../../src/db/seed/catalog.js";

export type TestDatabaseTarget =
  | { kind: "postgres"; adminUrl: string; template: string; prefix: string }
  | { kind: "pglite"; reason: string };

declare module "vitest" {
  interface ProvidedContext {
    database: TestDatabaseTarget;
    /** A folder for this run's hub data folders (dev keys, blobs), removed when the run ends. */
    dataRoot: string;
  }
}

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

async function answers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  // Which Node runs the suite (issue 19: CI runs it on the machine's Node, then on Node 24). The
  // Node 24 leg says which major it expects, so a PATH mix-up cannot pass it on another Node.
  console.log(`[test] Node ${process.version} (${process.execPath})`);
  const expected = process.env.HUB_EXPECT_NODE_MAJOR;
  if (expected && process.versions.node.split(".")[0] !== expected) {
    throw new Error(`HUB_EXPECT_NODE_MAJOR=${expected} but the suite runs on Node ${process.version} (${process.execPath})`);
  }
  const dataRoot = mkdtempSync(join(tmpdir(), "hub-test-run-"));
  project.provide("dataRoot", dataRoot);
  const removeData = () => rmSync(dataRoot, { recursive: true, force: true });
  const adminUrl = process.env.DATABASE_URL || LOCAL_SERVER;
  if (!(await answers(adminUrl))) {
    const reason = `no PostgreSQL server answers at ${new URL(adminUrl).host}`;
    if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`REQUIRE_POSTGRES=1 but ${reason}`);
    console.warn(`\n[test] ${reason}: running on embedded PGlite; tests needing a second connection or process are skipped.\n`);
    project.provide("database", { kind: "pglite", reason });
    return removeData;
  }

  const prefix = `hub_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const template = `${prefix}_template`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const database = await openDatabase({ url: withDatabase(adminUrl, template), pool: { max: 2 } });
  await database.migrate();
  await seedCatalog(database.db);
  await database.close();
  project.provide("database", { kind: "postgres", adminUrl, template, prefix });

  return async () => {
    const databases = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + "%"}`;
    for (const { datname } of databases) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.end({ timeout: 5 });
    removeData();
  };
}
