/** Factories for registration tests: inputs built from the simulator's land book, and API helpers. */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { loadBundledLandBook } from "../../src/integrations/land-registry/land-book.js";
import type { LandBookParcel } from "../../src/integrations/land-registry/types.js";
import { gql, ok, type GraphQLResponse } from "../support/graphql.js";
import type { TestHub } from "../support/hub.js";

export const landBook = loadBundledLandBook();
const activeParcels = landBook.parcels.filter((parcel) => parcel.status === "ACTIVE");
export const frozenParcel = landBook.parcels.find((parcel) => parcel.status === "FROZEN")!;

let nextParcel = 0;
/** A parcel no other test of this file has used, so priorities never mix between tests. */
export function freshParcel(): LandBookParcel {
  return activeParcels[nextParcel++ % activeParcels.length]!;
}

/** Settings that make the outbox worker quick, for hubs in tests. */
export const fastOutbox = {
  REGISTRATION_POLL_INTERVAL_MS: "100",
  REGISTRATION_RETRY_BASE_MS: "50",
  REGISTRATION_RETRY_MAX_MS: "200",
  PARTNER_TIMEOUT_MS: "1000",
  REGISTRATION_LEASE_MS: "1500",
};

function parcelInput(parcel: LandBookParcel) {
  const { certificateSerial, parcelNumber, mapSheetNumber, province, district, ward, address, areaM2, landUsePurpose } = parcel;
  return { certificateSerial, parcelNumber, mapSheetNumber, province, district, ward, address, areaM2, landUsePurpose };
}

/** A valid SR-01 input over `parcel`, its land users as mortgagors. */
export function registerInput(parcel: LandBookParcel, overrides: Record<string, unknown> = {}) {
  return {
    mortgagors: parcel.landUsers.map(({ kind, fullName, idNumber, address }) => ({ kind, fullName, idNumber, address })),
    parcels: [parcelInput(parcel)],
    attachedAssets: parcel.attachedAssets.map(({ kind, description, certificateSerial }) => ({ kind, description, certificateSerial })),
    obligation: { contractNumber: "HDTD-2025-001", contractDate: "2025-05-30", amount: "1500000000", currency: "VND" },
    securityContractNumber: "HDTC-2025-001",
    securityContractDate: "2025-05-30",
    branchCode: "HN-PASC-B01",
    resultDelivery: "ELECTRONIC",
    ...overrides,
  };
}

const REGISTRATION_FIELDS = `id kind status registrationNumber registeredAt rejectionReason priorityRank
  mortgagee { code } mortgagors { kind fullName idNumber } parcels { certificateSerial }
  obligation { contractNumber contractDate amount currency } securityContractNumber
  dossier { id code status dueAt procedure { code } timeline { sequence status actorRole note } }
  history { sequence status note } subject { id status }`;

const REGISTER = `mutation($input: RegisterSecurityInput!, $key: String!) {
  registerSecurity(input: $input, idempotencyKey: $key) { ${REGISTRATION_FIELDS} } }`;

export function tryRegister(hub: TestHub, token: string, input: unknown, key: string = randomUUID()): Promise<GraphQLResponse> {
  return gql(hub.url, REGISTER, { input, key }, token);
}

export async function register(hub: TestHub, token: string, input: unknown, key: string = randomUUID()) {
  return (await ok(hub.url, REGISTER, { input, key }, token)).registerSecurity;
}

export async function readRegistration(hub: TestHub, token: string, id: string, fields = REGISTRATION_FIELDS) {
  return (await ok(hub.url, `query($id: ID!) { securityRegistration(id: $id) { ${fields} } }`, { id }, token)).securityRegistration;
}

/** Polls the API until the registration reaches one of `statuses` (the outbox worker is asynchronous). */
export async function waitForStatus(hub: TestHub, token: string, id: string, statuses: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const registration = await readRegistration(hub, token, id);
    if (statuses.includes(registration.status)) return registration;
    if (Date.now() > deadline) expect.fail(`registration stayed ${registration.status}, expected ${statuses.join("/")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The follow-up mutations, by name, for tests that walk them. */
export async function followUp(
  hub: TestHub,
  token: string,
  mutation: "amendSecurityRegistration" | "correctSecurityRegistration" | "deregisterSecurity" | "registerEnforcementNotice",
  id: string,
  argument: Record<string, unknown>,
  key: string = randomUUID(),
): Promise<GraphQLResponse> {
  const [name, type] = Object.entries({ input: "AmendSecurityInput!", reason: "String!", note: "String!" }).find(([n]) => n in argument)!;
  return gql(
    hub.url,
    `mutation($id: ID!, $arg: ${type}, $key: String!) { ${mutation}(id: $id, ${name}: $arg, idempotencyKey: $key) { ${REGISTRATION_FIELDS} } }`,
    { id, arg: argument[name], key },
    token,
  );
}
