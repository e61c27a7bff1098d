/**
 * Free legal consults (SPEC §4). The database itself keeps the promises the API makes:
 * - one lawyer's time never overlaps: every period a lawyer is committed to is a row of
 *   `consult_slots` (a published slot, or the time they chose when taking a request), and an
 *   exclusion constraint over (lawyer, tstzrange) refuses any overlap;
 * - one slot has one winner: a unique partial index over the bookings that hold it;
 * - a citizen is never booked twice at once: an exclusion constraint over their confirmed bookings.
 * The exclusion constraints need btree_gist and are in the custom migration `*_consult_constraints`.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { CONSULT_TOPIC_NAMES, ROSTER_MEMBER_KINDS, ROSTER_MEMBER_STATUSES } from "../../integrations/bar-roster/types.js";
import { dossiers, roleName } from "./dossier.js";
import { branches, organizations } from "./partner.js";

// The roster's vocabulary (SPEC §3) is the database's: one list of values for both.
export const lawyerKind = pgEnum("lawyer_kind", ROSTER_MEMBER_KINDS);
export const rosterStatus = pgEnum("roster_status", ROSTER_MEMBER_STATUSES);
export const consultTopic = pgEnum("consult_topic", CONSULT_TOPIC_NAMES);
export const consultMode = pgEnum("consult_mode", ["IN_PERSON", "ONLINE", "PHONE"]);
export const bookingStatus = pgEnum("booking_status", ["REQUESTED", "CONFIRMED", "COMPLETED", "CANCELLED", "NO_SHOW"]);
/** Why a slot exists: published by the lawyer, or the time they chose when taking a queued request. */
export const slotOrigin = pgEnum("consult_slot_origin", ["PUBLISHED", "REQUEST"]);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A member of the bar as the roster last described them; made on first use of their bar number. */
export const lawyers = pgTable(
  "lawyers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    barNumber: text("bar_number").notNull().unique(),
    fullName: text("full_name").notNull(),
    kind: lawyerKind("kind").notNull(),
    lawFirmOrgId: uuid("law_firm_org_id").references(() => organizations.id),
    specialties: consultTopic("specialties").array().notNull().default(sql`'{}'`),
    rosterStatus: rosterStatus("roster_status").notNull(),
    /** When the roster was last asked about this lawyer. */
    checkedAt: instant("checked_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("lawyers_specialties_idx").using("gin", t.specialties)],
);

export const consultSlots = pgTable(
  "consult_slots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lawyerId: uuid("lawyer_id")
      .notNull()
      .references(() => lawyers.id),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    mode: consultMode("mode").notNull(),
    branchId: uuid("branch_id").references(() => branches.id),
    origin: slotOrigin("origin").notNull().default("PUBLISHED"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("consult_slots_starts_idx").on(t.startsAt),
    index("consult_slots_lawyer_idx").on(t.lawyerId, t.startsAt),
    check("consult_slots_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("consult_slots_in_person_branch", sql`${t.mode} <> 'IN_PERSON' or ${t.branchId} is not null`),
  ],
);

export const consultBookings = pgTable(
  "consult_bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: bookingStatus("status").notNull(),
    topic: consultTopic("topic").notNull(),
    mode: consultMode("mode").notNull(),
    question: text("question").notNull(),
    lawyerId: uuid("lawyer_id").references(() => lawyers.id),
    /** The slot the booking holds; null while REQUESTED, and after a taken request is cancelled. */
    slotId: uuid("slot_id").references(() => consultSlots.id, { onDelete: "set null" }),
    branchId: uuid("branch_id").references(() => branches.id),
    startsAt: instant("starts_at"),
    endsAt: instant("ends_at"),
    preferredFrom: instant("preferred_from"),
    preferredTo: instant("preferred_to"),
    dossierId: uuid("dossier_id").references(() => dossiers.id),
    /** The citizen the consult is for (token `sub`); null when staff booked for someone without an account. */
    requesterSubject: text("requester_subject"),
    bookedBySubject: text("booked_by_subject").notNull(),
    bookedByRole: roleName("booked_by_role").notNull(),
    bookedByOrgId: uuid("booked_by_org_id").references(() => organizations.id),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    outcome: text("outcome"),
    cancelReason: text("cancel_reason"),
    /** Set while the lawyer is no longer ACTIVE in the roster: the center must find another lawyer or tell the citizen. */
    flaggedAt: instant("flagged_at"),
    flagReason: text("flag_reason"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consult_bookings_one_per_slot")
      .on(t.slotId)
      .where(sql`${t.status} in ('CONFIRMED', 'COMPLETED', 'NO_SHOW')`),
    index("consult_bookings_queue_idx").on(t.topic, t.createdAt).where(sql`${t.status} = 'REQUESTED'`),
    index("consult_bookings_lawyer_idx").on(t.lawyerId, t.startsAt),
    index("consult_bookings_requester_idx").on(t.requesterSubject, t.createdAt),
    index("consult_bookings_booked_by_idx").on(t.bookedBySubject, t.createdAt),
    index("consult_bookings_dossier_idx").on(t.dossierId),
    check("consult_bookings_times", sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check(
      "consult_bookings_confirmed_has_lawyer",
      sql`${t.status} = 'REQUESTED' or ${t.status} = 'CANCELLED' or (${t.lawyerId} is not null and ${t.startsAt} is not null)`,
    ),
  ],
);

/**
 * Every change to a booking, numbered: subscriptions read the rows after the last one they
 * delivered, so each change reaches each subscriber once, whichever instance made it.
 */
export const consultBookingChanges = pgTable(
  "consult_booking_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => consultBookings.id),
    /** The booking's status, topic and people as they were after the change: who is told about it. */
    status: bookingStatus("status").notNull(),
    topic: consultTopic("topic").notNull(),
    lawyerId: uuid("lawyer_id"),
    requesterSubject: text("requester_subject"),
    bookedBySubject: text("booked_by_subject").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [index("consult_booking_changes_booking_idx").on(t.bookingId)],
);
