import { Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import { hasRole, type Caller } from "../../auth/caller.js";
import type { ConsultBookingRow, ConsultSlotRow, LawyerRow } from "../../services/consult/index.js";
import type { DossierRow } from "../../services/dossier/index.js";
import { ConsultBooking, ConsultContact, ConsultSlot, Lawyer } from "../../schema/consult/consult.type.js";
import { Dossier } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { Branch, Organization, Viewer } from "../../schema/partner/partner.type.js";
import { DateTimeScalar } from "../../schema/scalars.js";
import type { HubContext } from "../context.js";
import { canReadBooking, seesContactUnmasked, seesFlags, seesOutcome } from "../../services/consult/consult.policy.js";
import { canReadDossier } from "../../services/dossier/dossier.policy.js";
import { maskPhone } from "../../services/masking.js";

/** The caller's own Lawyer record as stored, for deciding what they may read (no roster call per field). */
function callerLawyer({ caller, loaders }: HubContext): Promise<LawyerRow | null> {
  if (!caller || !hasRole(caller, "LAWYER") || !caller.barNumber) return Promise.resolve(null);
  return loaders.lawyerByBarNumber.load(caller.barNumber);
}

async function branchOf(branchId: string | null, { services }: HubContext) {
  return branchId ? ((await services.partner.catalog.get()).branchesById.get(branchId) ?? null) : null;
}

@Resolver(() => Lawyer)
export class LawyerFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() lawyer: LawyerRow) {
    return toGlobalId("Lawyer", lawyer.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  async lawFirm(@Root() lawyer: LawyerRow, @Ctx() { services }: HubContext) {
    return lawyer.lawFirmOrgId ? ((await services.partner.catalog.get()).organizationsById.get(lawyer.lawFirmOrgId) ?? null) : null;
  }

  @FieldResolver(() => Boolean, { description: "True when the bar association's roster lists this lawyer as active." })
  verified(@Root() lawyer: LawyerRow) {
    return lawyer.rosterStatus === "ACTIVE";
  }
}

@Resolver(() => ConsultSlot)
export class ConsultSlotFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() slot: ConsultSlotRow) {
    return toGlobalId("ConsultSlot", slot.id);
  }

  @FieldResolver(() => Lawyer)
  async lawyer(@Root() slot: ConsultSlotRow, @Ctx() { loaders }: HubContext) {
    return (await loaders.lawyer.load(slot.lawyerId))!;
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() slot: ConsultSlotRow, @Ctx() context: HubContext) {
    return branchOf(slot.branchId, context);
  }

  @FieldResolver(() => Boolean)
  async available(@Root() slot: ConsultSlotRow, @Ctx() { loaders, services }: HubContext) {
    const [held, lawyer] = await Promise.all([loaders.consultSlotHeld.load(slot.id), loaders.lawyer.load(slot.lawyerId)]);
    return services.consult.slots.isAvailable(slot, held, lawyer);
  }
}

@Resolver(() => ConsultBooking)
export class ConsultBookingFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() booking: ConsultBookingRow) {
    return toGlobalId("ConsultBooking", booking.id);
  }

  @FieldResolver(() => Lawyer, { nullable: true })
  lawyer(@Root() booking: ConsultBookingRow, @Ctx() { loaders }: HubContext) {
    return booking.lawyerId ? loaders.lawyer.load(booking.lawyerId) : null;
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return branchOf(booking.branchId, context);
  }

  @FieldResolver(() => Dossier, { nullable: true })
  async dossier(@Root() booking: ConsultBookingRow, @Ctx() { caller, loaders }: HubContext) {
    if (!booking.dossierId || !caller) return null;
    const dossier = await loaders.dossier.load(booking.dossierId);
    return dossier && canReadDossier(caller, dossier) ? dossier : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Only the lawyer and the person who booked see it." })
  async outcome(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    if (booking.outcome === null || !context.caller) return null;
    return seesOutcome(context.caller, await callerLawyer(context), booking) ? booking.outcome : null;
  }

  @FieldResolver(() => ConsultContact, { description: "Who to call: the phone in full for the consult's people and center staff." })
  async contact(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext): Promise<ConsultContact> {
    const whole = context.caller !== null && seesContactUnmasked(context.caller, await callerLawyer(context), booking);
    if (whole) context.audit.personalDataRead({ entity: "consultBooking", entityId: booking.id });
    return { fullName: booking.contactName, phone: whole ? booking.contactPhone : maskPhone(booking.contactPhone) };
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "Center staff: when the consult was flagged for follow-up." })
  flaggedAt(@Root() booking: ConsultBookingRow, @Ctx() { caller }: HubContext) {
    return caller && seesFlags(caller) ? booking.flaggedAt : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Center staff: why the consult needs follow-up (its lawyer's roster status)." })
  flagReason(@Root() booking: ConsultBookingRow, @Ctx() { caller }: HubContext) {
    return caller && seesFlags(caller) ? booking.flagReason : null;
  }
}

@Resolver(() => Dossier)
export class DossierConsultationsResolver {
  @FieldResolver(() => [ConsultBooking])
  async consultations(@Root() dossier: DossierRow, @Ctx() context: HubContext) {
    const caller = context.caller;
    if (!caller) return [];
    const [bookings, lawyer] = await Promise.all([context.loaders.consultBookingsByDossier.load(dossier.id), callerLawyer(context)]);
    return bookings.filter((booking) => canReadBooking(caller, lawyer, booking));
  }
}

@Resolver(() => Viewer)
export class ViewerLawyerResolver {
  @FieldResolver(() => Lawyer, { nullable: true })
  lawyer(@Root() caller: Caller, @Ctx() { services }: HubContext) {
    return services.consult.lawyers.forViewer(caller);
  }
}
