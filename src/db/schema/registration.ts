import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import type { RegistrationRequest, RegistryParcel } from "../../integrations/land-registry/types.js";
import { dossiers } from "./dossier.js";
import { organizations } from "./partner.js";

export const securityRegistrationKind = pgEnum("security_registration_kind", [
  "INITIAL",
  "AMENDMENT",
  "DEREGISTRATION",
  "ERROR_CORRECTION",
  "ENFORCEMENT_NOTICE",
]);

export const registrationStatus = pgEnum("registration_status", [
  "SUBMITTED",
  "FORWARDED",
  "REGISTERED",
  "SUPPLEMENT_REQUESTED",
  "REJECTED",
  "DEREGISTERED",
]);

/** PENDING: to send; POLLING: the registry answered 202, ask again; DONE/FAILED: final. */
export const registrationOutboxStatus = pgEnum("registration_outbox_status", ["PENDING", "POLLING", "DONE", "FAILED"]);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A mortgagor as the bank gave it. */
export interface StoredParty {
  kind: "INDIVIDUAL" | "ORGANIZATION";
  fullName: string;
  idNumber: string;
  address: string;
}

/** A parcel as the bank described it (the registry's fields); the registry's own view is read live by certificate serial. */
export type StoredParcel = Omit<RegistryParcel, "status" | "encumbrances">;

export interface StoredAttachedAsset {
  kind: "HOUSE" | "APARTMENT" | "CONSTRUCTION" | "PERENNIAL_TREES" | "FUTURE_ASSET";
  description: string;
  certificateSerial: string | null;
}

export const securityRegistrations = pgTable(
  "security_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: securityRegistrationKind("kind").notNull(),
    status: registrationStatus("status").notNull().default("SUBMITTED"),
    /** The SR-0x dossier lodged with it, in the same transaction. */
    dossierId: uuid("dossier_id")
      .notNull()
      .unique()
      .references(() => dossiers.id),
    /** The bank that lodged it; the tenant of every bank-facing query. */
    mortgageeOrgId: uuid("mortgagee_org_id")
      .notNull()
      .references(() => organizations.id),
    /** The registration an amendment, correction, release or enforcement notice acts on. */
    subjectId: uuid("subject_id").references((): AnyPgColumn => securityRegistrations.id),
    mortgagors: jsonb("mortgagors").$type<StoredParty[]>().notNull(),
    parcels: jsonb("parcels").$type<StoredParcel[]>().notNull(),
    /** The parcels' serials again, as an array the filter by certificateSerial can index. */
    certificateSerials: text("certificate_serials").array().notNull(),
    attachedAssets: jsonb("attached_assets").$type<StoredAttachedAsset[]>().notNull(),
    obligationContractNumber: text("obligation_contract_number").notNull(),
    obligationContractDate: date("obligation_contract_date", { mode: "string" }).notNull(),
    /** Unconstrained numeric keeps the amount exactly as given ("1500000000" stays so). */
    obligationAmount: numeric("obligation_amount").notNull(),
    obligationCurrency: text("obligation_currency").notNull(),
    securityContractNumber: text("security_contract_number").notNull(),
    securityContractDate: date("security_contract_date", { mode: "string" }).notNull(),
    /** The bank's note or reason for a follow-up (SR-02 … SR-05). */
    note: text("note"),
    registrationNumber: text("registration_number"),
    registeredAt: instant("registered_at"),
    registryReference: text("registry_reference"),
    rejectionReason: text("rejection_reason"),
    lastSequence: integer("last_sequence").notNull().default(0),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("security_registrations_bank_idx").on(t.mortgageeOrgId, t.createdAt),
    index("security_registrations_created_idx").on(t.createdAt),
    index("security_registrations_subject_idx").on(t.subjectId),
    index("security_registrations_serials_idx").using("gin", t.certificateSerials),
    uniqueIndex("security_registrations_number_idx").on(t.registrationNumber),
    check("security_registrations_amount_positive", sql`${t.obligationAmount} > 0`),
  ],
);

export const registrationEvents = pgTable(
  "registration_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => securityRegistrations.id),
    sequence: integer("sequence").notNull(),
    status: registrationStatus("status").notNull(),
    at: instant("at").notNull().defaultNow(),
    note: text("note"),
  },
  (t) => [uniqueIndex("registration_events_sequence_idx").on(t.registrationId, t.sequence)],
);

/**
 * Stripe-style idempotency keys, per bank: the first request with a key stores the hash of what it
 * asked and the registration it made; a repeat answers that registration, a different request with
 * the key is refused. Kept at least 24 hours (the outbox worker purges them after 48).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    /** Set in the same transaction that claimed the key, once the registration row exists. */
    registrationId: uuid("registration_id").references(() => securityRegistrations.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/** The transactional outbox to the land registry: one row per registration, delivered by the worker. */
export const registrationOutbox = pgTable(
  "registration_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .unique()
      .references(() => securityRegistrations.id),
    /** Sent as Idempotency-Key on every attempt: derived from the hub's registration id, never the bank's key. */
    idempotencyKey: text("idempotency_key").notNull(),
    request: jsonb("request").$type<RegistrationRequest>().notNull(),
    status: registrationOutboxStatus("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    /** A worker that claimed the row holds it until then; after a crash another one takes over. */
    lockedUntil: instant("locked_until"),
    lastError: text("last_error"),
    registryReference: text("registry_reference"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [index("registration_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('PENDING', 'POLLING')`)],
);
