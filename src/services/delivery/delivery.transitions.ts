/**
 * The shipment state machine of a result sent by post (SPEC §2 "Result by post") as one table.
 * The post's tracking events (webhook or polling) arrive late, twice and out of order, so the hub
 * moves a delivery only forward in the post's order:
 *   CREATED < PICKED_UP < IN_TRANSIT < FAILED < DELIVERED = RETURNED_TO_SENDER.
 * FAILED (one failed attempt) lies below DELIVERED so a successful second attempt still wins; the
 * two final statuses tie, so once one is recorded no event replaces it. An event that is not a
 * move of the table still joins the delivery's history. ShipmentTrackingService enforces it.
 */
import { SHIPMENT_STATUSES, type ShipmentStatus } from "../../integrations/post/types.js";
import { StateMachine, type Transition } from "../state-machine.js";

/** POST: a tracking event from the post, by webhook or by polling. */
type ShipmentMover = "POST";

const post: ShipmentMover[] = ["POST"];
const ahead = (from: ShipmentStatus, ...targets: ShipmentStatus[]) => targets.map((to) => ({ from, to, who: post }));

const moves: Array<Transition<ShipmentStatus, ShipmentMover>> = [
  ...ahead("CREATED", "PICKED_UP", "IN_TRANSIT", "FAILED", "DELIVERED", "RETURNED_TO_SENDER"),
  ...ahead("PICKED_UP", "IN_TRANSIT", "FAILED", "DELIVERED", "RETURNED_TO_SENDER"),
  ...ahead("IN_TRANSIT", "FAILED", "DELIVERED", "RETURNED_TO_SENDER"),
  ...ahead("FAILED", "DELIVERED", "RETURNED_TO_SENDER"),
];

export const shipmentMachine = new StateMachine<ShipmentStatus, ShipmentMover>({
  name: "Shipment",
  states: SHIPMENT_STATUSES,
  initial: [{ state: "CREATED", who: ["POST_CLERK", "CENTER_STAFF (dispatchResult)"] }],
  transitions: moves,
  notes: [
    "DELIVERED moves the dossier RESULT_READY → RETURNED (as SYSTEM); FAILED and RETURNED_TO_SENDER note it on the dossier's timeline, which stays RESULT_READY at its branch.",
    "An event older than what is known still joins the delivery's history; the same event twice (or a replayed webhook id) changes nothing.",
  ],
});
