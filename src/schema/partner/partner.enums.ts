import { roles } from "../../auth/roles.js";
import { graphqlEnum } from "../enum.js";

export const RoleEnum = graphqlEnum("Role", roles);
export const OrganizationKindEnum = graphqlEnum("OrganizationKind", [
  "SERVICE_CENTER",
  "POST_OFFICE",
  "BANK",
  "BAR_ASSOCIATION",
  "LAW_FIRM",
  "LAND_REGISTRY",
] as const);
export const ProcedureFieldEnum = graphqlEnum("ProcedureField", [
  "SECURITY_REGISTRATION",
  "CONSTRUCTION_PERMIT",
  "JUDICIAL_RECORD",
  "OTHER",
] as const);
