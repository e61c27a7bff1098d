/**
 * What bookConsultSlot and requestConsult accept, and whom the booking is for. A citizen books for
 * themself. Center staff book on a citizen's behalf: the citizen is the applicant of the dossier
 * the booking names (if that dossier belongs to a citizen account), and is otherwise known by the
 * contact name and phone only; the staff member stays the one who booked it.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { ConsultTopicName, NewConsultBooking } from "../../db/queries/consult.js";
import type { DossierRow } from "../../db/queries/dossier.js";
import { badInput } from "../../errors.js";
import * as v from "../validation.js";

export interface BookConsultInput {
  topic: ConsultTopicName;
  question: string;
  dossierCode?: string | null;
  contactName: string;
  contactPhone: string;
}

/** Reads a dossier by code as the caller may (null when missing or not theirs to read). */
export type DossierByCode = (caller: Caller, code: string) => Promise<DossierRow | null>;

export type BookingParty = Pick<
  NewConsultBooking,
  | "topic"
  | "question"
  | "dossierId"
  | "requesterSubject"
  | "bookedBySubject"
  | "bookedByRole"
  | "bookedByOrgId"
  | "contactName"
  | "contactPhone"
>;

export async function validateBookingParty(caller: Caller, input: BookConsultInput, dossierByCode: DossierByCode): Promise<BookingParty> {
  const citizen = hasRole(caller, "CITIZEN");
  const question = v.text("input.question", input.question, { max: 4000 });
  const contactName = v.text("input.contactName", input.contactName, { max: 200 });
  const contactPhone = v.phoneNumber("input.contactPhone", input.contactPhone);

  let dossier: DossierRow | null = null;
  const code = v.optionalText("input.dossierCode", input.dossierCode, { max: 40 });
  if (code) {
    dossier = await dossierByCode(caller, code.toUpperCase());
    if (!dossier) throw badInput("input.dossierCode", `No dossier ${code} that you may read`);
  }

  return {
    topic: input.topic,
    question,
    dossierId: dossier?.id ?? null,
    requesterSubject: citizen ? caller.subject : (dossier?.applicantSubject ?? null),
    bookedBySubject: caller.subject,
    bookedByRole: citizen ? "CITIZEN" : "CENTER_STAFF",
    bookedByOrgId: citizen ? null : (caller.organization?.id ?? null),
    contactName,
    contactPhone,
  };
}
