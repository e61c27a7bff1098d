import { Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import type { DossierEventRow, DossierRow } from "../../services/dossier/index.js";
import { Applicant, Dossier, DossierEvent } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { Branch, Procedure } from "../../schema/partner/partner.type.js";
import type { HubContext } from "../context.js";
import { seesApplicantUnmasked } from "../../services/dossier/dossier.policy.js";
import { isOverdue } from "../../services/dossier/overdue.js";
import { maskIdNumber, maskPhone } from "../../services/masking.js";

@Resolver(() => Dossier)
export class DossierFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() dossier: DossierRow) {
    return toGlobalId("Dossier", dossier.id);
  }

  @FieldResolver(() => Procedure)
  async procedure(@Root() dossier: DossierRow, @Ctx() { services }: HubContext) {
    return (await services.partner.catalog.get()).proceduresById.get(dossier.procedureId)!;
  }

  @FieldResolver(() => Branch, { nullable: true })
  async branch(@Root() dossier: DossierRow, @Ctx() { services }: HubContext) {
    return dossier.branchId ? (await services.partner.catalog.get()).branchesById.get(dossier.branchId) : null;
  }

  @FieldResolver(() => Applicant)
  applicant(@Root() dossier: DossierRow, @Ctx() { caller, audit }: HubContext): Applicant {
    const whole = caller !== null && seesApplicantUnmasked(caller, dossier);
    if (whole) audit.personalDataRead({ entity: "dossier", entityId: dossier.id });
    return {
      fullName: dossier.applicantFullName,
      idNumber: whole ? dossier.applicantIdNumber : maskIdNumber(dossier.applicantIdNumber),
      phone: whole ? dossier.applicantPhone : maskPhone(dossier.applicantPhone),
    };
  }

  @FieldResolver(() => Boolean, { description: "True while unfinished past dueAt, and for good if finished after it." })
  overdue(@Root() dossier: DossierRow, @Ctx() { now }: HubContext) {
    return isOverdue(dossier, now());
  }

  @FieldResolver(() => [DossierEvent])
  timeline(@Root() dossier: DossierRow, @Ctx() { loaders }: HubContext) {
    return loaders.dossierEvents.load(dossier.id);
  }
}

@Resolver(() => DossierEvent)
export class DossierEventFieldsResolver {
  @FieldResolver(() => ID)
  dossierId(@Root() event: DossierEventRow) {
    return toGlobalId("Dossier", event.dossierId);
  }

  /** SYSTEM (the hub acting for a partner) is not a role of the contract: shown as no role. */
  @FieldResolver(() => String, { nullable: true })
  actorRole(@Root() event: DossierEventRow) {
    return event.actorRole === "SYSTEM" ? null : event.actorRole;
  }
}
