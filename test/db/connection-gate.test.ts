/**
 * Issue 16: no code path may wait for a pool connection while it holds one, and nothing waits
 * for a connection forever. Checked on the real database handle the hub uses.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle, type DatabaseOptions } from "../../src/db/client.js";
import { ConnectionUnavailableError, detachedFromTransaction, PoolQueryInTransactionError } from "../../src/db/connection-gate.js";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function open(pool: DatabaseOptions["pool"]): Promise<DatabaseHandle> {
  database = await createTestDatabase({ pool });
  return database.handle;
}

const one = (db: DatabaseHandle["db"]) => queryRows<{ one: number }>(db, sql`select 1 as one`);

describe("a pool query inside a transaction", () => {
  it("throws at once in development and tests, naming the call site, and rolls the transaction back", async () => {
    const { db } = await open({});
    await db.execute(sql`create table gate_probe (n int)`);
    const attempt = db.transaction(async (tx) => {
      await tx.execute(sql`insert into gate_probe values (1)`);
      await one(db); // the pool, not tx
    });
    const error = await attempt.catch((thrown: Error) => thrown.cause ?? thrown);
    expect(error).toBeInstanceOf(PoolQueryInTransactionError);
    expect((error as Error).message).toMatch(/test\/db\/connection-gate\.test\.ts:\d+:\d+/);
    expect(await queryRows(db, sql`select * from gate_probe`)).toEqual([]);
  });

  it("is allowed for work the transaction starts but does not await (detached)", async () => {
    const { db } = await open({});
    let background: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      background = detachedFromTransaction(() => one(db));
    });
    expect(await background).toEqual([{ one: 1 }]);
  });
});

describeWithPostgres("a pool query inside a transaction in production", () => {
  it("is reported once per call site, not thrown, and served by another connection", async () => {
    const reported: string[] = [];
    database = await createTestDatabase();
    const handle = await database.openAnother({
      pool: { strictTransactions: false, max: 3 },
      onViolation: (error: Error) => reported.push(error.message),
    });
    for (let i = 0; i < 3; i++) {
      await handle.db.transaction(async () => {
        expect(await one(handle.db)).toEqual([{ one: 1 }]);
      });
    }
    expect(reported).toHaveLength(1);
  });
});

describe("waiting for a connection", () => {
  it("fails after the acquire timeout instead of queueing for ever, and the pool serves again afterwards", async () => {
    const { db, stats } = await open({ max: 1, acquireTimeoutMs: 200 });
    let release!: () => void;
    const held = db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await expect.poll(() => stats().inUse).toBe(1);
    const started = Date.now();
    expect(await one(db).catch((thrown: Error) => thrown.cause ?? thrown)).toBeInstanceOf(ConnectionUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stats().waiting).toBe(0);
    release();
    await held;
    expect(await one(db)).toEqual([{ one: 1 }]);
  });

  it("hands a freed connection to the callers waiting for it, in order", async () => {
    const { db } = await open({ max: 2, acquireTimeoutMs: 5_000 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => queryRows<{ n: number }>(db, sql`select ${i}::int as n`)));
    expect(results.map(([row]) => row!.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describeWithPostgres("new connections cut at once", () => {
  it("fail only the statement that needed them: no rejection escapes the driver (postgres.js#1192)", async () => {
    const escaped: unknown[] = [];
    const onEscape = (reason: unknown) => escaped.push(reason);
    process.on("unhandledRejection", onEscape);
    try {
      // A 1 ms statement timeout on every connection cancels whatever a new connection runs first.
      const { db } = await open({ max: 4, statementTimeoutMs: 1 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => queryRows(db, sql`select pg_sleep(0.05)`)),
      );
      expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(escaped).toEqual([]);
    } finally {
      process.off("unhandledRejection", onEscape);
    }
  });
});
