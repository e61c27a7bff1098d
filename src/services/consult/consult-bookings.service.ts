/**
 * Booking a published slot, requesting a consult for the queue, and reading bookings (SPEC §4).
 * A slot has exactly one winner however many book it at once: the database's unique index on the
 * slot's holding bookings decides, and the losers get CONFLICT.
 */
import type { AuditLog } from "../audit/audit-log.js";
import { hasRole, type Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import {
  findBooking,
  findLawyerByBarNumber,
  findSlot,
  flaggedBookings,
  insertBooking,
  lawyersByIds,
  listBookings,
  requestQueue,
  type ConsultBookingRow,
  type ConsultModeName,
  type ConsultTopicName,
  type LawyerRow,
  type NewConsultBooking,
} from "../../db/queries/consult.js";
import { conflict, notFound } from "../../errors.js";
import type { Catalog } from "../partner/catalog.js";
import { refusingConflicts } from "./consult-conflicts.js";
import type { ConsultFeed } from "./consult-feed.js";
import { assertPreferredWindow } from "./consult-times.js";
import { consultBranch } from "./consult-slots.service.js";
import { canReadBooking, myBookingsScope } from "./consult.policy.js";
import { validateBookingParty, type BookConsultInput, type DossierByCode } from "./consult.validation.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

export interface RequestConsultInput extends BookConsultInput {
  mode: ConsultModeName;
  branchCode?: string | null;
  preferredFrom: Date;
  preferredTo: Date;
}

export interface ConsultBookingDeps {
  db: Database;
  audit: AuditLog;
  catalog: Catalog;
  lawyers: LawyerDirectory;
  feed: ConsultFeed;
  dossierByCode: DossierByCode;
  now: () => Date;
}

const MAX_LISTED = 200;

export class ConsultBookingService {
  constructor(private readonly deps: ConsultBookingDeps) {}

  /** CONFIRMED at once, or CONFLICT when someone else got the slot first. */
  async book(caller: Caller, slotId: string, input: BookConsultInput): Promise<ConsultBookingRow> {
    const party = await validateBookingParty(caller, input, this.deps.dossierByCode);
    const slot = await findSlot(this.deps.db, slotId);
    if (!slot || slot.origin !== "PUBLISHED") throw notFound("Consult slot");
    const now = this.deps.now();
    if (slot.startsAt <= now) throw conflict("This slot has already begun");
    const [lawyer] = await lawyersByIds(this.deps.db, [slot.lawyerId]);
    if (!lawyer || !(await this.deps.lawyers.isBookable(lawyer))) {
      throw conflict("The lawyer of this slot cannot take consults at the moment");
    }
    return refusingConflicts(() =>
      this.insertAnnounced("bookConsultSlot", {
        ...party,
        status: "CONFIRMED",
        mode: slot.mode,
        lawyerId: slot.lawyerId,
        slotId: slot.id,
        branchId: slot.branchId,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** A request without a lawyer: REQUESTED, in the queue of the lawyers whose specialties match. */
  async request(caller: Caller, input: RequestConsultInput): Promise<ConsultBookingRow> {
    const catalog = await this.deps.catalog.get();
    const now = this.deps.now();
    const branchId = consultBranch("input", input.mode, input.branchCode, catalog);
    assertPreferredWindow("input", { from: input.preferredFrom, to: input.preferredTo, mode: input.mode }, now, catalog.calendar);
    const party = await validateBookingParty(caller, input, this.deps.dossierByCode);
    return refusingConflicts(() =>
      this.insertAnnounced("requestConsult", {
        ...party,
        status: "REQUESTED",
        mode: input.mode,
        branchId,
        preferredFrom: input.preferredFrom,
        preferredTo: input.preferredTo,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async get(caller: Caller, id: string): Promise<ConsultBookingRow | null> {
    const booking = await findBooking(this.deps.db, id);
    if (!booking) return null;
    return canReadBooking(caller, await this.storedLawyerOf(caller), booking) ? booking : null;
  }

  /** A citizen's own bookings, a lawyer's consults, and those a staff member booked; newest first. */
  async mine(caller: Caller): Promise<ConsultBookingRow[]> {
    const lawyer = hasRole(caller, "LAWYER") ? await this.deps.lawyers.identify(caller) : null;
    return listBookings(this.deps.db, myBookingsScope(caller, lawyer), MAX_LISTED);
  }

  /** Open requests the lawyer may take (their specialties, or one of them), oldest first. */
  async queue(caller: Caller, topic: ConsultTopicName | null | undefined): Promise<ConsultBookingRow[]> {
    const lawyer = await this.deps.lawyers.requireActive(caller);
    const topics = topic ? lawyer.specialties.filter((t) => t === topic) : lawyer.specialties;
    return requestQueue(this.deps.db, { topics, now: this.deps.now(), limit: MAX_LISTED });
  }

  /** For the center: upcoming consults whose lawyer the roster no longer lists as ACTIVE. */
  flagged(): Promise<ConsultBookingRow[]> {
    return flaggedBookings(this.deps.db, this.deps.now(), MAX_LISTED);
  }

  /** The new booking, its change-feed entry and its audit entry, in one transaction. */
  private insertAnnounced(action: "bookConsultSlot" | "requestConsult", values: NewConsultBooking): Promise<ConsultBookingRow> {
    return this.deps.db.transaction(async (tx) => {
      const booking = await insertBooking(tx, values);
      await this.deps.feed.record(tx, booking, values.createdAt!);
      await this.deps.audit.record(tx, { action, entity: "consultBooking", entityId: booking.id });
      return booking;
    });
  }

  /** The caller's Lawyer record as stored (no roster call): enough to decide what they may read. */
  storedLawyerOf(caller: Caller): Promise<LawyerRow | null> {
    if (!hasRole(caller, "LAWYER") || !caller.barNumber) return Promise.resolve(null);
    return findLawyerByBarNumber(this.deps.db, caller.barNumber).then((row) => row ?? null);
  }
}
