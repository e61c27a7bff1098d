/**
 * The outbox against a misbehaving registry: faults are injected in the simulator, over real HTTP.
 * The restart tests start a second hub on the first one's database (on PGlite, in this process).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectPartners, type Partners } from "../../src/server/partners.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "./registration-factory.js";

let database: TestDatabase;
let partners: Partners;
// A short drain (stopGraceMs 600 ms), so a call slower than it is given up when a hub stops.
const config = testConfig({ ...fastOutbox, SHUTDOWN_GRACE_SECONDS: "1" });
const hubs: TestHub[] = [];

async function startHub() {
  const hub = await startTestHub(database.handle, { config, partners });
  hubs.push(hub);
  return hub;
}

/** The restart tests need the stopped hub to be the only one that could have taken the row. */
async function closeAllHubs() {
  for (const hub of hubs.splice(0)) await hub.close();
}

const registry = () => partners.simulators.landRegistry!;
const atRegistry = (serial: string) => registry().registrations().filter((r) => r.parcels.includes(serial));

async function waitUntil(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("delivering registrations to the land registry", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // One registry for every hub of this file, as in production.
    partners = await connectPartners(config, { postAutoAdvance: false });
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await partners?.close();
    await database?.close();
  });
  beforeEach(() => {
    registry().faults.reset();
    registry().decision = "immediate";
  });

  it("retries 503s with backoff and registers once when the registry recovers", async () => {
    const hub = await startHub();
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    const postsBefore = registry().postCount;
    registry().faults.failNext(3, 503);

    const lodged = await register(hub, vcb, registerInput(parcel));
    const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);

    expect(registry().postCount - postsBefore).toBe(4);
    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
    expect(registered.registrationNumber).toBe(atRegistry(parcel.certificateSerial)[0]!.registrationNumber);
  });

  it("retries 429s like 503s: the registry's rate limit delays, never doubles", async () => {
    const hub = hubs[0] ?? (await startHub());
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    const postsBefore = registry().postCount;
    registry().faults.failNext(2, 429);

    const lodged = await register(hub, vcb, registerInput(parcel));
    await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);

    expect(registry().postCount - postsBefore).toBe(3);
    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
  });

  it("registers once when the registry commits but the answer is lost", async () => {
    const hub = hubs[0] ?? (await startHub());
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    registry().faults.loseAnswerNext(1);

    const lodged = await register(hub, vcb, registerInput(parcel));
    const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);

    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
    expect(registered.registrationNumber).toBe(atRegistry(parcel.certificateSerial)[0]!.registrationNumber);
  });

  it("ends a 4xx refusal as REJECTED with the registry's reason, without retrying", async () => {
    const hub = hubs[0] ?? (await startHub());
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const postsBefore = registry().postCount;
    registry().faults.failNext(1, 400);

    const lodged = await register(hub, vcb, registerInput(freshParcel()));
    const rejected = await waitForStatus(hub, vcb, lodged.id, ["REJECTED"]);

    expect(rejected.rejectionReason).toBe("injected fault: HTTP 400");
    expect(rejected.dossier.status).toBe("RESULT_READY");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(registry().postCount - postsBefore).toBe(1);
  });

  it("delivers once when a hub stops while the registry holds the request and another takes over", async () => {
    await closeAllHubs();
    const first = await startHub();
    const vcb = await first.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    const postsBefore = registry().postCount;
    registry().faults.timeoutNext(1);

    const lodged = await register(first, vcb, registerInput(parcel));
    await waitUntil(() => registry().postCount > postsBefore);
    await closeAllHubs();

    const second = await startHub();
    const registered = await waitForStatus(second, vcb, lodged.id, ["REGISTERED"]);
    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
    expect(registry().postCount - postsBefore).toBe(2);
    expect(registered.history.map((e: { status: string }) => e.status)).toEqual(["SUBMITTED", "FORWARDED", "REGISTERED"]);
  });

  it("finishes the call in hand when it stops, and records the registry's answer itself", async () => {
    await closeAllHubs();
    const first = await startHub();
    const vcb = await first.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    const postsBefore = registry().postCount;
    registry().faults.latencyMs = 300;

    const lodged = await register(first, vcb, registerInput(parcel));
    await waitUntil(() => registry().postCount > postsBefore);
    await closeAllHubs();
    registry().faults.latencyMs = 0;

    const second = await startHub();
    expect((await waitForStatus(second, vcb, lodged.id, ["REGISTERED"])).registrationNumber).toBe(atRegistry(parcel.certificateSerial)[0]!.registrationNumber);
    expect(registry().postCount - postsBefore).toBe(1);
  });

  it("delivers once when the registry registered the stopped hub's request after it left", async () => {
    await closeAllHubs();
    const first = await startHub();
    const vcb = await first.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    const postsBefore = registry().postCount;
    registry().faults.latencyMs = 1_500;

    const lodged = await register(first, vcb, registerInput(parcel));
    await waitUntil(() => registry().postCount > postsBefore);
    await closeAllHubs();
    registry().faults.latencyMs = 0;
    // The registry finishes the abandoned request: it is registered there before any retry.
    await waitUntil(() => atRegistry(parcel.certificateSerial).length === 1);

    const second = await startHub();
    const registered = await waitForStatus(second, vcb, lodged.id, ["REGISTERED"]);
    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
    expect(registered.registrationNumber).toBe(atRegistry(parcel.certificateSerial)[0]!.registrationNumber);
    expect(registry().postCount - postsBefore).toBe(2);
  });

  it("shares the outbox between two running hubs: each registration is delivered by one of them, once", async () => {
    const [a, b] = [await startHub(), await startHub()];
    const vcb = await a.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcels = [freshParcel(), freshParcel(), freshParcel(), freshParcel()];
    const postsBefore = registry().postCount;

    const lodged = await Promise.all(parcels.map((parcel, i) => register(i % 2 ? a : b, vcb, registerInput(parcel))));
    for (const { id } of lodged) await waitForStatus(a, vcb, id, ["REGISTERED"]);

    expect(registry().postCount - postsBefore).toBe(parcels.length);
    for (const parcel of parcels) expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
  });

  it("sends again, with the same key, a request the registry acknowledged with 202 and then lost", async () => {
    const hub = hubs[0] ?? (await startHub());
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    registry().decision = "deferred";

    const lodged = await register(hub, vcb, registerInput(parcel));
    await waitUntil(() => atRegistry(parcel.certificateSerial).length === 1);
    const [acknowledged] = atRegistry(parcel.certificateSerial);
    expect(acknowledged!.status).toBe("RECEIVED");
    registry().forgetUndecided(acknowledged!.registryReference); // the hub's next poll gets 404

    const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);
    const [resent] = atRegistry(parcel.certificateSerial);
    expect(atRegistry(parcel.certificateSerial)).toHaveLength(1);
    expect(resent!.idempotencyKey).toBe(acknowledged!.idempotencyKey);
    expect(registered.registrationNumber).toBe(resent!.registrationNumber);
  });
});
