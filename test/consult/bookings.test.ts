/**
 * Booking slots and requesting consults through the API: who sees what (a citizen only their own
 * bookings; the outcome only the lawyer and the requester), cancelling frees the slot, the queue
 * and taking a request, no-shows once the consult was due.
 */
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { submitDossier } from "../support/dossier-factory.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";
import {
  book,
  BOOK,
  BOOKING_FIELDS,
  bookInput,
  hanoi,
  newLawyer,
  publish,
  requestConsult,
  slot,
  staffToken,
  TAKE,
  workday,
} from "./consult-factory.js";

let database: TestDatabase;
let hub: TestHub;
let clockOffsetMs = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = await startTestHub(database.handle, { now: () => new Date(Date.now() + clockOffsetMs) });
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const READ = `query($id: ID!) { consultBooking(id: $id) { ${BOOKING_FIELDS} } }`;
const MINE = `{ myConsultBookings { id status } }`;
const COMPLETE = `mutation($id: ID!, $outcome: String!) { completeConsultBooking(id: $id, outcome: $outcome) { ${BOOKING_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelConsultBooking(id: $id, reason: $reason) { ${BOOKING_FIELDS} } }`;
const QUEUE = `query($topic: ConsultTopic) { consultRequestQueue(topic: $topic) { id topic } }`;
const read = async (id: string, token: string) => (await ok(hub.url, READ, { id }, token)).consultBooking;

describe("booking a slot", () => {
  it("confirms at once, for one citizen only, and shows each citizen only their own bookings", async () => {
    const { member, token: lawyer } = await newLawyer(hub);
    const [open] = await publish(hub, lawyer, [slot(workday(8), "09:00", "09:30")]);
    const alice = await hub.token({ role: "CITIZEN" });
    const bob = await hub.token({ role: "CITIZEN" });

    const booking = await book(hub, alice, open!.id);
    expect(booking).toMatchObject({ status: "CONFIRMED", mode: "IN_PERSON", branch: { code: "HN-PASC-B01" }, lawyer: { barNumber: member.barNumber } });
    expect(booking.startsAt).toBe(open!.startsAt);
    expect(await errorCode(hub.url, BOOK, { slotId: open!.id, input: bookInput() }, bob)).toBe("CONFLICT");

    expect((await ok(hub.url, MINE, {}, alice)).myConsultBookings).toEqual([{ id: booking.id, status: "CONFIRMED" }]);
    expect((await ok(hub.url, MINE, {}, bob)).myConsultBookings).toEqual([]);
    expect(await read(booking.id, bob)).toBeNull();
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id: booking.id }, bob)).node).toBeNull();
    // Nor can one citizen be booked into two consults at once, whoever the lawyers are.
    const { token: another } = await newLawyer(hub);
    const [sameTime] = await publish(hub, another, [slot(workday(8), "09:15", "09:45", "PHONE")]);
    const twice = await gql(hub.url, BOOK, { slotId: sameTime!.id, input: bookInput() }, alice);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "CITIZEN_TIME_TAKEN" });
    // The lawyer sees it among theirs, with the citizen's phone to call.
    const theirs = await ok(hub.url, `{ myConsultBookings { id contact { phone } } }`, {}, lawyer);
    expect(theirs.myConsultBookings).toEqual([{ id: booking.id, contact: { phone: "0912345678" } }]);
  });

  it("shows the outcome to the lawyer and the requester only", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const { token: otherLawyer } = await newLawyer(hub);
    const day = workday(8);
    const [open] = await publish(hub, lawyer, [slot(day, "10:00", "10:30")]);
    const citizen = await hub.token({ role: "CITIZEN" });
    const booking = await book(hub, citizen, open!.id);

    // Not before the consult has begun.
    expect(await errorCode(hub.url, COMPLETE, { id: booking.id, outcome: "Advice given" }, lawyer)).toBe("CONFLICT");
    clockOffsetMs = new Date(hanoi(day, "10:25")).getTime() - Date.now();
    let done;
    try {
      done = (await ok(hub.url, COMPLETE, { id: booking.id, outcome: "Explained the boundary rules; see art. 175 Civil Code" }, lawyer))
        .completeConsultBooking;
    } finally {
      clockOffsetMs = 0;
    }
    expect(done).toMatchObject({ status: "COMPLETED", outcome: "Explained the boundary rules; see art. 175 Civil Code" });
    expect((await read(booking.id, citizen)).outcome).toBe("Explained the boundary rules; see art. 175 Civil Code");
    expect((await read(booking.id, lawyer)).outcome).toBe("Explained the boundary rules; see art. 175 Civil Code");

    const staff = await read(booking.id, await staffToken(hub));
    expect(staff).toMatchObject({ status: "COMPLETED", outcome: null });
    expect(await read(booking.id, otherLawyer)).toBeNull();
    expect(await read(booking.id, await hub.token({ role: "CITIZEN" }))).toBeNull();
    expect(await errorCode(hub.url, COMPLETE, { id: booking.id, outcome: "again" }, lawyer)).toBe("INVALID_TRANSITION");
  });

  it("frees the slot when cancelled, for someone else to book", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const [open] = await publish(hub, lawyer, [slot(workday(8), "11:00", "11:30")]);
    const first = await hub.token({ role: "CITIZEN" });
    const booking = await book(hub, first, open!.id);
    const cancelled = (await ok(hub.url, CANCEL, { id: booking.id, reason: "I found the answer" }, first)).cancelConsultBooking;
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "I found the answer" });

    const slotNode = `query($id: ID!) { node(id: $id) { ... on ConsultSlot { available } } }`;
    expect((await ok(hub.url, slotNode, { id: open!.id }, first)).node).toEqual({ available: true });
    const second = await hub.token({ role: "CITIZEN" });
    const rebooked = await book(hub, second, open!.id);
    expect(rebooked.status).toBe("CONFIRMED");
    expect((await ok(hub.url, slotNode, { id: open!.id }, first)).node).toEqual({ available: false });
    expect(await errorCode(hub.url, CANCEL, { id: booking.id, reason: "twice" }, first)).toBe("INVALID_TRANSITION");
    // Someone else's booking cannot be cancelled, nor even seen.
    expect(await errorCode(hub.url, CANCEL, { id: rebooked.id, reason: "x" }, first)).toBe("NOT_FOUND");
  });

  it("lets center staff book for the applicant of a dossier, who then sees it; a citizen may name only their own dossier", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const [first, second] = await publish(hub, lawyer, [slot(workday(8), "13:00", "13:30"), slot(workday(8), "14:00", "14:30")]);
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen);
    const staff = await staffToken(hub);

    const booking = await book(hub, staff, first!.id, { dossierCode: dossier.code, contactName: "Le Thi Hoa" });
    expect(booking.dossier).toEqual({ code: dossier.code });
    expect((await ok(hub.url, MINE, {}, citizen)).myConsultBookings).toEqual([{ id: booking.id, status: "CONFIRMED" }]);
    expect((await ok(hub.url, MINE, {}, staff)).myConsultBookings).toEqual([{ id: booking.id, status: "CONFIRMED" }]);
    const consultations = `query($code: String!) { dossier(code: $code) { consultations { id } } }`;
    expect((await ok(hub.url, consultations, { code: dossier.code }, citizen)).dossier.consultations).toEqual([{ id: booking.id }]);

    const stranger = await hub.token({ role: "CITIZEN" });
    const refused = await gql(hub.url, BOOK, { slotId: second!.id, input: bookInput({ dossierCode: dossier.code }) }, stranger);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.dossierCode" });
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { ... on ConsultSlot { available } } }`, { id: second!.id }, stranger)).node).toEqual({
      available: true,
    });
  });

  it("records a no-show only once the consult was due to begin", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const day = workday(8);
    const [open] = await publish(hub, lawyer, [slot(day, "15:00", "15:30")]);
    const booking = await book(hub, await hub.token({ role: "CITIZEN" }), open!.id);
    const noShow = `mutation($id: ID!) { markConsultNoShow(id: $id, note: "Did not answer twice") { status outcome } }`;
    expect(await errorCode(hub.url, noShow, { id: booking.id }, lawyer)).toBe("CONFLICT");
    clockOffsetMs = new Date(hanoi(day, "15:10")).getTime() - Date.now();
    try {
      expect((await ok(hub.url, noShow, { id: booking.id }, lawyer)).markConsultNoShow).toEqual({ status: "NO_SHOW", outcome: "Did not answer twice" });
    } finally {
      clockOffsetMs = 0;
    }
  });
});

describe("requests and the queue", () => {
  it("shows requests to lawyers whose specialties match, oldest first, and gives each to the first who takes it", async () => {
    const { token: land } = await newLawyer(hub, { practiceAreas: ["LAND", "BUSINESS"] });
    const { token: land2 } = await newLawyer(hub, { practiceAreas: ["LAND"] });
    const { token: family } = await newLawyer(hub, { practiceAreas: ["FAMILY"] });
    const citizen = await hub.token({ role: "CITIZEN" });
    const day = workday(15);
    const older = await requestConsult(hub, citizen, day, { topic: "BUSINESS" });
    const request = await requestConsult(hub, citizen, day, { topic: "LAND", mode: "IN_PERSON", branchCode: "HN-PASC-B02" });
    expect(request).toMatchObject({ status: "REQUESTED", lawyer: null, startsAt: null });

    const queue = async (token: string, topic?: string) => (await ok(hub.url, QUEUE, { topic }, token)).consultRequestQueue.map((r: { id: string }) => r.id);
    expect(await queue(land)).toEqual([older.id, request.id]);
    expect(await queue(land, "LAND")).toEqual([request.id]);
    expect(await queue(family)).toEqual([]);

    const outside = await gql(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "07:30"), endsAt: hanoi(day, "08:00") }, land);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "startsAt" });
    expect(await errorCode(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "09:00"), endsAt: hanoi(day, "09:30") }, family)).toBe("NOT_FOUND");

    const taken = (await ok(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "09:00"), endsAt: hanoi(day, "09:45") }, land)).takeConsultRequest;
    expect(taken).toMatchObject({ status: "CONFIRMED", mode: "IN_PERSON", branch: { code: "HN-PASC-B02" }, startsAt: hanoi(day, "09:00") });
    expect(await errorCode(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "10:00"), endsAt: hanoi(day, "10:30") }, land2)).toBe("CONFLICT");
    expect(await queue(land2)).toEqual([]);
    expect((await read(request.id, citizen)).lawyer).toEqual(taken.lawyer);
  });

  it("refuses a time that overlaps the lawyer's own slots, and gives the time back when the consult is cancelled", async () => {
    const { token: lawyer } = await newLawyer(hub, { practiceAreas: ["LAND"] });
    const day = workday(16);
    await publish(hub, lawyer, [slot(day, "10:00", "11:00", "ONLINE")]);
    const citizen = await hub.token({ role: "CITIZEN" });
    const request = await requestConsult(hub, citizen, day);

    expect(await errorCode(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "10:30"), endsAt: hanoi(day, "11:30") }, lawyer)).toBe("CONFLICT");
    expect((await read(request.id, citizen)).status).toBe("REQUESTED");
    await ok(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, "11:00"), endsAt: hanoi(day, "11:30") }, lawyer);

    expect(await errorCode(hub.url, `mutation($s: [SlotInput!]!) { publishConsultSlots(slots: $s) { id } }`, { s: [slot(day, "11:15", "11:45", "PHONE")] }, lawyer)).toBe(
      "CONFLICT",
    );
    const mySlots = `query($from: DateTime!, $to: DateTime!) { myConsultSlots(from: $from, to: $to) { startsAt mode available } }`;
    const window = { from: hanoi(day, "00:00"), to: hanoi(day, "23:59") };
    expect((await ok(hub.url, mySlots, window, lawyer)).myConsultSlots).toEqual([
      { startsAt: hanoi(day, "10:00"), mode: "ONLINE", available: true },
      { startsAt: hanoi(day, "11:00"), mode: "PHONE", available: false },
    ]);
    await ok(hub.url, CANCEL, { id: request.id, reason: "The citizen is ill" }, lawyer);
    expect(await publish(hub, lawyer, [slot(day, "11:15", "11:45", "PHONE")])).toHaveLength(1);
    expect((await ok(hub.url, mySlots, window, lawyer)).myConsultSlots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      hanoi(day, "10:00"),
      hanoi(day, "11:15"),
    ]);
  });

  it("refuses a request with a bad window or an in-person request without a branch", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const day = workday(8);
    const request = (input: Record<string, unknown>) =>
      gql(hub.url, `mutation($input: RequestConsultInput!) { requestConsult(input: $input) { id } }`, { input }, citizen);
    const base = { topic: "LAND", mode: "PHONE", question: "?", contactName: "An", contactPhone: "0912345678" };
    const noBranch = await request({ ...base, mode: "IN_PERSON", preferredFrom: hanoi(day, "08:00"), preferredTo: hanoi(day, "12:00") });
    expect(noBranch.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.branchCode" });
    // Windows no lawyer could ever take: too short, or in person while the branches are closed.
    const tooShort = await request({ ...base, preferredFrom: hanoi(day, "09:00"), preferredTo: hanoi(day, "09:10") });
    expect(tooShort.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.preferredTo" });
    const evening = { ...base, mode: "IN_PERSON", branchCode: "HN-PASC-B01", preferredFrom: hanoi(day, "16:50"), preferredTo: hanoi(day, "21:00") };
    expect((await request(evening)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.preferredFrom" });
    const backwards = await request({ ...base, preferredFrom: hanoi(day, "12:00"), preferredTo: hanoi(day, "08:00") });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.preferredTo" });
    const badPhone = await request({ ...base, contactPhone: "12", preferredFrom: hanoi(day, "08:00"), preferredTo: hanoi(day, "12:00") });
    expect(badPhone.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.contactPhone" });
    // PostgreSQL cannot store U+0000: a clear error, not a 500.
    const nul = await request({ ...base, question: "a\u0000b", preferredFrom: hanoi(day, "08:00"), preferredTo: hanoi(day, "12:00") });
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.question" });
    const nulCode = await request({ ...base, dossierCode: "HN\u0000", preferredFrom: hanoi(day, "08:00"), preferredTo: hanoi(day, "12:00") });
    expect(nulCode.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.dossierCode" });
    expect((await ok(hub.url, MINE, {}, citizen)).myConsultBookings).toEqual([]);
  });
});
