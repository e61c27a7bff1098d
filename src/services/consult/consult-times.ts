/**
 * When a consult may take place (SPEC §4, issue 5 "Times"). Pure rules, tested without a database:
 * instants are compared as instants; opening hours are Asia/Ho_Chi_Minh local times.
 */
import type { ConsultModeName } from "../../db/queries/consult.js";
import { badInput } from "../../errors.js";
import { fromHanoiLocal, toHanoiLocal, type WorkingCalendar } from "../partner/working-calendar.js";

const SLOT_MIN_MINUTES = 15;
const SLOT_MAX_MINUTES = 4 * 60;
export const MAX_SLOTS_PER_CALL = 50;
/** How far ahead slots may be published and consults requested. */
const BOOKING_HORIZON_DAYS = 365;
/** The longest window availableSlots and a request's preferred window may span. */
const MAX_WINDOW_DAYS = 31;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface OpeningHours {
  /** Local "HH:MM:SS". */
  opens: string;
  closes: string;
}

/**
 * The center's hours on a local day: Monday–Friday 08:00–17:00 and Saturday mornings 08:00–12:00;
 * closed on Sundays and public holidays. A Saturday the calendar makes a working day (worked in
 * exchange for a holiday) has full weekday hours.
 */
export function openingHours(localDay: string, calendar: WorkingCalendar): OpeningHours | null {
  if (calendar.isWorkingDay(localDay)) return { opens: "08:00:00", closes: "17:00:00" };
  const weekday = new Date(`${localDay}T00:00:00Z`).getUTCDay();
  if (weekday === 6 && !calendar.isHoliday(localDay)) return { opens: "08:00:00", closes: "12:00:00" };
  return null;
}

export interface ConsultTime {
  startsAt: Date;
  endsAt: Date;
  mode: ConsultModeName;
}

/**
 * A slot (or the time chosen for a request) the center can honour: ends after it starts, lasts
 * 15 minutes to 4 hours, starts in the future and within the horizon, and — when in person —
 * lies within the opening hours of one day. `field` prefixes the BAD_USER_INPUT field names.
 */
export function assertConsultTime(field: string, time: ConsultTime, now: Date, calendar: WorkingCalendar): void {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  const { startsAt, endsAt } = time;
  if (endsAt.getTime() <= startsAt.getTime()) throw badInput(at("endsAt"), "endsAt must be after startsAt");
  const minutes = (endsAt.getTime() - startsAt.getTime()) / MINUTE;
  if (minutes < SLOT_MIN_MINUTES || minutes > SLOT_MAX_MINUTES) {
    throw badInput(at("endsAt"), `A consult lasts from ${SLOT_MIN_MINUTES} minutes to ${SLOT_MAX_MINUTES / 60} hours`);
  }
  if (startsAt.getTime() <= now.getTime()) throw badInput(at("startsAt"), "startsAt must be in the future");
  if (startsAt.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * DAY) {
    throw badInput(at("startsAt"), `startsAt must be within ${BOOKING_HORIZON_DAYS} days`);
  }
  if (time.mode === "IN_PERSON") assertWithinOpeningHours(at("startsAt"), startsAt, endsAt, calendar);
}

function assertWithinOpeningHours(field: string, startsAt: Date, endsAt: Date, calendar: WorkingCalendar): void {
  const start = toHanoiLocal(startsAt);
  const end = toHanoiLocal(endsAt);
  const hours = openingHours(start.day, calendar);
  if (!hours) {
    throw badInput(field, `The center's branches are closed on ${start.day} (Asia/Ho_Chi_Minh): in-person consults are held Monday–Friday 08:00–17:00 and Saturday 08:00–12:00, not on public holidays`);
  }
  // An end at exactly midnight would be the next local day; the hours end long before that anyway.
  if (start.time < hours.opens || end.day !== start.day || end.time > hours.closes) {
    throw badInput(
      field,
      `In-person consults on ${start.day} must lie within ${hours.opens.slice(0, 5)}–${hours.closes.slice(0, 5)} Asia/Ho_Chi_Minh`,
    );
  }
}

/** A window [from, to) a client asks about: to after from, at most MAX_WINDOW_DAYS long. */
export function assertWindow(fields: { from: string; to: string }, from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) throw badInput(fields.to, `${fields.to} must be after ${fields.from}`);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
    throw badInput(fields.to, `The window may span at most ${MAX_WINDOW_DAYS} days`);
  }
}

/**
 * A request's preferred window [from, to) (fields `${field}.preferredFrom|To`): a window a client may
 * ask for, not over, starting within the horizon, and leaving room for a consult a lawyer could
 * take — SLOT_MIN_MINUTES from now on, and for IN_PERSON that much within one day's opening hours.
 * A window no lawyer could ever take would otherwise wait in the queue for nothing.
 */
export function assertPreferredWindow(field: string, window: { from: Date; to: Date; mode: ConsultModeName }, now: Date, calendar: WorkingCalendar): void {
  const fields = { from: `${field}.preferredFrom`, to: `${field}.preferredTo` };
  const { from, to } = window;
  assertWindow(fields, from, to);
  if (to.getTime() <= now.getTime()) throw badInput(fields.to, "The preferred window must not be over already");
  if (from.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * DAY) {
    throw badInput(fields.from, `The preferred window must start within ${BOOKING_HORIZON_DAYS} days`);
  }
  const start = Math.max(from.getTime(), now.getTime());
  if (to.getTime() - start < SLOT_MIN_MINUTES * MINUTE) {
    throw badInput(fields.to, `The preferred window must leave at least ${SLOT_MIN_MINUTES} minutes for the consult`);
  }
  if (window.mode === "IN_PERSON" && !opensLongEnough(new Date(start), to, calendar)) {
    throw badInput(
      fields.from,
      `The preferred window must hold at least ${SLOT_MIN_MINUTES} minutes of the branches' opening hours (Asia/Ho_Chi_Minh: Monday–Friday 08:00–17:00, Saturday 08:00–12:00, not on public holidays)`,
    );
  }
}

/** Whether [from, to) holds SLOT_MIN_MINUTES of one day's opening hours. */
function opensLongEnough(from: Date, to: Date, calendar: WorkingCalendar): boolean {
  const lastDay = toHanoiLocal(to).day;
  for (let day = toHanoiLocal(from).day; day <= lastDay; day = toHanoiLocal(new Date(fromHanoiLocal(day, "12:00").getTime() + DAY)).day) {
    const hours = openingHours(day, calendar);
    if (!hours) continue;
    const opens = Math.max(from.getTime(), fromHanoiLocal(day, hours.opens).getTime());
    const closes = Math.min(to.getTime(), fromHanoiLocal(day, hours.closes).getTime());
    if (closes - opens >= SLOT_MIN_MINUTES * MINUTE) return true;
  }
  return false;
}
