/**
 * `consultBookingChanged` over real WebSockets: a lawyer hears of new requests matching their
 * specialties (and not of others), a citizen of their own bookings; and across two hub instances
 * on one database, through the relay.
 */
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { ok, subscribe, wsClient } from "../support/graphql.js";
import { startTestHub, useTwoInstances, type TestHub } from "../support/hub.js";
import { book, newLawyer, publish, requestConsult, slot, workday } from "./consult-factory.js";

const CHANGED = `subscription { consultBookingChanged { id status topic lawyer { barNumber } } }`;
type Subscription = ReturnType<typeof subscribe<{ consultBookingChanged: { id: string } }>>;

/** Pokes until the subscription delivers something: it is then surely listening. */
async function untilLive(subscription: Subscription, poke: () => Promise<unknown>) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await poke();
    try {
      await subscription.next(subscription.results.length + 1, 250);
      return;
    } catch {
      // not listening yet: poke again
    }
  }
  throw new Error("subscription never became live");
}

/** Waits until a booking with `id` has been delivered; returns the ids delivered so far. */
async function deliveredUpTo(subscription: Subscription, id: string): Promise<string[]> {
  const ids = () => subscription.results.map((r) => r.data?.consultBookingChanged.id as string);
  while (!ids().includes(id)) await subscription.next(subscription.results.length + 1, 10_000);
  return ids();
}

describe("consultBookingChanged", () => {
  let database: TestDatabase;
  let hub: TestHub;
  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await startTestHub(database.handle);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  it("tells a lawyer of a new request matching their specialties, and not of one that does not", async () => {
    const { token } = await newLawyer(hub, { practiceAreas: ["LAND", "CONSTRUCTION"] });
    const citizen = await hub.token({ role: "CITIZEN" });
    const day = workday(8);
    const [open] = await publish(hub, token, [slot(workday(11), "09:00", "09:30", "ONLINE")]);
    const client = wsClient(hub.wsUrl, token);
    const events = subscribe(client, CHANGED);
    try {
      await untilLive(events, () => requestConsult(hub, citizen, day, { topic: "CONSTRUCTION" }));
      const matching = await requestConsult(hub, citizen, day, { topic: "LAND" });
      const other = await requestConsult(hub, citizen, day, { topic: "FAMILY" });
      const last = await requestConsult(hub, citizen, day, { topic: "LAND", question: "the last one" });

      const delivered = await deliveredUpTo(events, last.id);
      expect(delivered).toContain(matching.id);
      expect(delivered).not.toContain(other.id);
      expect(events.results.at(-1)!.data!.consultBookingChanged).toEqual({ id: last.id, status: "REQUESTED", topic: "LAND", lawyer: null });

      // And of changes to their own consults: a citizen books one of their slots.
      const booking = await book(hub, await hub.token({ role: "CITIZEN" }), open!.id, { topic: "FAMILY" });
      await deliveredUpTo(events, booking.id);
      expect(events.results.at(-1)!.data!.consultBookingChanged).toMatchObject({ id: booking.id, status: "CONFIRMED", topic: "FAMILY" });
      expect(events.error).toBeUndefined();
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it("stops telling a lawyer of new requests once the roster suspends them, and shows them unverified from then on", async () => {
    const { member, token } = await newLawyer(hub, { practiceAreas: ["OTHER"] });
    const citizen = await hub.token({ role: "CITIZEN" });
    const [open] = await publish(hub, token, [slot(workday(12), "09:00", "09:30", "ONLINE")]);
    const client = wsClient(hub.wsUrl, token);
    const events = subscribe(client, `subscription { consultBookingChanged { id status lawyer { verified } } }`);
    const seen = (id: string) => events.results.filter((r) => r.data?.consultBookingChanged.id === id).map((r) => r.data!.consultBookingChanged);
    try {
      await untilLive(events, () => requestConsult(hub, citizen, workday(8), { topic: "OTHER" }));
      const booking = await book(hub, citizen, open!.id, { topic: "OTHER" });
      await deliveredUpTo(events, booking.id);
      expect(seen(booking.id)).toEqual([{ id: booking.id, status: "CONFIRMED", lawyer: { verified: true } }]);

      hub.partners.simulators.barRoster!.setStatus(member.barNumber, "SUSPENDED");
      hub.partners.barRoster.forget(member.barNumber);
      await hub.hub.services.consult.lawyers.refresh(member.barNumber); // as the roster refresh does; flags the booking
      const request = await requestConsult(hub, citizen, workday(8), { topic: "OTHER", question: "after the suspension" });
      await ok(hub.url, `mutation($id: ID!) { cancelConsultBooking(id: $id, reason: "Rebooked") { id } }`, { id: booking.id }, citizen);

      const delivered = await deliveredUpTo(events, booking.id);
      while (seen(booking.id).length < 3) await events.next(events.results.length + 1, 10_000);
      expect(delivered).not.toContain(request.id);
      // Flagged, then cancelled: each event reads the lawyer as the roster has them now.
      expect(seen(booking.id).slice(1)).toEqual([
        { id: booking.id, status: "CONFIRMED", lawyer: { verified: false } },
        { id: booking.id, status: "CANCELLED", lawyer: { verified: false } },
      ]);
      expect(events.results.map((r) => r.data?.consultBookingChanged.id)).not.toContain(request.id);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it("tells a citizen of their own bookings only", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const [mineSlot, theirsSlot, laterSlot] = await publish(hub, lawyer, [
      slot(workday(9), "09:00", "09:30"),
      slot(workday(9), "10:00", "10:30"),
      slot(workday(9), "11:00", "11:30"),
    ]);
    const citizen = await hub.token({ role: "CITIZEN" });
    const stranger = await hub.token({ role: "CITIZEN" });
    const client = wsClient(hub.wsUrl, citizen);
    const events = subscribe(client, CHANGED);
    try {
      await untilLive(events, () => requestConsult(hub, citizen, workday(10)));
      const mine = await book(hub, citizen, mineSlot!.id);
      const theirs = await book(hub, stranger, theirsSlot!.id);
      const later = await book(hub, citizen, laterSlot!.id);
      const delivered = await deliveredUpTo(events, later.id);
      expect(delivered).toContain(mine.id);
      expect(delivered).not.toContain(theirs.id);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });
});

describeWithPostgres("consultBookingChanged across hub instances", () => {
  let first: TestHub;
  let second: TestHub;
  useTwoInstances((started, other) => {
    first = started;
    second = other;
  });

  it("delivers a request made through one instance to a lawyer subscribed on the other", async () => {
    const { token } = await newLawyer(first, { practiceAreas: ["COMPLAINT"] });
    const citizen = await first.token({ role: "CITIZEN" });
    const client = wsClient(second.wsUrl, token);
    const events = subscribe(client, CHANGED);
    try {
      await untilLive(events, () => requestConsult(first, citizen, workday(8), { topic: "COMPLAINT" }));
      const request = await requestConsult(first, citizen, workday(8), { topic: "COMPLAINT", question: "across instances" });
      expect(await deliveredUpTo(events, request.id)).toContain(request.id);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });
});
