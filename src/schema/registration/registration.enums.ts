import { registrationStatus, securityRegistrationKind } from "../../db/schema/registration.js";
import { graphqlEnum } from "../enum.js";

export const SecurityRegistrationKindEnum = graphqlEnum("SecurityRegistrationKind", securityRegistrationKind.enumValues);

export const RegistrationStatusEnum = graphqlEnum("RegistrationStatus", registrationStatus.enumValues);

export const PartyKindEnum = graphqlEnum("PartyKind", ["INDIVIDUAL", "ORGANIZATION"] as const);

export const AttachedAssetKindEnum = graphqlEnum("AttachedAssetKind", [
  "HOUSE",
  "APARTMENT",
  "CONSTRUCTION",
  "PERENNIAL_TREES",
  "FUTURE_ASSET",
] as const);
