/**
 * Working days and due dates (SPEC §2), against the real seeded calendar for 2025–2027.
 * Pure: no database. Instants are written in Hanoi local time (UTC+7) and checked in UTC.
 */
import { describe, expect, it } from "vitest";
import { workingCalendar } from "../../src/db/seed/catalog-data.js";
import { fromHanoiLocal, toHanoiLocal, WorkingCalendar, type DueRule } from "../../src/services/partner/working-calendar.js";

const calendar = new WorkingCalendar(workingCalendar.map((d) => ({ day: d.day, kind: d.kind })));

const days = (n: number): DueRule => ({ processingDays: n, sameDayCutoff: null });
/** Decree 99/2022 art. 16: same day when received on a working day before 15:00. */
const securityRegistration: DueRule = { processingDays: 0, sameDayCutoff: "15:00" };

/** 17:00 Hanoi time on `day`, as the UTC ISO string `dueAt` must produce (10:00 UTC). */
const fivePm = (day: string) => `${day}T10:00:00.000Z`;
const due = (day: string, time: string, rule: DueRule) => calendar.dueAt(fromHanoiLocal(day, time), rule).toISOString();

describe("toHanoiLocal / fromHanoiLocal", () => {
  it("fromHanoiLocal reads a local day and time at UTC+7", () => {
    expect(fromHanoiLocal("2025-04-25", "10:00").toISOString()).toBe("2025-04-25T03:00:00.000Z");
    expect(fromHanoiLocal("2025-04-25", "17:00").toISOString()).toBe("2025-04-25T10:00:00.000Z");
    expect(fromHanoiLocal("2025-04-25", "06:30:15").toISOString()).toBe("2025-04-24T23:30:15.000Z");
  });

  it("toHanoiLocal gives the local date, not the UTC one", () => {
    // 20:00 UTC on 9 June is 03:00 on 10 June in Hanoi.
    expect(toHanoiLocal(new Date("2025-06-09T20:00:00Z"))).toEqual({ day: "2025-06-10", time: "03:00:00" });
    // Local midnight is 17:00 UTC the day before.
    expect(toHanoiLocal(new Date("2025-06-09T16:59:59Z"))).toEqual({ day: "2025-06-09", time: "23:59:59" });
    expect(toHanoiLocal(new Date("2025-06-09T17:00:00Z"))).toEqual({ day: "2025-06-10", time: "00:00:00" });
  });

  it("round-trips", () => {
    const instant = fromHanoiLocal("2026-12-31", "23:30");
    expect(instant.toISOString()).toBe("2026-12-31T16:30:00.000Z");
    expect(toHanoiLocal(instant)).toEqual({ day: "2026-12-31", time: "23:30:00" });
  });
});

describe("WorkingCalendar.isWorkingDay", () => {
  it("weekdays are working days, weekends are not", () => {
    // Mon 9 – Fri 13 June 2025: no holidays that week.
    for (const day of ["2025-06-09", "2025-06-10", "2025-06-11", "2025-06-12", "2025-06-13"]) {
      expect(calendar.isWorkingDay(day), day).toBe(true);
    }
    for (const day of ["2025-06-07", "2025-06-08", "2025-06-14", "2025-06-15", "2026-03-07", "2027-03-07"]) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
  });

  it("30 April – 2 May 2025 are holidays; 2 May is the swapped day off; Saturday 26 April is worked", () => {
    expect(calendar.isWorkingDay("2025-04-25")).toBe(true); // Fri
    expect(calendar.isWorkingDay("2025-04-26")).toBe(true); // Sat, working in exchange for 2 May
    expect(calendar.isWorkingDay("2025-04-27")).toBe(false); // Sun
    expect(calendar.isWorkingDay("2025-04-28")).toBe(true); // Mon
    expect(calendar.isWorkingDay("2025-04-29")).toBe(true); // Tue
    expect(calendar.isWorkingDay("2025-04-30")).toBe(false); // Wed, Reunification Day
    expect(calendar.isWorkingDay("2025-05-01")).toBe(false); // Thu, Labour Day
    expect(calendar.isWorkingDay("2025-05-02")).toBe(false); // Fri, swapped day off
    expect(calendar.isWorkingDay("2025-05-03")).toBe(false); // Sat
    expect(calendar.isWorkingDay("2025-05-04")).toBe(false); // Sun
    expect(calendar.isWorkingDay("2025-05-05")).toBe(true); // Mon
    // Other Saturdays stay days off.
    expect(calendar.isWorkingDay("2025-04-19")).toBe(false);
    expect(calendar.isWorkingDay("2025-05-10")).toBe(false);
  });

  it("Tet 2025: Mon 27 – Fri 31 January are holidays", () => {
    expect(calendar.isWorkingDay("2025-01-24")).toBe(true); // Fri before
    for (const day of ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"]) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
    expect(calendar.isWorkingDay("2025-02-03")).toBe(true); // Mon after
  });

  it("Tet 2026: Mon 16 – Fri 20 February are holidays", () => {
    expect(calendar.isWorkingDay("2026-02-13")).toBe(true); // Fri before
    for (const day of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
    expect(calendar.isWorkingDay("2026-02-23")).toBe(true); // Mon after
  });

  it("New Year's Day is a holiday in every covered year", () => {
    expect(calendar.isWorkingDay("2025-01-01")).toBe(false); // Wed
    expect(calendar.isWorkingDay("2026-01-01")).toBe(false); // Thu
    expect(calendar.isWorkingDay("2027-01-01")).toBe(false); // Fri
  });
});

describe("WorkingCalendar.nextWorkingDay", () => {
  it("skips weekends and holidays, and counts a working Saturday", () => {
    expect(calendar.nextWorkingDay("2025-06-13")).toBe("2025-06-16"); // Fri → Mon
    expect(calendar.nextWorkingDay("2025-04-25")).toBe("2025-04-26"); // Fri → working Sat
    expect(calendar.nextWorkingDay("2025-04-29")).toBe("2025-05-05"); // Tue → over 30 Apr–4 May
    expect(calendar.nextWorkingDay("2025-01-24")).toBe("2025-02-03"); // over Tet 2025
    expect(calendar.nextWorkingDay("2026-02-13")).toBe("2026-02-23"); // over Tet 2026
    expect(calendar.nextWorkingDay("2026-12-31")).toBe("2027-01-04"); // over New Year 2027 and a weekend
  });
});

describe("WorkingCalendar.dueAt with processing days", () => {
  it("15 working days from Friday 25 April 2025 10:00 is Tuesday 20 May 2025 17:00", () => {
    // The day of receipt is not counted. Working days after Fri 25 Apr:
    //  1 Sat 26 Apr (working Saturday)   — Sun 27 Apr skipped
    //  2 Mon 28 Apr   3 Tue 29 Apr       — Wed 30 Apr, Thu 1 May, Fri 2 May holidays; Sat 3, Sun 4 weekend
    //  4 Mon 5 May    5 Tue 6 May    6 Wed 7 May    7 Thu 8 May    8 Fri 9 May     — weekend
    //  9 Mon 12 May  10 Tue 13 May  11 Wed 14 May  12 Thu 15 May  13 Fri 16 May    — weekend
    // 14 Mon 19 May  15 Tue 20 May
    expect(due("2025-04-25", "10:00", days(15))).toBe(fivePm("2025-05-20"));
    expect(due("2025-04-25", "10:00", days(15))).toBe("2025-05-20T10:00:00.000Z");
  });

  it("5 working days across a weekend", () => {
    // Thu 5 Jun 2025: 1 Fri 6, (Sat 7, Sun 8), 2 Mon 9, 3 Tue 10, 4 Wed 11, 5 Thu 12.
    expect(due("2025-06-05", "09:00", days(5))).toBe(fivePm("2025-06-12"));
    // Received on a Saturday: 1 Mon 9, 2 Tue 10, 3 Wed 11, 4 Thu 12, 5 Fri 13.
    expect(due("2025-06-07", "11:00", days(5))).toBe(fivePm("2025-06-13"));
  });

  it("the time of day does not change the count (no cut-off)", () => {
    expect(due("2025-06-05", "00:00", days(5))).toBe(fivePm("2025-06-12"));
    expect(due("2025-06-05", "23:59", days(5))).toBe(fivePm("2025-06-12"));
  });

  it("a dossier received in December 2026 is due in 2027", () => {
    // Thu 24 Dec 2026: 1 Fri 25, (weekend), 2 Mon 28, 3 Tue 29, 4 Wed 30, 5 Thu 31,
    // Fri 1 Jan 2027 holiday, (weekend), 6 Mon 4, 7 Tue 5, 8 Wed 6, 9 Thu 7, 10 Fri 8 Jan 2027.
    expect(due("2026-12-24", "10:00", days(10))).toBe(fivePm("2027-01-08"));
  });

  it("counts over Tet", () => {
    // Fri 24 Jan 2025, 1 day: Tet 27–31 Jan and two weekends skipped → Mon 3 Feb.
    expect(due("2025-01-24", "10:00", days(1))).toBe(fivePm("2025-02-03"));
    // Thu 12 Feb 2026, 3 days: 1 Fri 13, (weekend, Tet 16–20, weekend), 2 Mon 23, 3 Tue 24.
    expect(due("2026-02-12", "10:00", days(3))).toBe(fivePm("2026-02-24"));
  });

  it("uses the Hanoi date of receipt, not the UTC one", () => {
    // 20:00 UTC Mon 9 Jun = 03:00 Tue 10 Jun in Hanoi: 1 Wed 11, 2 Thu 12, 3 Fri 13, 4 Mon 16, 5 Tue 17.
    // (Counting from the UTC date would give Mon 16.)
    expect(calendar.dueAt(new Date("2025-06-09T20:00:00Z"), days(5)).toISOString()).toBe(fivePm("2025-06-17"));
  });
});

describe("WorkingCalendar.dueAt for security registration (same day before 15:00)", () => {
  it("received on a working day before 15:00 → 17:00 the same day", () => {
    expect(due("2025-06-10", "14:59", securityRegistration)).toBe(fivePm("2025-06-10"));
    expect(due("2025-06-10", "14:59:59", securityRegistration)).toBe(fivePm("2025-06-10"));
    expect(due("2025-06-10", "08:00", securityRegistration)).toBe(fivePm("2025-06-10"));
  });

  it("received at 15:00 or later → 17:00 the next working day", () => {
    expect(due("2025-06-10", "15:00", securityRegistration)).toBe(fivePm("2025-06-11"));
    expect(due("2025-06-10", "15:00:01", securityRegistration)).toBe(fivePm("2025-06-11"));
    expect(due("2025-06-10", "18:30", securityRegistration)).toBe(fivePm("2025-06-11"));
    // Friday afternoon → Monday.
    expect(due("2025-06-13", "16:00", securityRegistration)).toBe(fivePm("2025-06-16"));
  });

  it("received on a weekend → 17:00 the next working day (Monday)", () => {
    expect(due("2025-06-07", "10:00", securityRegistration)).toBe(fivePm("2025-06-09")); // Sat
    expect(due("2025-06-08", "10:00", securityRegistration)).toBe(fivePm("2025-06-09")); // Sun
  });

  it("received on the working Saturday 26 April 2025 before 15:00 → that day", () => {
    expect(due("2025-04-26", "10:00", securityRegistration)).toBe(fivePm("2025-04-26"));
    // After the cut-off on Sat 26 Apr: Sun 27 skipped → Mon 28.
    expect(due("2025-04-26", "15:30", securityRegistration)).toBe(fivePm("2025-04-28"));
  });

  it("received Tuesday 29 April 2025 16:00 → Monday 5 May 2025 17:00", () => {
    // 30 Apr, 1 May, 2 May holidays; 3–4 May weekend.
    expect(due("2025-04-29", "16:00", securityRegistration)).toBe(fivePm("2025-05-05"));
    expect(due("2025-04-29", "16:00", securityRegistration)).toBe("2025-05-05T10:00:00.000Z");
  });

  it("received on a holiday, even in the morning → next working day", () => {
    expect(due("2025-04-30", "09:00", securityRegistration)).toBe(fivePm("2025-05-05"));
    expect(due("2026-02-18", "09:00", securityRegistration)).toBe(fivePm("2026-02-23")); // Tet 2026
    expect(due("2027-01-01", "09:00", securityRegistration)).toBe(fivePm("2027-01-04"));
  });

  it("applies the cut-off to Hanoi local time", () => {
    // 07:59 UTC = 14:59 Hanoi → same day; 08:00 UTC = 15:00 Hanoi → next working day.
    expect(calendar.dueAt(new Date("2025-06-10T07:59:00Z"), securityRegistration).toISOString()).toBe(fivePm("2025-06-10"));
    expect(calendar.dueAt(new Date("2025-06-10T08:00:00Z"), securityRegistration).toISOString()).toBe(fivePm("2025-06-11"));
    // 20:00 UTC Mon 9 Jun = 03:00 Tue 10 Jun in Hanoi → due Tue 10 Jun 17:00.
    expect(calendar.dueAt(new Date("2025-06-09T20:00:00Z"), securityRegistration).toISOString()).toBe(fivePm("2025-06-10"));
    // 20:00 UTC Sun 8 Jun = 03:00 Mon 9 Jun in Hanoi → due that Monday.
    expect(calendar.dueAt(new Date("2025-06-08T20:00:00Z"), securityRegistration).toISOString()).toBe(fivePm("2025-06-09"));
  });
});
