/**
 * Who may see and change which consult booking (SPEC §1, §4), in one place. `lawyer` is the
 * viewer's own Lawyer record (null unless the viewer is a LAWYER the hub knows). Reads that fail
 * answer null / NOT_FOUND, so a booking's existence is not revealed.
 */
import { hasRole, type Viewer } from "../../auth/viewer.js";
import type { BookingScope, ConsultBookingRow, LawyerRow } from "../../db/queries/consult.js";

/** The citizen the consult is for. */
export function isRequester(viewer: Viewer, booking: ConsultBookingRow): boolean {
  return hasRole(viewer, "CITIZEN") && booking.requesterSubject !== null && booking.requesterSubject === viewer.subject;
}

/** The person who booked or requested it (the citizen themself, or a staff member on their behalf). */
export function isBooker(viewer: Viewer, booking: ConsultBookingRow): boolean {
  return viewer.fits && booking.bookedBySubject === viewer.subject;
}

export function isBookingLawyer(lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return lawyer !== null && booking.lawyerId === lawyer.id;
}

/** A lawyer the roster lists as ACTIVE whose specialties cover the request's topic. */
export function mayTakeRequest(lawyer: LawyerRow | null, booking: Pick<ConsultBookingRow, "topic">): boolean {
  return lawyer !== null && lawyer.rosterStatus === "ACTIVE" && lawyer.specialties.includes(booking.topic);
}

export function canReadBooking(viewer: Viewer, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  if (!viewer.fits) return false;
  if (hasRole(viewer, "CENTER_STAFF", "ADMIN")) return true;
  if (isRequester(viewer, booking) || isBooker(viewer, booking) || isBookingLawyer(lawyer, booking)) return true;
  return hasRole(viewer, "LAWYER") && booking.status === "REQUESTED" && mayTakeRequest(lawyer, booking);
}

/** SPEC §4: the outcome is for the lawyer and the person who booked (and the citizen it is for). */
export function seesOutcome(viewer: Viewer, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return isBookingLawyer(lawyer, booking) || isRequester(viewer, booking) || isBooker(viewer, booking);
}

/** The contact phone in full: the people of the booking and center staff; others see it masked. */
export function seesContactUnmasked(viewer: Viewer, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return hasRole(viewer, "CENTER_STAFF") || seesOutcome(viewer, lawyer, booking);
}

/** The center follows up bookings whose lawyer lost their standing; nobody else sees the flag. */
export const seesFlags = (viewer: Viewer) => hasRole(viewer, "CENTER_STAFF", "ADMIN");

export function canCancel(viewer: Viewer, lawyer: LawyerRow | null, booking: ConsultBookingRow): boolean {
  return hasRole(viewer, "CENTER_STAFF") || isRequester(viewer, booking) || isBooker(viewer, booking) || isBookingLawyer(lawyer, booking);
}

/** `myConsultBookings`: a citizen's own, a lawyer's, and those a staff member booked. */
export function myBookingsScope(viewer: Viewer, lawyer: LawyerRow | null): BookingScope {
  return {
    requesterSubject: hasRole(viewer, "CITIZEN") ? viewer.subject : undefined,
    bookedBySubject: viewer.fits ? viewer.subject : undefined,
    lawyerId: lawyer?.id,
  };
}
