/**
 * The consult booking status machine. A request waits in the queue until a lawyer takes it; a
 * confirmed consult ends completed, as a no-show, or cancelled. Pure data and one check.
 */
import type { BookingStatusName } from "../../db/queries/consult.js";
import { invalidBookingTransition } from "../../errors.js";

export const bookingTransitions: Record<BookingStatusName, readonly BookingStatusName[]> = {
  REQUESTED: ["CONFIRMED", "CANCELLED"],
  CONFIRMED: ["COMPLETED", "NO_SHOW", "CANCELLED"],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

function canMoveBooking(from: BookingStatusName, to: BookingStatusName): boolean {
  return bookingTransitions[from].includes(to);
}

/** Throws INVALID_TRANSITION for a move the machine does not have. */
export function assertBookingTransition(from: BookingStatusName, to: BookingStatusName): void {
  if (!canMoveBooking(from, to)) throw invalidBookingTransition(from, to);
}
