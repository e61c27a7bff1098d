/**
 * The consult booking state machine of SPEC §4 as one table. A request waits in the queue until a
 * lawyer takes it; a booked slot is CONFIRMED at once; a confirmed consult ends completed, as a
 * no-show, or cancelled. ConsultLifecycleService enforces it (with consult.policy deciding which
 * mover kinds a caller is), the tests iterate it, `npm run docs:states` draws it.
 */
import { bookingStatus } from "../../db/schema/consult.js";
import { StateMachine, type Transition } from "../state-machine.js";

type BookingStatus = (typeof bookingStatus.enumValues)[number];

/**
 * REQUESTER: the citizen it is for, or whoever booked it for them. BOOKING_LAWYER: the booking's
 * own lawyer. QUALIFIED_LAWYER: an ACTIVE lawyer whose specialties cover the request's topic.
 * SYSTEM: the hub, expiring a request nobody took before its window passed.
 */
export type ConsultMover = "REQUESTER" | "CENTER_STAFF" | "BOOKING_LAWYER" | "QUALIFIED_LAWYER" | "SYSTEM";

const moves: Array<Transition<BookingStatus, ConsultMover>> = [
  {
    from: "REQUESTED",
    to: "CONFIRMED",
    who: ["QUALIFIED_LAWYER"],
    guard: "a time inside the preferred window, free in the lawyer's calendar",
    refusal: "Only an active lawyer whose specialties cover the request's topic may take it",
  },
  { from: "REQUESTED", to: "CANCELLED", who: ["REQUESTER", "CENTER_STAFF", "SYSTEM"], refusal: "You may not cancel this consult" },
  {
    from: "CONFIRMED",
    to: "COMPLETED",
    who: ["BOOKING_LAWYER"],
    guard: "the consult has begun",
    refusal: "Only the consult's lawyer may complete it",
  },
  {
    from: "CONFIRMED",
    to: "NO_SHOW",
    who: ["BOOKING_LAWYER"],
    guard: "the consult was due to begin",
    refusal: "Only the consult's lawyer may record a no-show",
  },
  {
    from: "CONFIRMED",
    to: "CANCELLED",
    who: ["REQUESTER", "BOOKING_LAWYER", "CENTER_STAFF"],
    guard: "the consult is not over",
    refusal: "You may not cancel this consult",
  },
];

export const consultMachine = new StateMachine<BookingStatus, ConsultMover>({
  name: "Consult booking",
  states: bookingStatus.enumValues,
  initial: [
    { state: "CONFIRMED", who: ["CITIZEN", "CENTER_STAFF (bookConsultSlot: an available slot)"] },
    { state: "REQUESTED", who: ["CITIZEN", "CENTER_STAFF (requestConsult: into the queue)"] },
  ],
  transitions: moves,
  notes: [
    "Two bookings of one slot, or two lawyers taking one request: exactly one wins, the other gets CONFLICT.",
    "Cancelling frees the slot; a slot the lawyer made when taking a request is theirs again.",
  ],
});
