/**
 * What the registration mutations accept (SPEC §3, §6). Every failure is BAD_USER_INPUT naming the
 * field the way the client sent it (`input.mortgagors.0.idNumber`), raised before anything is written.
 */
import type { StoredAttachedAsset, StoredParcel, StoredParty } from "../../db/schema/registration.js";
import { badInput } from "../../errors.js";
import type { CatalogSnapshot } from "../partner/catalog.js";
import * as v from "../validation.js";

interface PartyRequest {
  kind: StoredParty["kind"];
  fullName: string;
  idNumber: string;
  address: string;
}

type ParcelRequest = StoredParcel;

interface AttachedAssetRequest {
  kind: StoredAttachedAsset["kind"];
  description: string;
  certificateSerial?: string | null;
}

interface ObligationRequest {
  contractNumber: string;
  contractDate: string;
  amount: string;
  currency: string;
}

export interface RegistrationRequest {
  mortgagors: PartyRequest[];
  parcels: ParcelRequest[];
  attachedAssets?: AttachedAssetRequest[] | null;
  obligation: ObligationRequest;
  securityContractNumber: string;
  securityContractDate: string;
  branchCode?: string | null;
  resultDelivery: "AT_COUNTER" | "BY_POST" | "ELECTRONIC";
  deliveryAddress?: string | null;
}

export interface AmendmentRequest {
  mortgagors?: PartyRequest[] | null;
  attachedAssets?: AttachedAssetRequest[] | null;
  obligation?: ObligationRequest | null;
  note: string;
}

export interface Obligation {
  contractNumber: string;
  contractDate: string;
  amount: string;
  currency: string;
}

/** The registration record's content, as stored and sent to the registry. */
export interface RegistrationContent {
  mortgagors: StoredParty[];
  parcels: StoredParcel[];
  attachedAssets: StoredAttachedAsset[];
  obligation: Obligation;
  securityContractNumber: string;
  securityContractDate: string;
}

export interface DossierChoices {
  branchId: string | null;
  resultDelivery: RegistrationRequest["resultDelivery"];
  deliveryAddress: string | null;
}

const MAX_PARTIES = 20;
const MAX_PARCELS = 20;
const MAX_ASSETS = 50;
const MAX_AREA_M2 = 1e9;
const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

export function validateRegistration(
  input: RegistrationRequest,
  today: string,
  catalog: CatalogSnapshot,
): { content: RegistrationContent; dossier: DossierChoices } {
  const mortgagors = parties("input.mortgagors", input.mortgagors);
  if (input.parcels.length === 0) throw badInput("input.parcels", "Name at least one parcel");
  if (input.parcels.length > MAX_PARCELS) throw badInput("input.parcels", `At most ${MAX_PARCELS} parcels in one registration`);
  const parcels = input.parcels.map((parcel, i) => landParcel(`input.parcels.${i}`, parcel));
  const seen = new Set<string>();
  parcels.forEach((parcel, i) => {
    if (seen.has(parcel.certificateSerial)) {
      throw badInput(`input.parcels.${i}.certificateSerial`, `Parcel ${parcel.certificateSerial} is listed twice`);
    }
    seen.add(parcel.certificateSerial);
  });

  let branchId: string | null = null;
  const branchCode = v.optionalText("input.branchCode", input.branchCode, { max: 50 });
  if (branchCode) {
    branchId = catalog.branchesByCode.get(branchCode)?.id ?? null;
    if (!branchId) throw badInput("input.branchCode", `Unknown branch ${branchCode}`);
  }
  const deliveryAddress = v.optionalText("input.deliveryAddress", input.deliveryAddress, { max: 500 });
  if (input.resultDelivery === "BY_POST" && !deliveryAddress) {
    throw badInput("input.deliveryAddress", "deliveryAddress is required when the result is delivered by post");
  }

  return {
    content: {
      mortgagors,
      parcels,
      attachedAssets: attachedAssets("input.attachedAssets", input.attachedAssets ?? []),
      obligation: obligation("input.obligation", input.obligation, today),
      securityContractNumber: v.text("input.securityContractNumber", input.securityContractNumber, { max: 100 }),
      securityContractDate: pastDate("input.securityContractDate", input.securityContractDate, today),
    },
    dossier: { branchId, resultDelivery: input.resultDelivery, deliveryAddress },
  };
}

/** The changes an amendment or correction brings; what it leaves out stays as the subject has it. */
export function validateAmendment(
  input: AmendmentRequest,
  today: string,
): { mortgagors?: StoredParty[]; attachedAssets?: StoredAttachedAsset[]; obligation?: Obligation; note: string } {
  return {
    ...(input.mortgagors ? { mortgagors: parties("input.mortgagors", input.mortgagors) } : {}),
    ...(input.attachedAssets ? { attachedAssets: attachedAssets("input.attachedAssets", input.attachedAssets) } : {}),
    ...(input.obligation ? { obligation: obligation("input.obligation", input.obligation, today) } : {}),
    note: v.text("input.note", input.note, { max: 2000 }),
  };
}

/** Serials are compared as the registry writes them: single spaces, capitals ("CT 441141"). */
export function certificateSerial(field: string, value: string): string {
  const serial = v.text(field, value, { max: 50 }).replace(/\s+/g, " ").toUpperCase();
  if (!/^[A-Z0-9 ./-]+$/.test(serial)) throw badInput(field, `${field} may hold only letters, digits, spaces and . / -`);
  return serial;
}

function parties(field: string, list: PartyRequest[]): StoredParty[] {
  if (list.length === 0) throw badInput(field, "Name at least one mortgagor");
  if (list.length > MAX_PARTIES) throw badInput(field, `At most ${MAX_PARTIES} mortgagors`);
  const seen = new Set<string>();
  return list.map((party, i) => {
    const at = `${field}.${i}`;
    const idNumber = party.kind === "INDIVIDUAL" ? v.citizenIdNumber(`${at}.idNumber`, party.idNumber) : taxCode(`${at}.idNumber`, party.idNumber);
    if (seen.has(idNumber)) throw badInput(`${at}.idNumber`, `Mortgagor ${idNumber} is listed twice`);
    seen.add(idNumber);
    return {
      kind: party.kind,
      fullName: v.text(`${at}.fullName`, party.fullName, { max: 200 }),
      idNumber,
      address: v.text(`${at}.address`, party.address, { max: 500 }),
    };
  });
}

/** An enterprise's tax code: 10 digits, or 13 for a branch (the 10, then 3). */
function taxCode(field: string, value: string): string {
  const compact = value.trim().replace(/-/g, "");
  if (!/^\d{10}(\d{3})?$/.test(compact)) throw badInput(field, `${field} must be a 10- or 13-digit enterprise tax code`);
  return compact;
}

function landParcel(at: string, parcel: ParcelRequest): StoredParcel {
  if (!Number.isFinite(parcel.areaM2) || parcel.areaM2 <= 0 || parcel.areaM2 > MAX_AREA_M2) {
    throw badInput(`${at}.areaM2`, `${at}.areaM2 must be a positive area in square metres`);
  }
  return {
    certificateSerial: certificateSerial(`${at}.certificateSerial`, parcel.certificateSerial),
    parcelNumber: v.text(`${at}.parcelNumber`, parcel.parcelNumber, { max: 50 }),
    mapSheetNumber: v.text(`${at}.mapSheetNumber`, parcel.mapSheetNumber, { max: 50 }),
    province: v.text(`${at}.province`, parcel.province, { max: 100 }),
    district: v.text(`${at}.district`, parcel.district, { max: 100 }),
    ward: v.text(`${at}.ward`, parcel.ward, { max: 100 }),
    address: v.text(`${at}.address`, parcel.address, { max: 500 }),
    areaM2: parcel.areaM2,
    landUsePurpose: v.text(`${at}.landUsePurpose`, parcel.landUsePurpose, { max: 200 }),
  };
}

function attachedAssets(field: string, list: AttachedAssetRequest[]): StoredAttachedAsset[] {
  if (list.length > MAX_ASSETS) throw badInput(field, `At most ${MAX_ASSETS} attached assets`);
  return list.map((asset, i) => ({
    kind: asset.kind,
    description: v.text(`${field}.${i}.description`, asset.description, { max: 1000 }),
    certificateSerial: asset.certificateSerial ? certificateSerial(`${field}.${i}.certificateSerial`, asset.certificateSerial) : null,
  }));
}

function obligation(field: string, input: ObligationRequest, today: string): Obligation {
  const amount = input.amount.trim();
  if (!/^\d+(\.\d+)?$/.test(amount) || !/[1-9]/.test(amount)) {
    throw badInput(`${field}.amount`, `${field}.amount must be a positive amount`);
  }
  const currency = input.currency.trim();
  if (!/^[A-Z]{3}$/.test(currency) || !isoCurrencies.has(currency)) {
    throw badInput(`${field}.currency`, `${field}.currency must be an ISO 4217 code such as VND or USD`);
  }
  return {
    contractNumber: v.text(`${field}.contractNumber`, input.contractNumber, { max: 100 }),
    contractDate: pastDate(`${field}.contractDate`, input.contractDate, today),
    amount,
    currency,
  };
}

/** A contract is registered after it is signed: its date may not be later than today in Hanoi. */
function pastDate(field: string, value: string, today: string): string {
  if (value > today) throw badInput(field, `${field} must not be in the future`);
  return value;
}

/** Idempotency keys: 1–200 printable ASCII characters, e.g. a UUID the bank makes per operation. */
export function idempotencyKey(value: string): string {
  if (value.length < 1 || value.length > 200 || !/^[\x20-\x7e]+$/.test(value) || value.trim() === "") {
    throw badInput("idempotencyKey", "idempotencyKey must be 1 to 200 printable ASCII characters");
  }
  return value;
}
