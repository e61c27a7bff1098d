/**
 * Slow partners never starve the hub (issue 12): with the land registry, the post or the bar roster
 * answering in 15 s, reads of the catalog and of dossiers complete while the partner's calls are
 * still pending — no database connection or transaction waits on a partner. Asserted as "done
 * while the partner has not answered", never as a timing.
 */
import { afterEach, expect, it } from "vitest";
import { addRosterMember, lawyerToken, slot, workday, PUBLISH } from "../consult/consult-factory.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { resultReadyByPost } from "../support/delivery-factory.js";
import { submitDossier } from "../support/dossier-factory.js";
import { gql, ok } from "../support/graphql.js";
import { startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { freshParcel, register, registerInput } from "../registration/registration-factory.js";

const SLOW_MS = 15_000;
let database: TestDatabase;
let hub: TestHub;

afterEach(async () => {
  await hub?.close();
  await database?.close();
});

async function startSlowHub(): Promise<TestHub> {
  database = await createTestDatabase();
  // Calls may take the full 15 s; the outbox's lease outlasts them.
  hub = await startTestHub(database.handle, {
    config: testConfig({ PARTNER_TIMEOUT_MS: "30000", REGISTRATION_LEASE_MS: "60000", REGISTRATION_POLL_INTERVAL_MS: "50" }),
  });
  return hub;
}

/** A promise's state now, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol("pending");
  return (await Promise.race([promise.then(() => true, () => true), Promise.resolve(marker)])) !== marker;
}

/** Reads that need the pool and the catalog: they must all complete while the partner dawdles. */
async function readsComplete(token: string, dossierId: string) {
  const reads = await Promise.all([
    ok(hub.url, `{ procedures { code name } branches { code } }`, {}, token),
    ok(hub.url, `query($id: ID!) { dossier(id: $id) { code status timeline { sequence } } }`, { id: dossierId }, token),
    ok(hub.url, `{ dossiers(first: 20) { totalCount nodes { code procedure { code } } } }`, {}, token),
  ]);
  expect(reads.every(Boolean)).toBe(true);
}

it("reads complete while 24 registrations wait on a land registry answering in 15 s", async () => {
  await startSlowHub();
  const registry = hub.partners.simulators.landRegistry!;
  registry.faults.latencyMs = SLOW_MS;
  const bank = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  const lodged = await Promise.all(Array.from({ length: 24 }, () => register(hub, bank, registerInput(freshParcel()))));
  // The outbox claims ten at a time; the rest wait in the outbox, not in the pool.
  await expect.poll(() => registry.postCount, { timeout: 5_000 }).toBeGreaterThanOrEqual(10);

  await readsComplete(staff, lodged[0]!.dossier.id);
  const statuses = await Promise.all(lodged.map(async ({ id }) => (await ok(hub.url, `query($id: ID!) { securityRegistration(id: $id) { status } }`, { id }, bank)).securityRegistration.status));
  expect(statuses.every((status) => status === "SUBMITTED")).toBe(true); // the registry has not answered one yet
}, 60_000);

it("reads complete while clerks' dispatches wait on a post answering in 15 s", async () => {
  await startSlowHub();
  const tokens = {
    citizen: await hub.token({ role: "CITIZEN" }),
    clerk: await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" }),
    staff: await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }),
  };
  const ready = await Promise.all([1, 2, 3].map(() => resultReadyByPost(hub, tokens)));
  hub.partners.simulators.post!.faults.latencyMs = SLOW_MS;
  const dispatches = ready.map((dossier) => gql(hub.url, `mutation($id: ID!) { dispatchResult(dossierId: $id) { trackingNumber } }`, { id: dossier.id }, tokens.clerk));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the dispatches are at the post

  await readsComplete(tokens.staff, ready[0]!.id);
  for (const dispatch of dispatches) expect(await settled(dispatch)).toBe(false);
  await hub.partners.close(); // the post goes away: the clerks hear UPSTREAM_UNAVAILABLE
  for (const dispatch of dispatches) expect((await dispatch).errors?.[0]?.extensions.code).toBe("UPSTREAM_UNAVAILABLE");
}, 60_000);

it("reads complete while lawyers' calls wait on a bar roster answering in 15 s", async () => {
  await startSlowHub();
  const citizen = await hub.token({ role: "CITIZEN" });
  const dossier = await submitDossier(hub, citizen);
  const roster = hub.partners.simulators.barRoster!;
  roster.faults.latencyMs = SLOW_MS;
  // New members: nothing of them is cached, so each call asks the roster.
  const lawyerCalls = [1, 2, 3, 4].map(async () => {
    const member = addRosterMember(hub);
    return gql(hub.url, PUBLISH, { slots: [slot(workday(4), "09:00", "10:00", "PHONE")] }, await lawyerToken(hub, member));
  });
  await expect.poll(() => roster.requestCount, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);

  await readsComplete(citizen, dossier.id);
  for (const call of lawyerCalls) expect(await settled(call)).toBe(false);
  await hub.partners.close(); // the roster goes away: the lawyers' calls end (UPSTREAM_UNAVAILABLE)
  for (const call of lawyerCalls) expect((await call).errors?.[0]?.extensions.code).toBe("UPSTREAM_UNAVAILABLE");
}, 60_000);
