import { Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import type { Caller } from "../../auth/caller.js";
import type { ConsultBookingRow, ConsultSlotRow, LawyerRow } from "../../services/consult/index.js";
import type { DossierRow } from "../../services/dossier/index.js";
import { ConsultBooking, ConsultContact, ConsultSlot, Lawyer } from "../../schema/consult/consult.type.js";
import { Dossier } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { Branch, Organization, Viewer } from "../../schema/partner/partner.type.js";
import { DateTimeScalar } from "../../schema/scalars.js";
import type { HubContext } from "../context.js";

@Resolver(() => Lawyer)
export class LawyerFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() lawyer: LawyerRow) {
    return toGlobalId("Lawyer", lawyer.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  lawFirm(@Root() lawyer: LawyerRow, @Ctx() { services }: HubContext) {
    return services.consult.fields.lawFirm(lawyer);
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
  lawyer(@Root() slot: ConsultSlotRow, @Ctx() context: HubContext) {
    // A slot always has its lawyer (not null in the schema).
    return context.services.consult.fields.lawyer(slot, context) as LawyerRow | Promise<LawyerRow>;
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() slot: ConsultSlotRow, @Ctx() { services }: HubContext) {
    return services.consult.fields.branch(slot);
  }

  @FieldResolver(() => Boolean)
  available(@Root() slot: ConsultSlotRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.available(slot, context);
  }
}

@Resolver(() => ConsultBooking)
export class ConsultBookingFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() booking: ConsultBookingRow) {
    return toGlobalId("ConsultBooking", booking.id);
  }

  @FieldResolver(() => Lawyer, { nullable: true })
  lawyer(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.lawyer(booking, context);
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() booking: ConsultBookingRow, @Ctx() { services }: HubContext) {
    return services.consult.fields.branch(booking);
  }

  @FieldResolver(() => Dossier, { nullable: true })
  dossier(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.dossier(booking, context);
  }

  @FieldResolver(() => String, { nullable: true, description: "Only the lawyer and the person who booked see it." })
  outcome(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.outcome(booking, context);
  }

  @FieldResolver(() => ConsultContact, { description: "Who to call: the phone in full for the consult's people and center staff." })
  contact(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext): Promise<ConsultContact> {
    return context.services.consult.fields.contact(booking, context);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "Center staff: when the consult was flagged for follow-up." })
  flaggedAt(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.flag(booking, "flaggedAt", context);
  }

  @FieldResolver(() => String, { nullable: true, description: "Center staff: why the consult needs follow-up (its lawyer's roster status)." })
  flagReason(@Root() booking: ConsultBookingRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.flag(booking, "flagReason", context);
  }
}

@Resolver(() => Dossier)
export class DossierConsultationsResolver {
  @FieldResolver(() => [ConsultBooking])
  consultations(@Root() dossier: DossierRow, @Ctx() context: HubContext) {
    return context.services.consult.fields.consultations(dossier, context);
  }
}

@Resolver(() => Viewer)
export class ViewerLawyerResolver {
  @FieldResolver(() => Lawyer, { nullable: true })
  lawyer(@Root() caller: Caller, @Ctx() { services }: HubContext) {
    return services.consult.lawyers.forViewer(caller);
  }
}
