import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import {
  APPLICANT_COLUMNS,
  OVERDUE_COLUMNS,
  type DossierColumn,
  type DossierEventRow,
  type DossierRow,
  type EventColumn,
} from "../../services/dossier/index.js";
import { Applicant, Dossier, DossierEvent } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { Branch, Procedure } from "../../schema/partner/partner.type.js";
import type { HubContext } from "../context.js";
import { columnsBySelection } from "../selection.js";

/**
 * What each field of Dossier reads of a dossier row — this type's own, these field resolvers' (the
 * rules they apply name their columns beside the rule), and the relations the registration, consult
 * and delivery resolvers add (each reads by the dossier's id): a page reads its dossiers with those
 * columns only. A field missing here reads whole rows; a field that comes to read another column
 * must name it here.
 */
export const dossierColumns = columnsBySelection<DossierColumn>({
  __typename: [],
  id: ["id"],
  code: ["code"],
  channel: ["channel"],
  status: ["status"],
  submittedAt: ["submittedAt"],
  receivedAt: ["receivedAt"],
  dueAt: ["dueAt"],
  apology: ["apology"],
  resultDelivery: ["resultDelivery"],
  version: ["version"],
  procedure: ["procedureId"],
  branch: ["branchId"],
  // The rules these two apply name what they read, beside the rule.
  applicant: APPLICANT_COLUMNS,
  overdue: OVERDUE_COLUMNS,
  timeline: ["id"],
  documents: ["id"],
  delivery: ["id"],
  consultations: ["id"],
  securityRegistration: ["id"],
});

/**
 * What each field of DossierEvent reads of an event row (the type's own fields and
 * DossierEventFieldsResolver's): a timeline is read with those columns only. A field missing here
 * reads whole events.
 */
export const timelineColumns = columnsBySelection<EventColumn>({
  __typename: [],
  sequence: ["sequence"],
  dossierId: ["dossierId"],
  status: ["status"],
  at: ["at"],
  actorRole: ["actorRole"],
  note: ["note"],
});

@Resolver(() => Dossier)
export class DossierFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() dossier: DossierRow) {
    return toGlobalId("Dossier", dossier.id);
  }

  @FieldResolver(() => Procedure)
  procedure(@Root() dossier: DossierRow, @Ctx() { services }: HubContext) {
    return services.dossier.fields.procedure(dossier);
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() dossier: DossierRow, @Ctx() { services }: HubContext) {
    return services.dossier.fields.branch(dossier);
  }

  @FieldResolver(() => Applicant)
  applicant(@Root() dossier: DossierRow, @Ctx() context: HubContext): Applicant {
    return context.services.dossier.fields.applicant(dossier, context);
  }

  @FieldResolver(() => Boolean, { description: "True while unfinished past dueAt, and for good if finished after it." })
  overdue(@Root() dossier: DossierRow, @Ctx() context: HubContext) {
    return context.services.dossier.fields.overdue(dossier, context);
  }

  @FieldResolver(() => [DossierEvent])
  timeline(@Root() dossier: DossierRow, @Ctx() context: HubContext, @Info() info: GraphQLResolveInfo) {
    return context.services.dossier.fields.timeline(dossier, context, timelineColumns(info));
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
