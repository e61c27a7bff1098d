/**
 * What the land registry checks before it registers a security (SPEC §3), kept apart from the
 * simulator's HTTP so the rules read in one place. Pure: the caller passes what the book holds.
 */
import { registrationKinds, type LandBookParcel, type RegistrationRequest } from "./types.js";

export type RegistryVerdict =
  | { status: "REGISTERED" }
  | { status: "REJECTED" | "SUPPLEMENT_REQUESTED"; reason: string };

/** What the rules need to know about an earlier registration named as a subject. */
interface SubjectRegistration {
  mortgageeCode: string;
  status: "RECEIVED" | "REGISTERED" | "DEREGISTERED" | "REJECTED" | "SUPPLEMENT_REQUESTED";
}

export interface RegistryLookup {
  parcel(certificateSerial: string): LandBookParcel | undefined;
  registration(registrationNumber: string): SubjectRegistration | undefined;
}

/**
 * Rejections come first because they are final; the one supplement rule (an obligation amount
 * of zero, "Secured obligation amount missing") only applies to a request that would otherwise pass.
 */
export function decideRegistration(request: RegistrationRequest, book: RegistryLookup): RegistryVerdict {
  const rejection = request.kind === "INITIAL" ? initialRejection(request, book) : followUpRejection(request, book);
  if (rejection) return { status: "REJECTED", reason: rejection };
  if (request.obligation && Number(request.obligation.amount) === 0) {
    return { status: "SUPPLEMENT_REQUESTED", reason: "Secured obligation amount missing" };
  }
  return { status: "REGISTERED" };
}

function initialRejection(request: RegistrationRequest, book: RegistryLookup): string | undefined {
  if (request.parcels.length === 0) return "An initial registration must name at least one parcel";
  if (request.mortgagors.length === 0) return "An initial registration must name at least one mortgagor";
  for (const { certificateSerial } of request.parcels) {
    const parcel = book.parcel(certificateSerial);
    if (!parcel) return `Parcel ${certificateSerial} is not in the land book`;
    if (parcel.status !== "ACTIVE") return `Parcel ${certificateSerial} is ${parcel.status}`;
    for (const mortgagor of request.mortgagors) {
      if (!parcel.landUsers.some((user) => user.idNumber === mortgagor.idNumber)) {
        return `Mortgagor ${mortgagor.fullName} (${mortgagor.idNumber}) is not a land user of parcel ${certificateSerial}`;
      }
    }
  }
  return undefined;
}

function followUpRejection(request: RegistrationRequest, book: RegistryLookup): string | undefined {
  const number = request.subjectRegistrationNumber;
  if (!number) return `A ${request.kind} must name the registration it acts on (subjectRegistrationNumber)`;
  const subject = book.registration(number);
  if (!subject) return `Registration ${number} is not at the registry`;
  if (subject.status !== "REGISTERED") return `Registration ${number} is ${subject.status}, not REGISTERED`;
  if (subject.mortgageeCode !== request.mortgagee.code) {
    return `Registration ${number} belongs to another mortgagee`;
  }
  return undefined;
}

/** The first thing wrong with a request body, or undefined when it has the API's shape. */
export function findShapeProblem(body: unknown): string | undefined {
  if (!isObject(body)) return "body must be a JSON object";
  if (!registrationKinds.includes(body.kind as never)) return `kind must be one of ${registrationKinds.join(", ")}`;
  if (body.subjectRegistrationNumber !== undefined && !isText(body.subjectRegistrationNumber)) {
    return "subjectRegistrationNumber must be a string";
  }
  if (!isObject(body.mortgagee) || !isText(body.mortgagee.code, true) || !isText(body.mortgagee.name)) {
    return "mortgagee must be {code, name}";
  }
  if (!isListOf(body.mortgagors, isParty)) return "mortgagors must be a list of {kind, fullName, idNumber, address}";
  if (!isListOf(body.parcels, (parcel) => isObject(parcel) && isText(parcel.certificateSerial, true))) {
    return "parcels must be a list of {certificateSerial}";
  }
  if (!isListOf(body.attachedAssets, isAttachedAsset)) {
    return "attachedAssets must be a list of {kind, description, certificateSerial?}";
  }
  if (body.obligation !== null && !isObligation(body.obligation)) {
    return "obligation must be null or {contractNumber, contractDate, amount (decimal string), currency}";
  }
  if (!isObject(body.securityContract) || !isText(body.securityContract.number) || !isText(body.securityContract.date)) {
    return "securityContract must be {number, date}";
  }
  if (!isText(body.hubReference, true)) return "hubReference must be a non-empty string";
  if (body.note !== undefined && !isText(body.note)) return "note must be a string";
  return undefined;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isText = (value: unknown, nonEmpty = false): value is string =>
  typeof value === "string" && (!nonEmpty || value.trim() !== "");

const isListOf = (value: unknown, isItem: (item: unknown) => boolean): boolean =>
  Array.isArray(value) && value.every(isItem);

const isParty = (value: unknown): boolean =>
  isObject(value) &&
  (value.kind === "INDIVIDUAL" || value.kind === "ORGANIZATION") &&
  isText(value.fullName, true) &&
  isText(value.idNumber, true) &&
  isText(value.address);

const isAttachedAsset = (value: unknown): boolean =>
  isObject(value) &&
  isText(value.kind, true) &&
  isText(value.description) &&
  (value.certificateSerial === undefined || isText(value.certificateSerial));

const isObligation = (value: unknown): boolean =>
  isObject(value) &&
  isText(value.contractNumber) &&
  isText(value.contractDate) &&
  isText(value.amount) &&
  /^\d+(\.\d+)?$/.test(value.amount) &&
  isText(value.currency, true);
