/**
 * Lawyers come from the bar roster (real simulator over HTTP); they publish slots all or nothing;
 * a lawyer the roster no longer lists as ACTIVE can neither publish nor take, and their upcoming
 * consults are flagged to the center.
 */
import "reflect-metadata";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DEMO_ACTIVE_LAWYER, DEMO_INDIVIDUAL_LAWYER, DEMO_UNKNOWN_BAR_NUMBER } from "../../src/integrations/bar-roster/demo-roster.js";
import { constraintViolation } from "../../src/services/consult/consult-conflicts.js";
import { RosterRefreshWorker } from "../../src/services/consult/roster-refresh.worker.js";
import { type TestDatabase } from "../support/database.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import {
  book,
  hanoi,
  lawyerToken,
  newLawyer,
  publish,
  PUBLISH,
  requestConsult,
  slot,
  SLOT_FIELDS,
  staffToken,
  TAKE,
  workday,
} from "./consult-factory.js";

let hub: TestHub;
let database: TestDatabase;

useTestHub(async (started, db) => {
  hub = started;
  database = db;
});

const AVAILABLE = `query($filter: SlotFilter!) { availableSlots(filter: $filter) { ${SLOT_FIELDS} } }`;
const available = async (token: string, filter: Record<string, unknown>) =>
  (await ok(hub.url, AVAILABLE, { filter }, token)).availableSlots as Array<Record<string, any>>;

describe("lawyers from the bar association's roster", () => {
  it("makes a lawyer's record on first use, from the roster", async () => {
    const token = await lawyerToken(hub, DEMO_ACTIVE_LAWYER);
    const { viewer } = await ok(hub.url, `{ viewer { lawyer { barNumber fullName kind specialties verified lawFirm { code } } } }`, {}, token);
    expect(viewer.lawyer).toEqual({
      barNumber: "HBA-0001",
      fullName: "Nguyen Van An",
      kind: "LAWYER",
      specialties: ["LAND", "SECURITY_REGISTRATION"],
      verified: true,
      lawFirm: { code: "TRANANH-LAW" },
    });
    const citizen = await hub.token({ role: "CITIZEN" });
    const land = await ok(hub.url, `{ lawyers(topic: SECURITY_REGISTRATION) { barNumber } trainees: lawyers(kind: TRAINEE) { barNumber } }`, {}, citizen);
    expect(land.lawyers.map((l: { barNumber: string }) => l.barNumber)).toContain("HBA-0001");
    expect(land.trainees.map((l: { barNumber: string }) => l.barNumber)).not.toContain("HBA-0001");
  });

  it("refuses a bar number the roster does not list, and a token from another law firm", async () => {
    const unknown = await hub.token({ role: "LAWYER", org: "HBA", barNumber: DEMO_UNKNOWN_BAR_NUMBER });
    const day = workday(9);
    expect(await errorCode(hub.url, PUBLISH, { slots: [slot(day, "09:00", "09:30")] }, unknown)).toBe("FORBIDDEN");
    expect((await ok(hub.url, `{ viewer { lawyer { id } } }`, {}, unknown)).viewer.lawyer).toBeNull();

    const wrongFirm = await lawyerToken(hub, DEMO_INDIVIDUAL_LAWYER, "TRANANH-LAW");
    expect(await errorCode(hub.url, PUBLISH, { slots: [slot(day, "09:00", "09:30")] }, wrongFirm)).toBe("FORBIDDEN");
  });

  it("answers UPSTREAM_UNAVAILABLE when the roster cannot say whether the lawyer is active", async () => {
    const { token } = await newLawyer(hub);
    hub.partners.simulators.barRoster!.faults.failNext(1, 503);
    const response = await gql(hub.url, PUBLISH, { slots: [slot(workday(9), "09:00", "09:30")] }, token);
    expect(response.errors?.[0]?.extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(await publish(hub, token, [slot(workday(9), "09:00", "09:30")])).toHaveLength(1);
  });
});

describe("publishing slots", () => {
  it("publishes several at once and lists them by window, topic, mode and branch", async () => {
    const { member, token } = await newLawyer(hub, { practiceAreas: ["CONSTRUCTION"] });
    const day = workday(10);
    const slots = await publish(hub, token, [
      slot(day, "09:00", "09:30", "IN_PERSON", "HN-PASC-B03"),
      slot(day, "09:30", "10:00", "ONLINE"),
      slot(day, "19:00", "19:30", "PHONE"),
    ]);
    expect(slots.map((s) => [s.mode, s.branch?.code ?? null, s.available, s.lawyer.barNumber])).toEqual([
      ["IN_PERSON", "HN-PASC-B03", true, member.barNumber],
      ["ONLINE", null, true, member.barNumber],
      ["PHONE", null, true, member.barNumber],
    ]);

    const citizen = await hub.token({ role: "CITIZEN" });
    const window = { from: hanoi(day, "00:00"), to: hanoi(day, "23:59") };
    const ids = (list: Array<Record<string, any>>) => list.map((s) => s.id as string).filter((id) => slots.some((s) => s.id === id));
    expect(ids(await available(citizen, { ...window, topic: "CONSTRUCTION" }))).toEqual(slots.map((s) => s.id));
    expect(ids(await available(citizen, { ...window, topic: "FAMILY" }))).toEqual([]);
    expect(ids(await available(citizen, { ...window, mode: "PHONE" }))).toEqual([slots[2]!.id]);
    expect(ids(await available(citizen, { ...window, branchCode: "HN-PASC-B03" }))).toEqual([slots[0]!.id]);
  });

  it("refuses bad slots with the field at fault, and stores none of the batch", async () => {
    const { token } = await newLawyer(hub);
    const day = workday(11);
    const saturday = new Date(`${day}T00:00:00Z`);
    saturday.setUTCDate(saturday.getUTCDate() + ((6 - saturday.getUTCDay() + 7) % 7));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...slot(day, "09:00", "09:30"), branchCode: null }, "slots.1.branchCode"],
      [slot(day, "16:45", "17:30"), "slots.1.startsAt"],
      [slot(saturday.toISOString().slice(0, 10), "13:00", "14:00"), "slots.1.startsAt"],
      [{ ...slot(day, "10:00", "10:30"), endsAt: hanoi(day, "09:45") }, "slots.1.endsAt"],
      [{ ...slot(day, "10:00", "10:30"), startsAt: "2020-01-06T02:00:00Z", endsAt: "2020-01-06T02:30:00Z" }, "slots.1.startsAt"],
      [{ ...slot(day, "20:00", "20:30", "PHONE"), branchCode: "HN-PASC-B01" }, "slots.1.branchCode"],
    ];
    for (const [bad, field] of cases) {
      const response = await gql(hub.url, PUBLISH, { slots: [slot(day, "08:00", "08:30"), bad] }, token);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const citizen = await hub.token({ role: "CITIZEN" });
    const mine = (await available(citizen, { from: hanoi(day, "00:00"), to: hanoi(day, "23:59") })).filter((s) => s.startsAt === hanoi(day, "08:00"));
    expect(mine).toEqual([]);
  });

  it("refuses overlaps, among the given slots or with stored ones, as CONFLICT with nothing stored", async () => {
    const { member, token } = await newLawyer(hub);
    const day = workday(12);
    const overlapping = [slot(day, "08:00", "08:30"), slot(day, "09:00", "10:00"), slot(day, "09:30", "10:30", "ONLINE")];
    expect(await errorCode(hub.url, PUBLISH, { slots: overlapping }, token)).toBe("CONFLICT");

    await publish(hub, token, [slot(day, "09:00", "10:00")]);
    expect(await errorCode(hub.url, PUBLISH, { slots: [slot(day, "11:00", "11:30"), slot(day, "09:45", "10:15", "PHONE")] }, token)).toBe(
      "CONFLICT",
    );
    // Back to back is fine: the ranges are half-open.
    await publish(hub, token, [slot(day, "10:00", "10:30")]);

    const citizen = await hub.token({ role: "CITIZEN" });
    const listed = (await available(citizen, { from: hanoi(day, "00:00"), to: hanoi(day, "23:59") })).filter(
      (s) => s.lawyer.barNumber === member.barNumber,
    );
    expect(listed.map((s) => s.startsAt)).toEqual([hanoi(day, "09:00"), hanoi(day, "10:00")]);
  });

  it("is the database's own rule: an overlapping slot written with SQL is refused (23P01)", async () => {
    const { member, token: lawyer } = await newLawyer(hub);
    const day = workday(12);
    await publish(hub, lawyer, [slot(day, "09:00", "10:00", "ONLINE")]);
    const insert = database.handle.db.execute(sql`
      insert into consult_slots (lawyer_id, starts_at, ends_at, mode)
      select id, ${hanoi(day, "09:59")}::timestamptz, ${hanoi(day, "10:30")}::timestamptz, 'PHONE' from lawyers where bar_number = ${member.barNumber}`);
    const error = await insert.then(() => null, (e: unknown) => e);
    expect(constraintViolation(error)).toEqual({ code: "23P01", constraint: "consult_slots_lawyer_no_overlap" });
  });

  it("asks for a window of at most 31 days and a known branch", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const response = await gql(hub.url, AVAILABLE, { filter: { from: "2027-01-01T00:00:00Z", to: "2027-03-01T00:00:00Z" } }, citizen);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.to" });
    const unknown = await gql(hub.url, AVAILABLE, { filter: { from: "2027-01-01T00:00:00Z", to: "2027-01-02T00:00:00Z", branchCode: "X".repeat(100_000) } }, citizen);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.branchCode" });
    expect(unknown.errors![0]!.message.length).toBeLessThan(200);
  });
});

describe("a lawyer the roster suspends", () => {
  it("cannot publish, take or complete; their upcoming consults are flagged to the center", async () => {
    const { member, token } = await newLawyer(hub, { practiceAreas: ["FAMILY"] });
    const day = workday(13);
    const [booked, free] = await publish(hub, token, [slot(day, "09:00", "09:30"), slot(day, "10:00", "10:30")]);
    const citizen = await hub.token({ role: "CITIZEN" });
    const booking = await book(hub, citizen, booked!.id, { topic: "FAMILY" });
    const request = await requestConsult(hub, citizen, workday(14), { topic: "FAMILY" });

    hub.partners.simulators.barRoster!.setStatus(member.barNumber, "SUSPENDED");
    hub.partners.barRoster.forget(member.barNumber); // the adapter caches answers for two minutes

    expect(await errorCode(hub.url, PUBLISH, { slots: [slot(day, "11:00", "11:30")] }, token)).toBe("FORBIDDEN");
    const take = { id: request.id, startsAt: hanoi(workday(14), "09:00"), endsAt: hanoi(workday(14), "09:30") };
    expect(await errorCode(hub.url, TAKE, take, token)).toBe("FORBIDDEN");
    const complete = `mutation($id: ID!) { completeConsultBooking(id: $id, outcome: "Advice given") { id } }`;
    expect(await errorCode(hub.url, complete, { id: booking.id }, token)).toBe("FORBIDDEN");

    const staff = await staffToken(hub);
    const { flaggedConsultBookings } = await ok(hub.url, `{ flaggedConsultBookings { id status flaggedAt flagReason lawyer { verified } } }`, {}, staff);
    expect(flaggedConsultBookings).toEqual([
      { id: booking.id, status: "CONFIRMED", flaggedAt: expect.any(String), flagReason: expect.stringContaining("SUSPENDED"), lawyer: { verified: false } },
    ]);
    // The citizen sees no flag (the center follows it up), and the lawyer's free slot is no longer offered.
    const seen = await ok(hub.url, `query($id: ID!, $slot: ID!) { consultBooking(id: $id) { flagReason } node(id: $slot) { ... on ConsultSlot { available } } }`, { id: booking.id, slot: free!.id }, citizen);
    expect(seen).toEqual({ consultBooking: { flagReason: null }, node: { available: false } });
    const other = await hub.token({ role: "CITIZEN" });
    expect(await errorCode(hub.url, `mutation($s: ID!, $i: BookConsultInput!) { bookConsultSlot(slotId: $s, input: $i) { id } }`, {
      s: free!.id,
      i: { topic: "FAMILY", question: "?", contactName: "A", contactPhone: "0911111111" },
    }, other)).toBe("CONFLICT");

    hub.partners.simulators.barRoster!.setStatus(member.barNumber, "ACTIVE");
    hub.partners.barRoster.forget(member.barNumber);
    await publish(hub, token, [slot(day, "11:00", "11:30")]);
    expect((await ok(hub.url, `{ flaggedConsultBookings { id } }`, {}, staff)).flaggedConsultBookings).toEqual([]);
  });

  it("is caught by the roster refresh even without signing in, and their consults are flagged", async () => {
    const { member, token } = await newLawyer(hub, { practiceAreas: ["BUSINESS"] });
    const [open] = await publish(hub, token, [slot(workday(17), "09:00", "09:30", "ONLINE")]);
    const booking = await book(hub, await hub.token({ role: "CITIZEN" }), open!.id, { topic: "BUSINESS" });

    hub.partners.simulators.barRoster!.setStatus(member.barNumber, "DISBARRED");
    hub.partners.barRoster.forget(member.barNumber);
    const worker = hub.hub.services.workers.find((w): w is RosterRefreshWorker => w instanceof RosterRefreshWorker)!;
    await worker.refreshAll();

    const staff = await staffToken(hub);
    const { flaggedConsultBookings } = await ok(hub.url, `{ flaggedConsultBookings { id flagReason } }`, {}, staff);
    expect(flaggedConsultBookings).toContainEqual({ id: booking.id, flagReason: expect.stringContaining("DISBARRED") });
    const { lawyers } = await ok(hub.url, `query($t: ConsultTopic) { lawyers(topic: $t) { barNumber verified } }`, { t: "BUSINESS" }, staff);
    expect(lawyers).toContainEqual({ barNumber: member.barNumber, verified: false });
  });
});
