/**
 * Working days and due dates in Asia/Ho_Chi_Minh (UTC+7 all year: Vietnam keeps no daylight
 * saving time, so a fixed offset is exact). Monday–Friday are working days unless the calendar
 * table says a day is a holiday; a Saturday the table marks as a working day counts too.
 */
const HANOI_OFFSET_MINUTES = 7 * 60;
/** Results are due at the end of the working day. */
const DUE_LOCAL_TIME = "17:00";

export interface CalendarException {
  day: string;
  kind: "HOLIDAY" | "WORKING_DAY";
}

export interface DueRule {
  processingDays: number;
  /** "HH:MM[:SS]" local; received on a working day before it, due the same day (Decree 99/2022 art. 16). */
  sameDayCutoff: string | null;
}

export class WorkingCalendar {
  private readonly exceptions: Map<string, CalendarException["kind"]>;

  constructor(days: CalendarException[]) {
    this.exceptions = new Map(days.map((d) => [d.day, d.kind]));
  }

  isWorkingDay(localDay: string): boolean {
    const exception = this.exceptions.get(localDay);
    if (exception) return exception === "WORKING_DAY";
    const weekday = new Date(`${localDay}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /** A public holiday (or a day off in compensation) of the calendar table. */
  isHoliday(localDay: string): boolean {
    return this.exceptions.get(localDay) === "HOLIDAY";
  }

  nextWorkingDay(localDay: string): string {
    let day = addDays(localDay, 1);
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  /** When a dossier received at `receivedAt` is due. */
  dueAt(receivedAt: Date, rule: DueRule): Date {
    const { day, time } = toHanoiLocal(receivedAt);
    let dueDay: string;
    if (rule.sameDayCutoff !== null) {
      const beforeCutoff = time < normalizeTime(rule.sameDayCutoff);
      dueDay = this.isWorkingDay(day) && beforeCutoff ? day : this.nextWorkingDay(day);
    } else {
      // The day of receipt is not counted: N working days after it.
      dueDay = day;
      for (let i = 0; i < rule.processingDays; i++) dueDay = this.nextWorkingDay(dueDay);
      if (rule.processingDays === 0 && !this.isWorkingDay(dueDay)) dueDay = this.nextWorkingDay(dueDay);
    }
    return fromHanoiLocal(dueDay, DUE_LOCAL_TIME);
  }
}

export function toHanoiLocal(instant: Date): { day: string; time: string } {
  const shifted = new Date(instant.getTime() + HANOI_OFFSET_MINUTES * 60_000).toISOString();
  return { day: shifted.slice(0, 10), time: shifted.slice(11, 19) };
}

/** "2025-06-12 17:00" in Hanoi time, for notes people read (the receipt slip's appointment). */
export function formatHanoiLocal(instant: Date): string {
  const { day, time } = toHanoiLocal(instant);
  return `${day} ${time.slice(0, 5)}`;
}

export function fromHanoiLocal(day: string, time: string): Date {
  return new Date(`${day}T${normalizeTime(time)}+07:00`);
}

function normalizeTime(time: string): string {
  return time.length === 5 ? `${time}:00` : time;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
