/**
 * Factories for consult tests: roster members added to the bundled roster simulator, lawyer and
 * citizen tokens, slot times on the center's working days, and the mutations through the API.
 */
import { workingCalendar } from "../../src/db/seed/catalog-data.js";
import type { RosterMember } from "../../src/integrations/bar-roster/types.js";
import { WorkingCalendar } from "../../src/services/partner/working-calendar.js";
import { ok } from "../support/graphql.js";
import type { TestHub } from "../support/hub.js";

const calendar = new WorkingCalendar(workingCalendar.map((d) => ({ day: d.day, kind: d.kind })));
let serial = 0;

/** A roster member of TRANANH-LAW, ACTIVE unless told otherwise, with a bar number no other test uses. */
export function addRosterMember(hub: TestHub, overrides: Partial<RosterMember> = {}): RosterMember {
  serial += 1;
  const member: RosterMember = {
    barNumber: `HBA-T${process.pid}-${serial}`,
    fullName: `Test Lawyer ${serial}`,
    kind: "LAWYER",
    status: "ACTIVE",
    lawFirmCode: "TRANANH-LAW",
    practiceAreas: ["LAND"],
    ...overrides,
  };
  hub.partners.simulators.barRoster!.upsert(member);
  return member;
}

export function lawyerToken(hub: TestHub, member: Pick<RosterMember, "barNumber" | "lawFirmCode">, org?: string) {
  return hub.token({ role: "LAWYER", org: org ?? member.lawFirmCode ?? "HBA", barNumber: member.barNumber, sub: `lawyer-${member.barNumber}` });
}

/** A new member and a token for them. */
export async function newLawyer(hub: TestHub, overrides: Partial<RosterMember> = {}) {
  const member = addRosterMember(hub, overrides);
  return { member, token: await lawyerToken(hub, member) };
}

export const staffToken = (hub: TestHub) => hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });

/** A working weekday (Asia/Ho_Chi_Minh) at least `daysAhead` days after `from`. */
export function workday(daysAhead: number, from = new Date()): string {
  let day = new Date(from.getTime() + daysAhead * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
  while (!calendar.isWorkingDay(day)) day = new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  return day;
}

/** An instant given as local Hanoi day and "HH:MM", as an ISO string. */
export const hanoi = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`).toISOString();

export function slot(day: string, from: string, to: string, mode: "IN_PERSON" | "ONLINE" | "PHONE" = "IN_PERSON", branchCode = "HN-PASC-B01") {
  return { startsAt: hanoi(day, from), endsAt: hanoi(day, to), mode, branchCode: mode === "IN_PERSON" ? branchCode : null };
}

export const SLOT_FIELDS = `id startsAt endsAt mode available branch { code } lawyer { barNumber fullName verified }`;
export const BOOKING_FIELDS = `id status topic mode question startsAt endsAt outcome createdAt cancelReason
  lawyer { id barNumber } branch { code } dossier { code } contact { fullName phone }`;

export const PUBLISH = `mutation($slots: [SlotInput!]!) { publishConsultSlots(slots: $slots) { ${SLOT_FIELDS} } }`;
export const BOOK = `mutation($slotId: ID!, $input: BookConsultInput!) { bookConsultSlot(slotId: $slotId, input: $input) { ${BOOKING_FIELDS} } }`;
const REQUEST = `mutation($input: RequestConsultInput!) { requestConsult(input: $input) { ${BOOKING_FIELDS} } }`;
export const TAKE = `mutation($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!) {
  takeConsultRequest(id: $id, startsAt: $startsAt, endsAt: $endsAt) { ${BOOKING_FIELDS} } }`;

export async function publish(hub: TestHub, token: string, slots: ReturnType<typeof slot>[]) {
  return (await ok(hub.url, PUBLISH, { slots }, token)).publishConsultSlots as Array<Record<string, any>>;
}

export function bookInput(overrides: Record<string, unknown> = {}) {
  return { topic: "LAND", question: "Can my neighbour build on the shared boundary?", contactName: "Le Thi Hoa", contactPhone: "0912345678", ...overrides };
}

export async function book(hub: TestHub, token: string, slotId: string, overrides: Record<string, unknown> = {}) {
  return (await ok(hub.url, BOOK, { slotId, input: bookInput(overrides) }, token)).bookConsultSlot as Record<string, any>;
}

function requestInput(day: string, overrides: Record<string, unknown> = {}) {
  return {
    topic: "LAND",
    mode: "PHONE",
    question: "How do I register an inheritance of land?",
    preferredFrom: hanoi(day, "08:00"),
    preferredTo: hanoi(day, "17:00"),
    contactName: "Tran Van Nam",
    contactPhone: "0987654321",
    ...overrides,
  };
}

export async function requestConsult(hub: TestHub, token: string, day: string, overrides: Record<string, unknown> = {}) {
  return (await ok(hub.url, REQUEST, { input: requestInput(day, overrides) }, token)).requestConsult as Record<string, any>;
}
