import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches, organizations, procedures } from "./partner.js";

export const roleName = pgEnum("role", [
  "CITIZEN",
  "CENTER_STAFF",
  "POST_CLERK",
  "BANK_OFFICER",
  "LAWYER",
  "PARTNER_APP",
  "ADMIN",
  "SYSTEM",
]);

export const dossierChannel = pgEnum("dossier_channel", ["ONLINE", "COUNTER", "POST"]);

export const dossierStatus = pgEnum("dossier_status", [
  "SUBMITTED",
  "RECEIVED",
  "DIGITIZED",
  "IN_PROCESSING",
  "SUPPLEMENT_REQUESTED",
  "APPROVED",
  "REJECTED",
  "RESULT_READY",
  "RETURNED",
  "WITHDRAWN",
]);

export type DossierStatus = (typeof dossierStatus.enumValues)[number];

export const resultDeliveryMethod = pgEnum("result_delivery_method", ["AT_COUNTER", "BY_POST", "ELECTRONIC"]);

/** Numbers the receipt codes (HN-<year>-<number>); gaps after a rolled-back insert are harmless. */
export const dossierCodeSequence = pgSequence("dossier_code_seq");

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const dossiers = pgTable(
  "dossiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The receipt code, e.g. HN-2025-000123. */
    code: text("code").notNull().unique(),
    procedureId: uuid("procedure_id")
      .notNull()
      .references(() => procedures.id),
    channel: dossierChannel("channel").notNull(),
    branchId: uuid("branch_id").references(() => branches.id),
    status: dossierStatus("status").notNull().default("SUBMITTED"),
    /** The citizen account (token `sub`) the dossier belongs to; null when lodged for someone at a counter. */
    applicantSubject: text("applicant_subject"),
    applicantFullName: text("applicant_full_name").notNull(),
    applicantIdNumber: text("applicant_id_number").notNull(),
    applicantPhone: text("applicant_phone").notNull(),
    applicantAddress: text("applicant_address").notNull(),
    submittedBySubject: text("submitted_by_subject").notNull(),
    submittedByRole: roleName("submitted_by_role").notNull(),
    /** The organization that lodged it on the applicant's behalf (a bank for SR dossiers). */
    submittedByOrgId: uuid("submitted_by_org_id").references(() => organizations.id),
    resultDelivery: resultDeliveryMethod("result_delivery").notNull(),
    deliveryAddress: text("delivery_address"),
    submittedAt: instant("submitted_at").notNull().defaultNow(),
    receivedAt: instant("received_at"),
    /** The appointment shown to the applicant; moved by an apology and new appointment. */
    dueAt: instant("due_at"),
    /** The statutory due time set on receipt; never moved, so a rescheduled dossier stays late. */
    statutoryDueAt: instant("statutory_due_at"),
    /** When the result was ready (RESULT_READY) or the dossier withdrawn: the end of the clock. */
    finishedAt: instant("finished_at"),
    apology: text("apology"),
    version: integer("version").notNull().default(1),
    lastSequence: integer("last_sequence").notNull().default(0),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("dossiers_applicant_idx").on(t.applicantSubject, t.submittedAt),
    index("dossiers_branch_status_idx").on(t.branchId, t.status, t.submittedAt),
    // A branch's list, newest first (a clerk's `dossiers`): the page is the index's last rows, not a sort of the branch.
    index("dossiers_branch_submitted_idx").on(t.branchId, t.submittedAt, t.id),
    index("dossiers_status_idx").on(t.status, t.submittedAt),
    index("dossiers_received_idx").on(t.receivedAt),
    index("dossiers_org_idx").on(t.submittedByOrgId, t.submittedAt),
    check("dossiers_version_positive", sql`${t.version} > 0`),
  ],
);

export const dossierEvents = pgTable(
  "dossier_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    sequence: integer("sequence").notNull(),
    status: dossierStatus("status").notNull(),
    at: instant("at").notNull().defaultNow(),
    actorSubject: text("actor_subject"),
    actorRole: roleName("actor_role"),
    note: text("note"),
  },
  (t) => [uniqueIndex("dossier_events_sequence_idx").on(t.dossierId, t.sequence)],
);

export const serviceRatings = pgTable(
  "service_ratings",
  {
    dossierId: uuid("dossier_id")
      .primaryKey()
      .references(() => dossiers.id),
    score: integer("score").notNull(),
    comment: text("comment"),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [check("service_ratings_score_range", sql`${t.score} between 1 and 5`)],
);
