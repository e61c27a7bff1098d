/**
 * The pure consult rules: opening hours in Asia/Ho_Chi_Minh, slot lengths, windows, and the
 * booking status machine. No database.
 */
import { describe, expect, it } from "vitest";
import { workingCalendar } from "../../src/db/seed/catalog-data.js";
import { consultMachine, type ConsultMover } from "../../src/services/consult/consult.transitions.js";
import { assertConsultTime, assertPreferredWindow, assertWindow, openingHours } from "../../src/services/consult/consult-times.js";
import { WorkingCalendar } from "../../src/services/partner/working-calendar.js";
import { HubError } from "../../src/errors.js";

const calendar = new WorkingCalendar(workingCalendar.map((d) => ({ day: d.day, kind: d.kind })));
const local = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);
const now = new Date("2027-03-01T00:00:00Z");

function failure(run: () => void): { code: string; field?: unknown } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return { code: (error as HubError).code, field: (error as HubError).extensions.field };
  }
  throw new Error("expected a failure");
}

const inPerson = (day: string, from: string, to: string) => ({ startsAt: local(day, from), endsAt: local(day, to), mode: "IN_PERSON" as const });

describe("opening hours of the center's branches", () => {
  it("are 08:00–17:00 on working weekdays and 08:00–12:00 on Saturdays", () => {
    expect(openingHours("2027-03-03", calendar)).toEqual({ opens: "08:00:00", closes: "17:00:00" }); // Wednesday
    expect(openingHours("2027-03-06", calendar)).toEqual({ opens: "08:00:00", closes: "12:00:00" }); // Saturday
    expect(openingHours("2027-03-07", calendar)).toBeNull(); // Sunday
  });

  it("are none on public holidays, full on a Saturday worked in exchange", () => {
    expect(openingHours("2027-04-30", calendar)).toBeNull(); // Reunification Day, a Friday
    expect(openingHours("2025-04-26", calendar)).toEqual({ opens: "08:00:00", closes: "17:00:00" });
  });
});

describe("a consult's time", () => {
  it("accepts an in-person hour inside the opening hours, and a phone consult at night", () => {
    assertConsultTime("slots.0", inPerson("2027-03-03", "08:00", "09:00"), now, calendar);
    assertConsultTime("slots.0", inPerson("2027-03-03", "16:00", "17:00"), now, calendar);
    assertConsultTime("slots.0", inPerson("2027-03-06", "11:30", "12:00"), now, calendar);
    assertConsultTime("slots.0", { ...inPerson("2027-03-07", "20:00", "20:30"), mode: "PHONE" }, now, calendar);
  });

  it("refuses in-person consults outside the hours, on Saturday afternoons, Sundays and holidays", () => {
    for (const time of [
      inPerson("2027-03-03", "07:45", "08:30"),
      inPerson("2027-03-03", "16:30", "17:15"),
      inPerson("2027-03-06", "11:30", "12:30"),
      inPerson("2027-03-07", "09:00", "10:00"),
      inPerson("2027-04-30", "09:00", "10:00"),
    ]) {
      expect(failure(() => assertConsultTime("slots.3", time, now, calendar))).toEqual({ code: "BAD_USER_INPUT", field: "slots.3.startsAt" });
    }
  });

  it("refuses an end before the start, lengths outside 15 minutes – 4 hours, and the past", () => {
    expect(failure(() => assertConsultTime("s", inPerson("2027-03-03", "10:00", "09:00"), now, calendar)).field).toBe("s.endsAt");
    expect(failure(() => assertConsultTime("s", inPerson("2027-03-03", "10:00", "10:10"), now, calendar)).field).toBe("s.endsAt");
    expect(failure(() => assertConsultTime("s", inPerson("2027-03-03", "08:00", "12:30"), now, calendar)).field).toBe("s.endsAt");
    expect(failure(() => assertConsultTime("s", inPerson("2027-02-26", "09:00", "10:00"), now, calendar)).field).toBe("s.startsAt");
  });

  it("checks windows: to after from, at most 31 days", () => {
    expect(failure(() => assertWindow({ from: "f", to: "t" }, local("2027-03-03", "10:00"), local("2027-03-03", "10:00"))).field).toBe("t");
    expect(failure(() => assertWindow({ from: "f", to: "t" }, local("2027-03-01", "10:00"), local("2027-04-02", "10:00"))).field).toBe("t");
  });
});

describe("a request's preferred window", () => {
  const window = (mode: "IN_PERSON" | "PHONE", day: string, from: string, toDay: string, to: string) => ({
    from: local(day, from),
    to: local(toDay, to),
    mode,
  });
  const field = (w: ReturnType<typeof window>, at = now) => failure(() => assertPreferredWindow("input", w, at, calendar)).field;

  it("leaves room for a consult of at least 15 minutes, counted from now", () => {
    expect(() => assertPreferredWindow("input", window("PHONE", "2027-03-03", "20:00", "2027-03-03", "20:15"), now, calendar)).not.toThrow();
    expect(field(window("PHONE", "2027-03-03", "20:00", "2027-03-03", "20:10"))).toBe("input.preferredTo");
    expect(field(window("PHONE", "2027-03-03", "08:00", "2027-03-03", "17:00"), local("2027-03-03", "16:50"))).toBe("input.preferredTo");
    expect(field(window("PHONE", "2027-02-26", "08:00", "2027-02-26", "17:00"))).toBe("input.preferredTo");
  });

  it("in person, holds 15 minutes of one day's opening hours", () => {
    expect(() => assertPreferredWindow("input", window("IN_PERSON", "2027-03-03", "16:45", "2027-03-03", "20:00"), now, calendar)).not.toThrow();
    expect(() => assertPreferredWindow("input", window("IN_PERSON", "2027-03-05", "18:00", "2027-03-06", "08:30"), now, calendar)).not.toThrow(); // into Saturday morning
    expect(field(window("IN_PERSON", "2027-03-03", "16:50", "2027-03-03", "21:00"))).toBe("input.preferredFrom");
    expect(field(window("IN_PERSON", "2027-03-06", "12:00", "2027-03-07", "23:00"))).toBe("input.preferredFrom"); // Saturday afternoon, Sunday
    expect(field(window("IN_PERSON", "2027-03-03", "06:00", "2027-03-03", "08:10"))).toBe("input.preferredFrom");
  });
});

describe("the booking status machine", () => {
  const statuses = ["REQUESTED", "CONFIRMED", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
  /** SPEC §4 and the brief, written here, not read from the module: who makes each move. */
  const expected: Record<string, readonly ConsultMover[]> = {
    "REQUESTED>CONFIRMED": ["QUALIFIED_LAWYER"],
    "REQUESTED>CANCELLED": ["REQUESTER", "CENTER_STAFF", "SYSTEM"],
    "CONFIRMED>COMPLETED": ["BOOKING_LAWYER"],
    "CONFIRMED>NO_SHOW": ["BOOKING_LAWYER"],
    "CONFIRMED>CANCELLED": ["REQUESTER", "BOOKING_LAWYER", "CENTER_STAFF"],
  };
  const movers: ConsultMover[] = ["REQUESTER", "CENTER_STAFF", "BOOKING_LAWYER", "QUALIFIED_LAWYER", "SYSTEM"];
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s: a move of the table exactly when the SPEC has it, for exactly its movers", (from, to) => {
    const who = expected[`${from}>${to}`];
    expect(consultMachine.canMove(from, to)).toBe(who !== undefined);
    for (const mover of movers) {
      if (!who) expect(failure(() => consultMachine.assert(from, to, [mover])).code).toBe("INVALID_TRANSITION");
      else if (who.includes(mover)) expect(() => consultMachine.assert(from, to, [mover])).not.toThrow();
      else expect(failure(() => consultMachine.assert(from, to, [mover])).code).toBe("FORBIDDEN");
    }
  });

  it("ends in COMPLETED, CANCELLED or NO_SHOW", () => {
    expect(consultMachine.finalStates().sort()).toEqual(["CANCELLED", "COMPLETED", "NO_SHOW"]);
  });
});
