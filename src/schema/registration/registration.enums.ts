import { graphqlEnum } from "../enum.js";

export const SecurityRegistrationKindEnum = graphqlEnum("SecurityRegistrationKind", [
  "INITIAL",
  "AMENDMENT",
  "DEREGISTRATION",
  "ERROR_CORRECTION",
  "ENFORCEMENT_NOTICE",
] as const);

export const RegistrationStatusEnum = graphqlEnum("RegistrationStatus", [
  "SUBMITTED",
  "FORWARDED",
  "REGISTERED",
  "SUPPLEMENT_REQUESTED",
  "REJECTED",
  "DEREGISTERED",
] as const);

export const PartyKindEnum = graphqlEnum("PartyKind", ["INDIVIDUAL", "ORGANIZATION"] as const);

export const AttachedAssetKindEnum = graphqlEnum("AttachedAssetKind", [
  "HOUSE",
  "APARTMENT",
  "CONSTRUCTION",
  "PERENNIAL_TREES",
  "FUTURE_ASSET",
] as const);
