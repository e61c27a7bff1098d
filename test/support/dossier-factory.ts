/** Factories for dossier tests: valid inputs with overrides, and a dossier moved through the API. */
import type { TestHub } from "./hub.js";
import { ok } from "./graphql.js";
import { uploadDocument } from "./delivery-factory.js";

let serial = 0;

export function applicantInput(overrides: Partial<{ fullName: string; idNumber: string; phone: string; address: string }> = {}) {
  serial += 1;
  return {
    fullName: "Le Thi Hoa",
    idNumber: `0011900${String(10_000 + serial).slice(-5)}`,
    phone: `09${String(10_000_000 + serial).slice(-8)}`,
    address: "25 Ly Thuong Kiet, Hoan Kiem, Ha Noi",
    ...overrides,
  };
}

export function submitInput(overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: "CP-01",
    channel: "ONLINE",
    applicant: applicantInput(),
    branchCode: "HN-PASC-B01",
    resultDelivery: "AT_COUNTER",
    ...overrides,
  };
}

export const DOSSIER_FIELDS = `id code status version dueAt receivedAt overdue apology
  branch { code } procedure { code } applicant { fullName idNumber phone }
  timeline { sequence status actorRole note }`;

export async function submitDossier(hub: TestHub, token: string, overrides: Record<string, unknown> = {}) {
  const data = await ok(
    hub.url,
    `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { ${DOSSIER_FIELDS} } }`,
    { input: submitInput(overrides) },
    token,
  );
  return data.submitDossier;
}

export async function transition(hub: TestHub, token: string, id: string, to: string, note?: string) {
  const data = await ok(
    hub.url,
    `mutation($id: ID!, $to: DossierStatus!, $note: String) { transitionDossier(id: $id, to: $to, note: $note) { ${DOSSIER_FIELDS} } }`,
    { id, to, note },
    token,
  );
  return data.transitionDossier;
}

export async function receive(hub: TestHub, token: string, id: string, branchCode = "HN-PASC-B01") {
  const data = await ok(
    hub.url,
    `mutation($id: ID!, $branchCode: String!) { receiveDossier(id: $id, branchCode: $branchCode) { ${DOSSIER_FIELDS} } }`,
    { id, branchCode },
    token,
  );
  return data.receiveDossier;
}

/** What a dossier needs before it may be marked DIGITIZED: a stored document, uploaded by a clerk of its branch. */
export async function prepareDigitization(hub: TestHub, token: string, dossierId: string): Promise<void> {
  await uploadDocument(hub, token, dossierId);
}
