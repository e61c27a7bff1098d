import { organizationKind, procedureField } from "../../db/schema/partner.js";
import { roles } from "../../auth/roles.js";
import { graphqlEnum } from "../enum.js";

export const RoleEnum = graphqlEnum("Role", roles);
export const OrganizationKindEnum = graphqlEnum("OrganizationKind", organizationKind.enumValues);
export const ProcedureFieldEnum = graphqlEnum("ProcedureField", procedureField.enumValues);
