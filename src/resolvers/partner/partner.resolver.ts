import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Allow, Authenticated } from "../../auth/access.js";
import type { BranchRow, OrganizationRow, ProcedureRow } from "../../services/partner/index.js";
import { toGlobalId } from "../../schema/node.js";
import { OrganizationKindEnum, ProcedureFieldEnum } from "../../schema/partner/partner.enums.js";
import { Branch, Organization, Procedure, Viewer } from "../../schema/partner/partner.type.js";
import type { HubContext } from "../context.js";

@Resolver()
export class PartnerResolver {
  @Authenticated()
  @Query(() => Viewer, { description: "Who the bearer token says you are." })
  viewer(@Ctx() { caller }: HubContext) {
    return caller!;
  }

  @Allow("ANY_ROLE")
  @Query(() => [Organization])
  async organizations(
    @Arg("kind", () => OrganizationKindEnum, { nullable: true }) kind: OrganizationRow["kind"] | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.partner.catalog.organizations(kind);
  }

  @Allow("ANY_ROLE")
  @Query(() => [Branch])
  async branches(@Ctx() { services }: HubContext) {
    return services.partner.catalog.branches();
  }

  @Allow("ANY_ROLE")
  @Query(() => [Procedure])
  async procedures(
    @Arg("field", () => ProcedureFieldEnum, { nullable: true }) field: ProcedureRow["field"] | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.partner.catalog.procedures(field);
  }
}

@Resolver(() => Organization)
export class OrganizationFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() organization: OrganizationRow) {
    return toGlobalId("Organization", organization.id);
  }
}

@Resolver(() => Branch)
export class BranchFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() branch: BranchRow) {
    return toGlobalId("Branch", branch.id);
  }
}

@Resolver(() => Procedure)
export class ProcedureFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() procedure: ProcedureRow) {
    return toGlobalId("Procedure", procedure.id);
  }
}
