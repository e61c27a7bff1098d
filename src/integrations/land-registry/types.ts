/**
 * The land registry partner API on the wire (SPEC §3): what the hub sends, what the registry
 * answers, and the land book the bundled simulator keeps. Field names follow the registry's JSON.
 */

export type RegistrationKind = "INITIAL" | "AMENDMENT" | "DEREGISTRATION" | "ERROR_CORRECTION" | "ENFORCEMENT_NOTICE";

export const registrationKinds: readonly RegistrationKind[] = [
  "INITIAL",
  "AMENDMENT",
  "DEREGISTRATION",
  "ERROR_CORRECTION",
  "ENFORCEMENT_NOTICE",
];

type RegistryPartyKind = "INDIVIDUAL" | "ORGANIZATION";

/** A mortgagor or land user. `idNumber` is a 12-digit citizen ID or a 10-digit enterprise tax code. */
export interface RegistryParty {
  kind: RegistryPartyKind;
  fullName: string;
  idNumber: string;
  address: string;
}

interface RegistryAttachedAsset {
  kind: string;
  description: string;
  certificateSerial?: string;
}

export interface RegistrationRequest {
  kind: RegistrationKind;
  /** The registration this one acts on; required for every kind but INITIAL. */
  subjectRegistrationNumber?: string;
  mortgagee: { code: string; name: string };
  mortgagors: RegistryParty[];
  parcels: { certificateSerial: string }[];
  attachedAssets: RegistryAttachedAsset[];
  obligation: {
    contractNumber: string;
    contractDate: string;
    /** Decimal string so that no amount passes through a float. */
    amount: string;
    currency: string;
  } | null;
  securityContract: { number: string; date: string };
  hubReference: string;
  note?: string;
}

export type RegistryDecision =
  | { registryReference: string; status: "REGISTERED"; registrationNumber: string; registeredAt: string }
  | { registryReference: string; status: "REJECTED" | "SUPPLEMENT_REQUESTED"; reason: string }
  | { registryReference: string; status: "RECEIVED" };

export type RegistryDecisionStatus = RegistryDecision["status"];

export type ParcelStatus = "ACTIVE" | "FROZEN" | "CERTIFICATE_REVOKED";

export interface RegistryEncumbrance {
  registrationNumber: string;
  registeredAt: string;
  mortgageeCode: string;
  status: "REGISTERED" | "DEREGISTERED";
}

export interface RegistryParcel {
  certificateSerial: string;
  parcelNumber: string;
  mapSheetNumber: string;
  province: string;
  district: string;
  ward: string;
  address: string;
  areaM2: number;
  landUsePurpose: string;
  status: ParcelStatus;
  /** INITIAL registrations on the parcel, oldest first (registration time, then number). */
  encumbrances: RegistryEncumbrance[];
}

/** A parcel as the registry's land book holds it: who uses the land is never sent out by the API. */
export interface LandBookParcel extends Omit<RegistryParcel, "encumbrances"> {
  landUsers: RegistryParty[];
  attachedAssets: RegistryAttachedAsset[];
}

export interface LandBook {
  description?: string;
  parcels: LandBookParcel[];
}
