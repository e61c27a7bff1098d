/**
 * What the fuzzer mixes into its values so that calls get past "not found" into the services'
 * deeper rules: a token for every role, and real records of every kind made through the API
 * (dossiers in several states, a document, a delivery, a registered security, slots, bookings),
 * with their global ids, receipt codes, phones and page cursors.
 */
import { randomUUID } from "node:crypto";
import { submitDossier, receive, transition, applicantInput } from "../dossier-factory.js";
import { dispatch, uploadDocument } from "../delivery-factory.js";
import { ok } from "../graphql.js";
import type { TestHub } from "../hub.js";
import type { Role } from "../../../src/auth/roles.js";
import { book, newLawyer, publish, requestConsult, slot, workday } from "../../consult/consult-factory.js";
import { freshParcel, landBook, register, registerInput, waitForStatus } from "../../registration/registration-factory.js";

export type IdKind = "Dossier" | "Document" | "SecurityRegistration" | "ConsultSlot" | "ConsultBooking" | "Lawyer" | "Organization" | "Branch" | "Procedure";

export interface FuzzWorld {
  tokens: Record<Role, string>;
  /** A token past its expiry, and one whose organization the hub does not know (an "unfit" viewer). */
  badTokens: { expired: string; unfit: string };
  ids: Record<IdKind, string[]>;
  dossierCodes: string[];
  /** The last 4 digits of the applicants' phones, in the order of `dossierCodes`. */
  phoneLast4: string[];
  cursors: string[];
  /** Days (Hanoi) on which the lawyer has slots, for plausible instants. */
  slotDays: string[];
  certificateSerials: string[];
}

export async function buildFuzzWorld(hub: TestHub): Promise<FuzzWorld> {
  const lawyer = await newLawyer(hub, { practiceAreas: ["LAND", "FAMILY", "CONSTRUCTION"] });
  const tokens: Record<Role, string> = {
    CITIZEN: await hub.token({ role: "CITIZEN", sub: "citizen-fuzz" }),
    CENTER_STAFF: await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01", sub: "staff-fuzz" }),
    ADMIN: await hub.token({ role: "ADMIN", org: "HN-PASC", sub: "admin-fuzz" }),
    POST_CLERK: await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01", sub: "clerk-fuzz" }),
    BANK_OFFICER: await hub.token({ role: "BANK_OFFICER", org: "VCB", sub: "bank-fuzz" }),
    LAWYER: lawyer.token,
    PARTNER_APP: await hub.token({ role: "PARTNER_APP", org: "VCB", sub: "partner-app-fuzz" }),
  };
  // A lawyer's record is made on first use of the token: make it now, not during a refused mutation.
  await ok(hub.url, `{ viewer { subject lawyer { id } } }`, {}, tokens.LAWYER);

  const { CITIZEN: citizen, POST_CLERK: clerk, CENTER_STAFF: staff } = tokens;
  const dossiers = [
    await submitDossier(hub, citizen, { resultDelivery: "BY_POST", deliveryAddress: "12 Pho Hue, Hai Ba Trung, Ha Noi" }),
    await submitDossier(hub, citizen, { procedureCode: "JR-01", applicant: applicantInput({ phone: "0987654321" }) }),
    await submitDossier(hub, citizen, { procedureCode: "CP-02", resultDelivery: "ELECTRONIC" }),
    await submitDossier(hub, citizen),
    await submitDossier(hub, citizen, { resultDelivery: "BY_POST", deliveryAddress: "5 Kim Ma, Ba Dinh, Ha Noi" }),
  ];
  const [byPost, judicial, received, returned, dispatched] = dossiers.map((d) => d.id as string) as [string, string, string, string, string];
  for (const id of [byPost, judicial, received, returned, dispatched]) await receive(hub, clerk, id);
  const documentId = await uploadDocument(hub, clerk, received);
  for (const id of [byPost, returned, dispatched]) for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(hub, staff, id, to);
  await transition(hub, clerk, returned, "RETURNED");
  await dispatch(hub, clerk, dispatched);
  await transition(hub, staff, judicial, "IN_PROCESSING");
  await transition(hub, staff, judicial, "SUPPLEMENT_REQUESTED", "Missing the household book");

  const bank = tokens.BANK_OFFICER;
  const registration = await register(hub, bank, registerInput(freshParcel()), randomUUID());
  await waitForStatus(hub, bank, registration.id, ["REGISTERED"]);

  const slotDays = [workday(3), workday(5)];
  const slots = await publish(hub, tokens.LAWYER, [
    slot(slotDays[0]!, "09:00", "10:00"),
    slot(slotDays[0]!, "10:00", "11:00", "ONLINE"),
    slot(slotDays[1]!, "14:00", "15:00", "PHONE"),
  ]);
  const booking = await book(hub, citizen, slots[0]!.id, { dossierCode: dossiers[0]!.code });
  const request = await requestConsult(hub, citizen, slotDays[1]!, { topic: "FAMILY" });

  const catalog = await ok(hub.url, `{ organizations { id } branches { id } procedures { id } viewer { lawyer { id } } }`, {}, tokens.LAWYER);
  const page = await ok(hub.url, `{ dossiers(first: 2) { pageInfo { endCursor } } }`, {}, staff);
  const registrations = await ok(hub.url, `{ securityRegistrations(first: 1) { pageInfo { endCursor } } }`, {}, bank);
  const audit = await ok(hub.url, `{ auditTrail(first: 1) { pageInfo { endCursor } } }`, {}, tokens.ADMIN);
  const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);
  return {
    tokens,
    badTokens: {
      expired: await hub.token({ role: "CITIZEN", ttlSeconds: -120 }),
      unfit: await hub.token({ role: "BANK_OFFICER", org: "NO-SUCH-BANK" }),
    },
    ids: {
      Dossier: dossiers.map((d) => d.id),
      Document: [documentId],
      SecurityRegistration: [registration.id],
      ConsultSlot: ids(slots as Array<{ id: string }>),
      ConsultBooking: [booking.id, request.id],
      Lawyer: [catalog.viewer.lawyer.id],
      Organization: ids(catalog.organizations).slice(0, 3),
      Branch: ids(catalog.branches).slice(0, 3),
      Procedure: ids(catalog.procedures).slice(0, 3),
    },
    dossierCodes: dossiers.map((d) => d.code),
    phoneLast4: dossiers.map((d) => String(d.applicant.phone).slice(-4)),
    cursors: [page.dossiers.pageInfo.endCursor, registrations.securityRegistrations.pageInfo.endCursor, audit.auditTrail.pageInfo.endCursor].filter(Boolean),
    slotDays,
    certificateSerials: landBook.parcels.slice(0, 5).map((parcel) => parcel.certificateSerial),
  };
}
