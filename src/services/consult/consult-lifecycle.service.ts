/**
 * What happens to a booking after it is made: a lawyer takes a queued request, anyone entitled
 * cancels, the lawyer records the outcome or a no-show. Each change locks the booking, so
 * concurrent changes queue up, and is announced through the ConsultFeed in its transaction.
 *
 * Taking a request claims the lawyer's time as a slot (origin REQUEST) in the same transaction,
 * so the slots' exclusion constraint refuses a time that overlaps anything else of theirs, even
 * when two requests are taken at once; cancelling such a booking gives that time back.
 */
import type { AuditLog } from "../audit/audit-log.js";
import { hasRole, type Caller } from "../../auth/caller.js";
import type { Database, Executor } from "../../db/client.js";
import {
  deleteSlot,
  findSlot,
  insertSlots,
  lockBooking,
  updateBooking,
  type ConsultBookingRow,
  type LawyerRow,
  type NewConsultBooking,
} from "../../db/queries/consult.js";
import { badInput, conflict, notFound } from "../../errors.js";
import type { Catalog } from "../partner/catalog.js";
import * as v from "../validation.js";
import { consultMachine } from "./consult.transitions.js";
import { refusingConflicts } from "./consult-conflicts.js";
import type { ConsultFeed } from "./consult-feed.js";
import { assertConsultTime } from "./consult-times.js";
import { canReadBooking, consultMovers, mayTakeRequest } from "./consult.policy.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

export interface ConsultLifecycleDeps {
  db: Database;
  audit: AuditLog;
  catalog: Catalog;
  lawyers: LawyerDirectory;
  feed: ConsultFeed;
  now: () => Date;
}

type Change = (tx: Executor, booking: ConsultBookingRow, now: Date) => Promise<Partial<NewConsultBooking>>;

/** The mutation that moves a booking to each status, as the audit trail names it. */
const mutationTo = {
  CONFIRMED: "takeConsultRequest",
  CANCELLED: "cancelConsultBooking",
  COMPLETED: "completeConsultBooking",
  NO_SHOW: "markConsultNoShow",
} as const;

export class ConsultLifecycleService {
  constructor(private readonly deps: ConsultLifecycleDeps) {}

  /** The first lawyer to take the request gets it, at a time inside the preferred window; the rest get CONFLICT. */
  async take(caller: Caller, id: string, startsAt: Date, endsAt: Date): Promise<ConsultBookingRow> {
    const lawyer = await this.deps.lawyers.requireActive(caller);
    const catalog = await this.deps.catalog.get();
    return this.change(caller, lawyer, id, "CONFIRMED", async (tx, booking, now) => {
      if (startsAt < booking.preferredFrom! || endsAt > booking.preferredTo!) {
        throw badInput(
          "startsAt",
          `The consult must lie within the preferred window ${booking.preferredFrom!.toISOString()} – ${booking.preferredTo!.toISOString()}`,
        );
      }
      assertConsultTime("", { startsAt, endsAt, mode: booking.mode }, now, catalog.calendar);
      const [slot] = await insertSlots(tx, [
        { lawyerId: lawyer.id, startsAt, endsAt, mode: booking.mode, branchId: booking.branchId, origin: "REQUEST", createdAt: now },
      ]);
      return { lawyerId: lawyer.id, slotId: slot!.id, startsAt, endsAt };
    });
  }

  /** The citizen, whoever booked it, its lawyer or center staff; frees the slot for others. */
  async cancel(caller: Caller, id: string, reason: string): Promise<ConsultBookingRow> {
    const cancelReason = v.text("reason", reason, { max: 1000 });
    // A lawyer who lost their standing may still cancel: their stored record is enough to know them.
    const lawyer = hasRole(caller, "LAWYER") ? await this.deps.lawyers.identify(caller) : null;
    return this.change(caller, lawyer, id, "CANCELLED", async (tx, booking, now) => {
      if (booking.status === "CONFIRMED" && booking.endsAt! <= now) {
        throw conflict("This consult is over: its lawyer records it as completed or as a no-show");
      }
      const patch: Partial<NewConsultBooking> = { cancelReason, flaggedAt: null, flagReason: null };
      if (booking.slotId && (await findSlot(tx, booking.slotId))?.origin === "REQUEST") {
        // The lawyer chose that time for this request only: it is theirs again.
        await deleteSlot(tx, booking.slotId);
        patch.slotId = null;
      }
      return patch;
    });
  }

  /** The lawyer records the advice given: only once the consult has begun. */
  async complete(caller: Caller, id: string, outcome: string): Promise<ConsultBookingRow> {
    const text = v.text("outcome", outcome, { max: 4000 });
    const lawyer = await this.deps.lawyers.requireActive(caller);
    return this.change(caller, lawyer, id, "COMPLETED", async (_tx, booking, now) => {
      if (booking.startsAt! > now) throw conflict("A consult can be completed only once it has begun");
      return { outcome: text, flaggedAt: null, flagReason: null };
    });
  }

  /** The citizen did not come (or answer): only once the consult was due to begin. */
  async noShow(caller: Caller, id: string, note: string | null | undefined): Promise<ConsultBookingRow> {
    const text = v.optionalText("note", note, { max: 4000 });
    const lawyer = await this.deps.lawyers.requireActive(caller);
    return this.change(caller, lawyer, id, "NO_SHOW", async (_tx, booking, now) => {
      if (booking.startsAt! > now) throw conflict("A no-show can be recorded only once the consult was due to begin");
      return { outcome: text, flaggedAt: null, flagReason: null };
    });
  }

  /**
   * Locks the booking, hides it from those who may not read it (NOT_FOUND), checks the move, and
   * writes the change with its feed entry; overlaps the database refuses become CONFLICT.
   */
  private change(caller: Caller, lawyer: LawyerRow | null, id: string, to: keyof typeof mutationTo, apply: Change) {
    return refusingConflicts(() =>
      this.deps.db.transaction(async (tx) => {
        const booking = await lockBooking(tx, id);
        if (!booking || !(canReadBooking(caller, lawyer, booking) || wasQueued(lawyer, booking))) {
          throw notFound("Consult booking");
        }
        // Losing the race for a request is CONFLICT, not a bad move.
        if (to === "CONFIRMED" && booking.status !== "REQUESTED") throw conflict("This request has already been taken or withdrawn");
        consultMachine.assert(booking.status, to, consultMovers(caller, lawyer, booking));
        const now = this.deps.now();
        const patch = await apply(tx, booking, now);
        const updated = await updateBooking(tx, booking.id, { ...patch, status: to, updatedAt: now });
        await this.deps.feed.record(tx, updated, now);
        await this.deps.audit.record(tx, { action: mutationTo[to], entity: "consultBooking", entityId: updated.id });
        return updated;
      }),
    );
  }
}

/**
 * A lawyer who could have taken a request that someone else has taken meanwhile: they may no
 * longer read it, but they must hear CONFLICT rather than NOT_FOUND.
 */
function wasQueued(lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return booking.preferredFrom !== null && mayTakeRequest(lawyer, booking);
}
