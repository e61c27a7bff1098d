/**
 * Issue 16: two dozen clients at once froze an instance for good — every pool connection held by a
 * transaction waiting for one more. These tests load the hub as a partner's load test would and
 * assert completion (never speed): every request answered, nothing refused but by a rule, no
 * connection left idle in transaction; and a transaction stuck from outside is ended by PostgreSQL.
 */
import postgres from "postgres";
import { afterEach, expect, it } from "vitest";
import { connectionParameters, defaultPoolSettings } from "../../src/db/client.js";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { gql } from "../support/graphql.js";
import { startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { runWriteMix } from "../support/write-mix.js";
import { fastOutbox } from "../registration/registration-factory.js";
import { idOf } from "../../src/schema/node.js";

let database: TestDatabase | undefined;
const hubs: TestHub[] = [];

afterEach(async () => {
  for (const hub of hubs.splice(0).reverse()) await hub.close();
  await database?.close();
  database = undefined;
});

/** Two instances of one deployment on one database, each with a pool of `poolMax`. */
async function twoInstances(poolMax: number, env: Record<string, string> = {}): Promise<TestHub[]> {
  const pool = { max: poolMax };
  database = await createTestDatabase({ pool });
  // Four subjects carry the whole load: the per-subject budget (a rule of its own, tested elsewhere)
  // would answer RATE_LIMITED on a fast machine long before the freeze this file looks for.
  const unlimited = { RATE_LIMIT_PER_SUBJECT: "10000000", RATE_LIMIT_PER_ORGANIZATION: "10000000" };
  const config = testConfig({ CATALOG_REFRESH_SECONDS: "1", ...fastOutbox, ...unlimited, ...env });
  const first = await startTestHub(database.handle, { config });
  hubs.push(first);
  hubs.push(await startTestHub(await database.openAnother({ pool }), { config, partners: first.partners }));
  return hubs;
}

/** The hub's connections (application_name hub) to this test's database that sit idle in a transaction. */
async function idleInTransaction(): Promise<number> {
  const admin = postgres(database!.url!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
      where datname = current_database() and application_name = 'hub' and state like 'idle in transaction%'`;
    return row!.count;
  } finally {
    await admin.end();
  }
}

describeWithPostgres("liveness under concurrent writes", () => {
  it("answers every request of 48 clients on two instances for 15 s while the catalog reloads every second", async () => {
    const [first, second] = await twoInstances(defaultPoolSettings.max);
    const report = await runWriteMix({ hubs: [first!, second!], clients: 48, seconds: 15 });
    expect(report.unexpected).toEqual([]);
    expect(report.unanswered).toBe(0);
    expect(report.answered).toBeGreaterThan(48);
    expect(Object.keys(report.byAction).sort()).toEqual(["read", "receive", "register", "submit", "transition"]);
    // Workers may still be settling registrations between two statements: none may stay there.
    await expect.poll(idleInTransaction, { timeout: 5_000 }).toBe(0);
  }, 90_000);

  it("holds with a pool of 2 connections and 16 clients: no path needs a second connection", async () => {
    const [first, second] = await twoInstances(2);
    const report = await runWriteMix({ hubs: [first!, second!], clients: 16, seconds: 6 });
    expect(report.unexpected).toEqual([]);
    expect(report.unanswered).toBe(0);
    expect(report.answered).toBeGreaterThan(16);
    // Workers may still be settling registrations between two statements: none may stay there.
    await expect.poll(idleInTransaction, { timeout: 5_000 }).toBe(0);
  }, 60_000);

  it("a transaction left open on a hub connection is ended by PostgreSQL, and the hub serves that dossier again", async () => {
    const idleTimeoutMs = 1_000;
    const [hub] = await twoInstances(defaultPoolSettings.max, { DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(idleTimeoutMs) });
    const citizen = await hub!.token({ role: "CITIZEN" });
    const clerk = await hub!.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const staff = await hub!.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossier = await receive(hub!, clerk, (await submitDossier(hub!, citizen)).id);

    // A connection set up as the hub sets up its own, stuck mid-transaction holding the dossier's row
    // (as a hub transaction would be if its process hung).
    const settings = { ...defaultPoolSettings, idleInTransactionTimeoutMs: idleTimeoutMs };
    const stuck = postgres(database!.url!, { max: 1, onnotice: () => {}, connection: connectionParameters(settings, "hub") });
    const reserved = await stuck.reserve();
    await reserved`begin`;
    await reserved`select id from dossiers where id = ${idOf("Dossier", dossier.id)} for update`;
    const stuckPid = (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;

    const moved = await gql(hub!.url, `mutation($id: ID!) { transitionDossier(id: $id, to: IN_PROCESSING) { status } }`, { id: dossier.id }, staff);
    expect(moved.errors).toBeUndefined();
    expect(moved.data.transitionDossier.status).toBe("IN_PROCESSING");

    const admin = postgres(database!.url!, { max: 1, onnotice: () => {} });
    expect(await admin`select 1 from pg_stat_activity where pid = ${stuckPid}`).toHaveLength(0);
    await admin.end();
    await stuck.end({ timeout: 0 }).catch(() => undefined);
  }, 30_000);

  it("reports not ready while the pool is saturated, instead of hanging the probe, and ready again after", async () => {
    const [hub] = await twoInstances(2, { DATABASE_LOCK_TIMEOUT_MS: "8000" });
    const citizen = await hub!.token({ role: "CITIZEN" });
    const clerk = await hub!.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const staff = await hub!.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossier = await receive(hub!, clerk, (await submitDossier(hub!, citizen)).id);
    const readyz = hub!.url.replace(/\/graphql$/, "/readyz");

    // Lock the dossier from outside; the hub's two connections then wait on it in two transitions.
    const outside = postgres(database!.url!, { max: 1, onnotice: () => {} });
    const reserved = await outside.reserve();
    await reserved`begin`;
    await reserved`select id from dossiers where id = ${idOf("Dossier", dossier.id)} for update`;
    const waiting = [0, 1, 2].map(() =>
      gql(hub!.url, `mutation($id: ID!) { transitionDossier(id: $id, to: IN_PROCESSING) { status } }`, { id: dossier.id }, staff),
    );
    await expect.poll(async () => (await fetch(readyz)).status, { timeout: 6_000 }).toBe(503);

    await reserved`rollback`;
    reserved.release();
    await outside.end();
    const answers = await Promise.all(waiting);
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(answers.flatMap((answer) => answer.errors ?? []).map((error) => error.extensions.code)).toEqual(["INVALID_TRANSITION", "INVALID_TRANSITION"]);
    await expect.poll(async () => (await fetch(readyz)).status).toBe(200);
  }, 30_000);
});
