/**
 * Who may see and change which consult booking (SPEC §1, §4), in one place. `lawyer` is the
 * caller's own Lawyer record (null unless the caller is a LAWYER the hub knows). Reads that fail
 * answer null / NOT_FOUND, so a booking's existence is not revealed.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { BookingScope, ConsultBookingRow, LawyerRow } from "../../db/queries/consult.js";
import type { PersonalDataReads } from "../audit/audit-trail.js";
import { maskPhone } from "../masking.js";
import type { ConsultMover } from "./consult.transitions.js";

/** The citizen the consult is for. */
function isRequester(caller: Caller, booking: ConsultBookingRow): boolean {
  return hasRole(caller, "CITIZEN") && booking.requesterSubject !== null && booking.requesterSubject === caller.subject;
}

/** The person who booked or requested it (the citizen themself, or a staff member on their behalf). */
function isBooker(caller: Caller, booking: ConsultBookingRow): boolean {
  return caller.fits && booking.bookedBySubject === caller.subject;
}

function isBookingLawyer(lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return lawyer !== null && booking.lawyerId === lawyer.id;
}

/** A lawyer the roster lists as ACTIVE whose specialties cover the request's topic. */
export function mayTakeRequest(lawyer: LawyerRow | null, booking: Pick<ConsultBookingRow, "topic">): boolean {
  return lawyer !== null && lawyer.rosterStatus === "ACTIVE" && lawyer.specialties.includes(booking.topic);
}

export function canReadBooking(caller: Caller, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  if (!caller.fits) return false;
  if (hasRole(caller, "CENTER_STAFF", "ADMIN")) return true;
  if (isRequester(caller, booking) || isBooker(caller, booking) || isBookingLawyer(lawyer, booking)) return true;
  return hasRole(caller, "LAWYER") && booking.status === "REQUESTED" && mayTakeRequest(lawyer, booking);
}

/** SPEC §4: the outcome is for the lawyer and the person who booked (and the citizen it is for). */
export function seesOutcome(caller: Caller, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return isBookingLawyer(lawyer, booking) || isRequester(caller, booking) || isBooker(caller, booking);
}

/** The contact phone in full: the people of the booking and center staff; others see it masked. */
function seesContactUnmasked(caller: Caller, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return hasRole(caller, "CENTER_STAFF") || seesOutcome(caller, lawyer, booking);
}

/** The booking's contact as the caller may see it: the phone whole (and that read audited) or masked. */
export function contactAsSeenBy(caller: Caller | null, lawyer: LawyerRow | null, booking: ConsultBookingRow, reads: PersonalDataReads) {
  const whole = caller !== null && seesContactUnmasked(caller, lawyer, booking);
  if (whole) reads.personalDataRead({ entity: "consultBooking", entityId: booking.id });
  return { fullName: booking.contactName, phone: whole ? booking.contactPhone : maskPhone(booking.contactPhone) };
}

/** The center follows up bookings whose lawyer lost their standing; nobody else sees the flag. */
export const seesFlags = (caller: Caller) => hasRole(caller, "CENTER_STAFF", "ADMIN");

/** Which of the consult machine's mover kinds the caller is, for this booking. */
export function consultMovers(caller: Caller, lawyer: LawyerRow | null, booking: ConsultBookingRow): ConsultMover[] {
  const movers: ConsultMover[] = [];
  if (hasRole(caller, "CENTER_STAFF")) movers.push("CENTER_STAFF");
  if (isRequester(caller, booking) || isBooker(caller, booking)) movers.push("REQUESTER");
  if (isBookingLawyer(lawyer, booking)) movers.push("BOOKING_LAWYER");
  if (mayTakeRequest(lawyer, booking)) movers.push("QUALIFIED_LAWYER");
  return movers;
}

/** `myConsultBookings`: a citizen's own, a lawyer's, and those a staff member booked. */
export function myBookingsScope(caller: Caller, lawyer: LawyerRow | null): BookingScope {
  return {
    requesterSubject: hasRole(caller, "CITIZEN") ? caller.subject : undefined,
    bookedBySubject: caller.fits ? caller.subject : undefined,
    lawyerId: lawyer?.id,
  };
}
