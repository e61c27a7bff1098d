/**
 * dossierEvents over a real WebSocket (graphql-ws client): replay then stream, across two hub
 * instances on one database, reconnecting with afterSequence, who may subscribe, and the socket's
 * end when its token expires.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithPostgres, type TestDatabase } from "../support/database.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { subscribe, wsClient } from "../support/graphql.js";
import { startSecondInstance, useTestHub, type TestHub } from "../support/hub.js";

const EVENTS = `subscription($id: ID!, $after: Int) { dossierEvents(dossierId: $id, afterSequence: $after) { sequence status actorRole } }`;

let hub: TestHub;
let database: TestDatabase;

useTestHub(async (started, db) => {
  hub = started;
  database = db;
});

async function actors(on: TestHub) {
  return {
    citizen: await on.token({ role: "CITIZEN", sub: `citizen-${Math.random()}` }),
    clerk: await on.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" }),
    staff: await on.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }),
  };
}

describe("on one hub", () => {
  it("replays the events after afterSequence, then streams new ones in order", async () => {
    const { citizen, clerk, staff } = await actors(hub);
    const dossier = await submitDossier(hub, citizen);
    await receive(hub, clerk, dossier.id);

    const client = wsClient(hub.wsUrl, citizen);
    const stream = subscribe(client, EVENTS, { id: dossier.id, after: 0 });
    const replayed = await stream.next(2);
    expect(replayed.map((r) => r.data!.dossierEvents.sequence)).toEqual([1, 2]);

    await transition(hub, staff, dossier.id, "IN_PROCESSING");
    await transition(hub, staff, dossier.id, "APPROVED");
    const all = await stream.next(4);
    expect(all.map((r) => r.data!.dossierEvents)).toEqual([
      { sequence: 1, status: "SUBMITTED", actorRole: "CITIZEN" },
      { sequence: 2, status: "RECEIVED", actorRole: "POST_CLERK" },
      { sequence: 3, status: "IN_PROCESSING", actorRole: "CENTER_STAFF" },
      { sequence: 4, status: "APPROVED", actorRole: "CENTER_STAFF" },
    ]);
    stream.dispose();
    await client.dispose();
  });

  it("without afterSequence streams only what happens from now on", async () => {
    const { citizen, clerk } = await actors(hub);
    const dossier = await submitDossier(hub, citizen);
    const client = wsClient(hub.wsUrl, citizen);
    const stream = subscribe(client, EVENTS, { id: dossier.id });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscription start
    await receive(hub, clerk, dossier.id);
    const [first] = await stream.next(1);
    expect(first!.data!.dossierEvents.sequence).toBe(2);
    await client.dispose();
  });

  it("loses nothing and repeats nothing when events are committed while the replay runs", async () => {
    const { citizen, staff, clerk } = await actors(hub);
    const dossier = await submitDossier(hub, citizen);
    await receive(hub, clerk, dossier.id);
    const client = wsClient(hub.wsUrl, citizen);
    const stream = subscribe(client, EVENTS, { id: dossier.id, after: 0 });
    const steps = ["IN_PROCESSING", "SUPPLEMENT_REQUESTED", "IN_PROCESSING", "SUPPLEMENT_REQUESTED", "IN_PROCESSING", "APPROVED", "RESULT_READY"];
    for (const to of steps) await transition(hub, staff, dossier.id, to);
    const results = await stream.next(9);
    expect(results.map((r) => r.data!.dossierEvents.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stream.results).toHaveLength(9);
    await client.dispose();
  });

  it("refuses a dossier the viewer may not read, as NOT_FOUND", async () => {
    const { citizen } = await actors(hub);
    const stranger = await hub.token({ role: "CITIZEN", sub: "stranger" });
    const dossier = await submitDossier(hub, citizen);
    const client = wsClient(hub.wsUrl, stranger);
    const stream = subscribe(client, EVENTS, { id: dossier.id });
    await stream.ended();
    expect(stream.results.map((r) => r.errors?.[0]?.extensions.code)).toEqual(["NOT_FOUND"]);
    await client.dispose();
  });

  it("closes a socket without a valid token with 4401", async () => {
    for (const token of [undefined, "garbage"]) {
      const client = wsClient(hub.wsUrl, token);
      const stream = subscribe(client, EVENTS, { id: "x" });
      const error = (await stream.ended()) as { code: number };
      expect(error.code).toBe(4401);
      await client.dispose();
    }
  });

  it("closes the socket with 4403 when the token expires", async () => {
    const citizen = await hub.token({ role: "CITIZEN", sub: "short-lived" });
    const dossier = await submitDossier(hub, citizen);
    const shortLived = await hub.token({ role: "CITIZEN", sub: "short-lived", ttlSeconds: 2 });
    const client = wsClient(hub.wsUrl, shortLived);
    const stream = subscribe(client, EVENTS, { id: dossier.id });
    const error = (await stream.ended(8_000)) as { code: number };
    expect(error.code).toBe(4403);
    await client.dispose();
  });
});

describeWithPostgres("across two hub instances on one database", () => {
  let second: TestHub;
  beforeAll(async () => {
    second = await startSecondInstance(hub, database);
  });
  afterAll(async () => {
    await second?.close();
  });

  it("a subscriber on one receives events caused through the other, and a reconnect gets exactly what it missed", async () => {
    const { citizen, clerk, staff } = await actors(hub);
    const dossier = await submitDossier(hub, citizen);

    const client = wsClient(second.wsUrl, citizen);
    const first = subscribe(client, EVENTS, { id: dossier.id, after: 0 });
    await first.next(1);
    await receive(hub, clerk, dossier.id); // through the first hub
    const seen = await first.next(2);
    expect(seen.map((r) => r.data!.dossierEvents.sequence)).toEqual([1, 2]);
    first.dispose();
    await client.dispose();

    // While disconnected, three more changes happen on the first hub.
    for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(hub, staff, dossier.id, to);

    const again = wsClient(second.wsUrl, citizen);
    const resumed = subscribe(again, EVENTS, { id: dossier.id, after: 2 });
    const missed = await resumed.next(3);
    expect(missed.map((r) => r.data!.dossierEvents)).toEqual([
      { sequence: 3, status: "IN_PROCESSING", actorRole: "CENTER_STAFF" },
      { sequence: 4, status: "APPROVED", actorRole: "CENTER_STAFF" },
      { sequence: 5, status: "RESULT_READY", actorRole: "CENTER_STAFF" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.results).toHaveLength(3);
    await again.dispose();
  });
});
