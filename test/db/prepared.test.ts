/**
 * Statements built once (src/db/queries/prepared.ts): drizzle builds each one's text a single time
 * (per shape of its values), and every run goes on the connection of the executor it is given — a
 * transaction's statements stay in that transaction, committed or rolled back with it.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { prepared, preparedPerShape, statementOfShape, type Placeholders } from "../../src/db/queries/prepared.js";
import { organizations } from "../../src/db/schema/partner.js";
import { idempotencyKeys } from "../../src/db/schema/registration.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let db: Database;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  const [org] = await db.insert(organizations).values({ code: "PREPARED", name: "Prepared statements bank", kind: "BANK" }).returning();
  orgId = org!.id;
});
afterAll(() => database.close());

type NewKey = typeof idempotencyKeys.$inferInsert;
const builds = { select: 0, insert: 0 };
const keyByName = prepared((executor) => {
  builds.select++;
  return executor.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, sql.placeholder("key"))).prepare("testKeyByName");
});
const insertKey = preparedPerShape((executor, values: Placeholders<NewKey>) => {
  builds.insert++;
  return executor.insert(idempotencyKeys).values(values).returning().prepare("testInsertKey");
});

it("runs a statement inside a transaction on the transaction's connection: rolled back with it, committed with it", async () => {
  const rolledBack = db.transaction(async (tx) => {
    await insertKey(tx, { orgId, key: "rolled-back", requestHash: "h1" });
    expect(await keyByName(tx).execute({ key: "rolled-back" })).toHaveLength(1);
    throw new Error("roll back");
  });
  await expect(rolledBack).rejects.toThrow("roll back");
  expect(await keyByName(db).execute({ key: "rolled-back" })).toEqual([]);

  await db.transaction(async (tx) => {
    await insertKey(tx, { orgId, key: "committed", requestHash: "h2" });
  });
  const [row] = await keyByName(db).execute({ key: "committed" });
  expect(row).toMatchObject({ orgId, key: "committed", requestHash: "h2", registrationId: null });
  expect(row!.createdAt).toBeInstanceOf(Date);
  // Three executors (two transactions and the pool), one text.
  expect(builds.select).toBe(1);
});

it("builds one text per shape of the values: a property left undefined takes the column's default, null sets null", async () => {
  const before = builds.insert;
  const at = new Date("2026-01-02T03:04:05.678Z");
  const [given] = await insertKey(db, { orgId, key: "dated", requestHash: "h3", createdAt: at, registrationId: null });
  const [defaulted] = await insertKey(db, { orgId, key: "undated", requestHash: "h4", createdAt: undefined });
  const [again] = await insertKey(db, { orgId, key: "dated-again", requestHash: "h5", createdAt: at, registrationId: null });
  expect(given).toMatchObject({ key: "dated", createdAt: at, registrationId: null });
  expect(defaulted!.createdAt.getTime()).toBeGreaterThan(at.getTime());
  expect(again).toMatchObject({ key: "dated-again", createdAt: at });
  // One new text: the third insert's shape is the first's, and the second's (createdAt undefined) is
  // that of the inserts in the transactions above.
  expect(builds.insert - before).toBe(1);
});

it("keeps at most a thousand shapes in a cache, starting afresh when it is full", () => {
  const cache = new Map<string, number>();
  for (let shape = 0; shape < 1_000; shape++) statementOfShape(cache, `shape ${shape}`, () => shape);
  expect(cache.size).toBe(1_000);
  expect(statementOfShape(cache, "shape 7", () => -1)).toBe(7);
  expect(statementOfShape(cache, "one more", () => 1_000)).toBe(1_000);
  expect([...cache.keys()]).toEqual(["one more"]);
});
