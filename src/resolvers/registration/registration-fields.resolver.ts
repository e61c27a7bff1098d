import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, ID, Info, Int, Resolver, Root } from "type-graphql";
import type { DossierRow } from "../../services/dossier/index.js";
import {
  MORTGAGOR_COLUMNS,
  OBLIGATION_FIELD_COLUMNS,
  PRIORITY_COLUMNS,
  type RegistrationColumn,
  type RegistrationRow,
} from "../../services/registration/index.js";
import type { StoredParcel } from "../../services/registration/index.js";
import { Dossier } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { Organization } from "../../schema/partner/partner.type.js";
import {
  Encumbrance,
  LandParcel,
  Party,
  RegistrationEvent,
  SecuredObligation,
  SecurityRegistration,
} from "../../schema/registration/registration.type.js";
import type { HubContext } from "../context.js";
import { dossierColumns } from "../dossier/dossier-fields.resolver.js";
import { columnsBySelection } from "../selection.js";
import type { RankedEncumbrance } from "../../services/registration/priority.js";

/**
 * What each field of SecurityRegistration reads of a registration row (the type's own fields and
 * these field resolvers', with the policies they apply, whose column lists stand beside the rules):
 * a page reads its registrations with those columns only. A field missing here reads whole rows; a
 * field that comes to read another column must name it here.
 */
export const registrationColumns = columnsBySelection<RegistrationColumn>({
  __typename: [],
  id: ["id"],
  kind: ["kind"],
  status: ["status"],
  attachedAssets: ["attachedAssets"],
  securityContractNumber: ["securityContractNumber"],
  securityContractDate: ["securityContractDate"],
  registrationNumber: ["registrationNumber"],
  registeredAt: ["registeredAt"],
  rejectionReason: ["rejectionReason"],
  dossier: ["dossierId"],
  mortgagee: ["mortgageeOrgId"],
  // The rules these three apply name what they read, beside the rule.
  mortgagors: MORTGAGOR_COLUMNS,
  parcels: ["parcels"],
  obligation: OBLIGATION_FIELD_COLUMNS,
  priorityRank: PRIORITY_COLUMNS,
  subject: ["subjectId"],
  history: ["id"],
});

@Resolver(() => SecurityRegistration)
export class SecurityRegistrationFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() registration: RegistrationRow) {
    return toGlobalId("SecurityRegistration", registration.id);
  }

  @FieldResolver(() => Dossier)
  dossier(@Root() registration: RegistrationRow, @Ctx() { loaders }: HubContext, @Info() info: GraphQLResolveInfo) {
    return loaders.dossierFor(registration.dossierId, dossierColumns(info));
  }

  @FieldResolver(() => Organization)
  mortgagee(@Root() registration: RegistrationRow, @Ctx() { services }: HubContext) {
    return services.registration.registrations.organization(registration.mortgageeOrgId);
  }

  @FieldResolver(() => [Party])
  mortgagors(@Root() registration: RegistrationRow, @Ctx() { caller, services, audit }: HubContext) {
    return services.registration.registrations.mortgagors(caller!, registration, audit);
  }

  /** As the bank described them; each parcel's encumbrances come from the registry. */
  @FieldResolver(() => [LandParcel])
  parcels(@Root() registration: RegistrationRow): StoredParcel[] {
    return registration.parcels;
  }

  @FieldResolver(() => SecuredObligation, {
    nullable: true,
    description: "Visible to the mortgagee bank, the land registry and admins; null for others.",
  })
  obligation(@Root() registration: RegistrationRow, @Ctx() { caller, services }: HubContext) {
    return services.registration.registrations.obligation(caller!, registration);
  }

  @FieldResolver(() => Int, { nullable: true })
  priorityRank(@Root() registration: RegistrationRow, @Ctx() { services, loaders }: HubContext) {
    return services.registration.registrations.priorityRank(registration, loaders.landParcel);
  }

  @FieldResolver(() => SecurityRegistration, {
    nullable: true,
    description: "The registration this one amends, corrects, releases or enforces.",
  })
  subject(@Root() registration: RegistrationRow, @Ctx() { loaders }: HubContext) {
    return registration.subjectId ? loaders.registration.load(registration.subjectId) : null;
  }

  @FieldResolver(() => [RegistrationEvent])
  history(@Root() registration: RegistrationRow, @Ctx() { loaders }: HubContext) {
    return loaders.registrationEvents.load(registration.id);
  }
}

@Resolver(() => LandParcel)
export class LandParcelFieldsResolver {
  @FieldResolver(() => [Encumbrance], {
    description: "Registered securities over this parcel, first-ranking first (from the land registry).",
  })
  encumbrances(@Root() parcel: Pick<StoredParcel, "certificateSerial">, @Ctx() { services, loaders }: HubContext) {
    return services.registration.registrations.encumbrances(parcel.certificateSerial, loaders.landParcel);
  }
}

@Resolver(() => Encumbrance)
export class EncumbranceFieldsResolver {
  @FieldResolver(() => Organization)
  mortgagee(@Root() encumbrance: RankedEncumbrance, @Ctx() { services }: HubContext) {
    return services.registration.registrations.mortgageeByCode(encumbrance.mortgageeCode);
  }
}

@Resolver(() => Dossier)
export class DossierRegistrationFieldResolver {
  @FieldResolver(() => SecurityRegistration, { nullable: true })
  securityRegistration(@Root() dossier: DossierRow, @Ctx() context: HubContext) {
    return context.services.registration.registrations.ofDossier(dossier, context);
  }
}
