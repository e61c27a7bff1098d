/**
 * The consult domain's fields as one caller may read them: lawyers' firms, slots' availability,
 * and a booking's dossier, outcome, contact (masked or whole, audited) and follow-up flags — each
 * decided by consult.policy.ts, with the caller's own Lawyer record read once per operation.
 */
import { hasRole } from "../../auth/caller.js";
import type { ConsultBookingRow, ConsultSlotRow, LawyerRow } from "../../db/queries/consult.js";
import type { DossierRow } from "../../db/queries/dossier.js";
import { canReadDossier } from "../dossier/dossier.policy.js";
import type { FieldContext } from "../field-context.js";
import type { Catalog } from "../partner/catalog.js";
import type { ConsultSlotService } from "./consult-slots.service.js";
import { canReadBooking, contactAsSeenBy, seesFlags, seesOutcome } from "./consult.policy.js";

export class ConsultFields {
  constructor(private readonly deps: { catalog: Catalog; slots: ConsultSlotService }) {}

  lawFirm(lawyer: LawyerRow) {
    return this.deps.catalog.organization(lawyer.lawFirmOrgId);
  }

  branch(row: { branchId: string | null }) {
    return this.deps.catalog.branch(row.branchId);
  }

  /** A week of slots asks this 500 times: the lawyer read with them at once, else the loader's promise itself. */
  lawyer(row: { lawyerId: string | null }, context: FieldContext): LawyerRow | Promise<LawyerRow | null> | null {
    if (!row.lawyerId) return null;
    return context.loaders.lawyerRead(row.lawyerId) ?? context.loaders.lawyer.load(row.lawyerId);
  }

  async available(slot: ConsultSlotRow, context: FieldContext) {
    const [held, lawyer] = await Promise.all([context.loaders.consultSlotHeld.load(slot.id), context.loaders.lawyer.load(slot.lawyerId)]);
    return this.deps.slots.isAvailable(slot, held, lawyer);
  }

  async dossier(booking: ConsultBookingRow, context: FieldContext) {
    if (!booking.dossierId || !context.caller) return null;
    const dossier = await context.loaders.dossier.load(booking.dossierId);
    return dossier && canReadDossier(context.caller, dossier) ? dossier : null;
  }

  async outcome(booking: ConsultBookingRow, context: FieldContext) {
    if (booking.outcome === null || !context.caller) return null;
    return seesOutcome(context.caller, await callerLawyer(context), booking) ? booking.outcome : null;
  }

  async contact(booking: ConsultBookingRow, context: FieldContext) {
    return contactAsSeenBy(context.caller, await callerLawyer(context), booking, context.audit);
  }

  flag(booking: ConsultBookingRow, which: "flaggedAt" | "flagReason", context: FieldContext) {
    return context.caller && seesFlags(context.caller) ? booking[which] : null;
  }

  /** A dossier's consults the caller may read. */
  async consultations(dossier: DossierRow, context: FieldContext) {
    const caller = context.caller;
    if (!caller) return [];
    const [bookings, lawyer] = await Promise.all([context.loaders.consultBookingsByDossier.load(dossier.id), callerLawyer(context)]);
    return bookings.filter((booking) => canReadBooking(caller, lawyer, booking));
  }
}

/** The caller's own Lawyer record as stored, for deciding what they may read (no roster call per field). */
function callerLawyer({ caller, loaders }: FieldContext): Promise<LawyerRow | null> {
  if (!caller || !hasRole(caller, "LAWYER") || !caller.barNumber) return Promise.resolve(null);
  return loaders.lawyerByBarNumber.load(caller.barNumber);
}
