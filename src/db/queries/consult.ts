import { and, arrayContains, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, max, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";
import { rowAsJson, rowFromJson } from "./json-rows.js";
import { anyId, idList, prepared } from "./prepared.js";
import { consultBookingChanges, consultBookings, consultSlots, lawyers } from "../schema/consult.js";

export type LawyerRow = typeof lawyers.$inferSelect;
export type NewLawyer = typeof lawyers.$inferInsert;
export type ConsultSlotRow = typeof consultSlots.$inferSelect;
export type NewConsultSlot = typeof consultSlots.$inferInsert;
export type ConsultBookingRow = typeof consultBookings.$inferSelect;
export type NewConsultBooking = typeof consultBookings.$inferInsert;
export type ConsultTopicName = LawyerRow["specialties"][number];
export type ConsultModeName = ConsultSlotRow["mode"];
export type BookingStatusName = ConsultBookingRow["status"];
export type LawyerKindName = LawyerRow["kind"];

/** Bookings that hold their slot: one of these per slot at most (index consult_bookings_one_per_slot). */
const slotHoldingStatuses: BookingStatusName[] = ["CONFIRMED", "COMPLETED", "NO_SHOW"];

// ---------------------------------------------------------------------------- lawyers

export async function findLawyerByBarNumber(db: Executor, barNumber: string): Promise<LawyerRow | undefined> {
  const [row] = await db.select().from(lawyers).where(eq(lawyers.barNumber, barNumber));
  return row;
}

/** Creates the lawyer on first use, or refreshes what the roster says about them. */
export async function upsertLawyer(tx: Executor, values: NewLawyer): Promise<LawyerRow> {
  const { barNumber: _barNumber, id: _id, createdAt: _createdAt, ...changes } = values;
  const [row] = await tx.insert(lawyers).values(values).onConflictDoUpdate({ target: lawyers.barNumber, set: changes }).returning();
  return row!;
}

const lawyersByIdsStatement = prepared((db) => db.select().from(lawyers).where(anyId(lawyers.id)).prepare("lawyersByIds"));

export async function lawyersByIds(db: Executor, ids: readonly string[]): Promise<LawyerRow[]> {
  return lawyersByIdsStatement(db).execute({ ids: idList(ids) });
}

export async function lawyersByBarNumbers(db: Executor, barNumbers: readonly string[]): Promise<LawyerRow[]> {
  return db.select().from(lawyers).where(inArray(lawyers.barNumber, [...barNumbers]));
}

export async function listLawyers(db: Executor, filter: { topic?: ConsultTopicName; kind?: LawyerKindName }): Promise<LawyerRow[]> {
  return db
    .select()
    .from(lawyers)
    .where(
      and(
        filter.topic ? arrayContains(lawyers.specialties, [filter.topic]) : undefined,
        filter.kind ? eq(lawyers.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(asc(lawyers.fullName), asc(lawyers.barNumber));
}

export async function anyLawyerExists(db: Executor): Promise<boolean> {
  return (await db.select({ id: lawyers.id }).from(lawyers).limit(1)).length > 0;
}

/** Lawyers whose roster status matters now: they have slots or confirmed bookings still to come. */
export async function lawyersWithFutureWork(db: Executor, now: Date): Promise<LawyerRow[]> {
  const futureSlot = db.select({ id: consultSlots.lawyerId }).from(consultSlots).where(gt(consultSlots.endsAt, now));
  return db.select().from(lawyers).where(inArray(lawyers.id, futureSlot));
}

// ---------------------------------------------------------------------------- slots

export async function insertSlots(tx: Executor, rows: NewConsultSlot[]): Promise<ConsultSlotRow[]> {
  return tx.insert(consultSlots).values(rows).returning();
}

export async function findSlot(db: Executor, id: string): Promise<ConsultSlotRow | undefined> {
  const [row] = await db.select().from(consultSlots).where(eq(consultSlots.id, id));
  return row;
}

export async function deleteSlot(tx: Executor, id: string): Promise<void> {
  await tx.delete(consultSlots).where(eq(consultSlots.id, id));
}

/** The ids among `slotIds` that a booking holds. */
export async function heldSlotIds(db: Executor, slotIds: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .select({ slotId: consultBookings.slotId })
    .from(consultBookings)
    .where(and(inArray(consultBookings.slotId, [...slotIds]), inArray(consultBookings.status, slotHoldingStatuses)));
  return new Set(rows.map((row) => row.slotId!));
}

const slotIsHeld = sql`exists (select 1 from ${consultBookings} where ${consultBookings.slotId} = ${consultSlots.id}
  and ${consultBookings.status} in ('CONFIRMED', 'COMPLETED', 'NO_SHOW'))`;

export interface SlotSearch {
  from: Date;
  to: Date;
  topic?: ConsultTopicName;
  mode?: ConsultModeName;
  branchId?: string;
  limit: number;
}

/**
 * The statement for one shape of search (which of topic, mode and branch it filters on), built and
 * prepared once per shape: values are filled in per request. PostgreSQL builds the whole answer as
 * JSON — the slots in order and, once each, the lawyers they belong to — so a week of 500 slots is
 * one row the driver parses natively, not 500 rows decoded column by column, and the lawyers come
 * in the same round trip.
 */
const availableSlotsStatements = new Map<string, ReturnType<typeof availableSlotsStatement>>();

function availableSlotsStatement(shape: { topic: boolean; mode: boolean; branch: boolean }) {
  const name = `availableSlots_${Number(shape.topic)}${Number(shape.mode)}${Number(shape.branch)}`;
  return prepared((db) => {
    // The lawyers who may be listed, as an array computed once (an InitPlan): with a join instead, the
    // generic plan PostgreSQL settles on for a prepared statement guessed one slot a week and ran a
    // nested loop over every slot × lawyer (55 ms at the bench's scale, against 6 ms now).
    const listable = db
      .select({ id: lawyers.id })
      .from(lawyers)
      .where(
        and(
          eq(lawyers.rosterStatus, "ACTIVE"),
          shape.topic ? sql`${lawyers.specialties} @> array[${sql.placeholder("topic")}::consult_topic]` : undefined,
        ),
      );
    const found = db
      .select()
      .from(consultSlots)
      .where(
        and(
          gte(consultSlots.startsAt, sql.placeholder("from")),
          lt(consultSlots.startsAt, sql.placeholder("to")),
          eq(consultSlots.origin, "PUBLISHED"),
          sql`${consultSlots.lawyerId} = any(array(${listable}))`,
          shape.mode ? eq(consultSlots.mode, sql.placeholder("mode")) : undefined,
          shape.branch ? eq(consultSlots.branchId, sql.placeholder("branchId")) : undefined,
          sql`not ${slotIsHeld}`,
        ),
      )
      .orderBy(asc(consultSlots.startsAt), asc(consultSlots.id))
      .limit(sql.placeholder("limit"));
    return db
      .select({
        slots: sql<Array<Record<string, unknown>> | null>`json_agg(${rowAsJson(consultSlots, "s")} order by s.starts_at, s.id)`,
        // array_agg over the outer rows: the lawyers of the slots found, each once.
        lawyers: sql<Array<Record<string, unknown>> | null>`(select json_agg(${rowAsJson(lawyers, "l")}) from ${lawyers} l
          where l.id = any(array_agg(distinct s.lawyer_id)))`,
      })
      .from(sql`(${found}) s`)
      .prepare(name);
  });
}

/** Published, unbooked slots of lawyers the roster lists as ACTIVE, starting in [from, to), with their lawyers. */
export async function searchAvailableSlots(db: Executor, search: SlotSearch): Promise<{ slots: ConsultSlotRow[]; lawyers: LawyerRow[] }> {
  const shape = { topic: search.topic !== undefined, mode: search.mode !== undefined, branch: search.branchId !== undefined };
  const key = `${shape.topic}${shape.mode}${shape.branch}`;
  let statement = availableSlotsStatements.get(key);
  if (!statement) availableSlotsStatements.set(key, (statement = availableSlotsStatement(shape)));
  // Instants as the drivers take them outside a column's own encoder: ISO text.
  const [row] = await statement(db).execute({ ...search, from: search.from.toISOString(), to: search.to.toISOString() });
  return {
    slots: (row?.slots ?? []).map((slot) => rowFromJson(consultSlots, slot)),
    lawyers: (row?.lawyers ?? []).map((lawyer) => rowFromJson(lawyers, lawyer)),
  };
}

/** One lawyer's slots (published or made for a request) starting in [from, to), in order. */
export async function lawyerSlots(db: Executor, lawyerId: string, from: Date, to: Date): Promise<ConsultSlotRow[]> {
  return db
    .select()
    .from(consultSlots)
    .where(and(eq(consultSlots.lawyerId, lawyerId), gte(consultSlots.startsAt, from), lt(consultSlots.startsAt, to)))
    .orderBy(asc(consultSlots.startsAt));
}

// ---------------------------------------------------------------------------- bookings

export async function insertBooking(tx: Executor, values: NewConsultBooking): Promise<ConsultBookingRow> {
  const [row] = await tx.insert(consultBookings).values(values).returning();
  return row!;
}

export async function findBooking(db: Executor, id: string): Promise<ConsultBookingRow | undefined> {
  const [row] = await db.select().from(consultBookings).where(eq(consultBookings.id, id));
  return row;
}

/** Reads the booking and locks it until the transaction ends: changes to one booking queue up. */
export async function lockBooking(tx: Executor, id: string): Promise<ConsultBookingRow | undefined> {
  const [row] = await tx.select().from(consultBookings).where(eq(consultBookings.id, id)).for("update");
  return row;
}

export async function updateBooking(tx: Executor, id: string, patch: Partial<NewConsultBooking>): Promise<ConsultBookingRow> {
  const [row] = await tx.update(consultBookings).set(patch).where(eq(consultBookings.id, id)).returning();
  return row!;
}

export async function bookingsByIds(db: Executor, ids: readonly string[]): Promise<ConsultBookingRow[]> {
  return db.select().from(consultBookings).where(inArray(consultBookings.id, [...ids]));
}

/** Whose bookings a list shows; several parts are alternatives (a caller with several roles). */
export interface BookingScope {
  requesterSubject?: string;
  bookedBySubject?: string;
  lawyerId?: string;
}

function bookingScopeCondition(scope: BookingScope): SQL {
  const parts = [
    scope.requesterSubject ? eq(consultBookings.requesterSubject, scope.requesterSubject) : undefined,
    scope.bookedBySubject ? eq(consultBookings.bookedBySubject, scope.bookedBySubject) : undefined,
    scope.lawyerId ? eq(consultBookings.lawyerId, scope.lawyerId) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  return parts.length > 0 ? or(...parts)! : sql`false`;
}

/** Newest consult first; requests (no time yet) by when they were made. */
export async function listBookings(db: Executor, scope: BookingScope, limit: number): Promise<ConsultBookingRow[]> {
  return db
    .select()
    .from(consultBookings)
    .where(bookingScopeCondition(scope))
    .orderBy(desc(sql`coalesce(${consultBookings.startsAt}, ${consultBookings.createdAt})`), desc(consultBookings.id))
    .limit(limit);
}

/** Open requests on the given topics whose preferred window has not passed, oldest first. */
export async function requestQueue(db: Executor, query: { topics: ConsultTopicName[]; now: Date; limit: number }) {
  if (query.topics.length === 0) return [];
  return db
    .select()
    .from(consultBookings)
    .where(
      and(
        eq(consultBookings.status, "REQUESTED"),
        inArray(consultBookings.topic, query.topics),
        gt(consultBookings.preferredTo, query.now),
      ),
    )
    .orderBy(asc(consultBookings.createdAt), asc(consultBookings.id))
    .limit(query.limit);
}

/** Cancels the open requests whose preferred window has passed; returns them. */
export async function expireOpenRequests(tx: Executor, now: Date, reason: string): Promise<ConsultBookingRow[]> {
  return tx
    .update(consultBookings)
    .set({ status: "CANCELLED", cancelReason: reason, updatedAt: now })
    .where(and(eq(consultBookings.status, "REQUESTED"), lte(consultBookings.preferredTo, now)))
    .returning();
}

/** Flags the lawyer's confirmed bookings still to come; returns the ones newly flagged. */
export async function flagUpcomingBookings(tx: Executor, lawyerId: string, reason: string, now: Date): Promise<ConsultBookingRow[]> {
  return tx
    .update(consultBookings)
    .set({ flaggedAt: now, flagReason: reason, updatedAt: now })
    .where(
      and(
        eq(consultBookings.lawyerId, lawyerId),
        eq(consultBookings.status, "CONFIRMED"),
        gt(consultBookings.endsAt, now),
        isNull(consultBookings.flaggedAt),
      ),
    )
    .returning();
}

/** The lawyer is ACTIVE again: their bookings need the center's attention no more. */
export async function clearFlags(tx: Executor, lawyerId: string, now: Date): Promise<ConsultBookingRow[]> {
  return tx
    .update(consultBookings)
    .set({ flaggedAt: null, flagReason: null, updatedAt: now })
    .where(and(eq(consultBookings.lawyerId, lawyerId), isNotNull(consultBookings.flaggedAt)))
    .returning();
}

export async function flaggedBookings(db: Executor, now: Date, limit: number): Promise<ConsultBookingRow[]> {
  return db
    .select()
    .from(consultBookings)
    .where(and(isNotNull(consultBookings.flaggedAt), eq(consultBookings.status, "CONFIRMED"), gt(consultBookings.endsAt, now)))
    .orderBy(asc(consultBookings.startsAt), asc(consultBookings.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------- change feed

export async function insertBookingChange(tx: Executor, booking: ConsultBookingRow, at: Date): Promise<void> {
  await tx.insert(consultBookingChanges).values({
    bookingId: booking.id,
    status: booking.status,
    topic: booking.topic,
    lawyerId: booking.lawyerId,
    requesterSubject: booking.requesterSubject,
    bookedBySubject: booking.bookedBySubject,
    at,
  });
}

export async function latestBookingChangeId(db: Executor): Promise<number> {
  const [row] = await db.select({ id: max(consultBookingChanges.id) }).from(consultBookingChanges);
  return Number(row?.id ?? 0);
}

/** What one subscriber is told about: the parts are alternatives. */
export interface ChangeAudience {
  lawyerId?: string;
  /** New and open requests on these topics. */
  requestTopics?: ConsultTopicName[];
  requesterSubject?: string;
  bookedBySubject?: string;
}

export async function bookingChangesAfter(db: Executor, after: number, audience: ChangeAudience, limit: number) {
  const c = consultBookingChanges;
  const parts = [
    audience.lawyerId ? eq(c.lawyerId, audience.lawyerId) : undefined,
    audience.requestTopics?.length ? and(eq(c.status, "REQUESTED"), inArray(c.topic, audience.requestTopics)) : undefined,
    audience.requesterSubject ? eq(c.requesterSubject, audience.requesterSubject) : undefined,
    audience.bookedBySubject ? eq(c.bookedBySubject, audience.bookedBySubject) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  if (parts.length === 0) return [];
  return db
    .select()
    .from(c)
    .where(and(gt(c.id, after), or(...parts)))
    .orderBy(asc(c.id))
    .limit(limit);
}
