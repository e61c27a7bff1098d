/**
 * The dossier state machine of SPEC §2 as one table: each move, who may make it, and its guard.
 * DossierService enforces it, the tests iterate it, `npm run docs:states` draws it.
 */
import { dossierStatus } from "../../db/schema/dossier.js";
import { StateMachine, type Transition } from "../state-machine.js";

/** The statuses of SPEC §2, as the database enum stores them. */
export const dossierStatuses = dossierStatus.enumValues;
export type DossierStatus = (typeof dossierStatuses)[number];

/**
 * Who moves a dossier. Center staff may make every move; post clerks receive, digitize and return;
 * the applicant withdraws while the dossier waits on them (before processing, or when asked to
 * supplement); SYSTEM is the land-registry integration driving SR dossiers, and the post's
 * delivery returning a result.
 */
export type MoverKind = "CENTER_STAFF" | "POST_CLERK" | "APPLICANT" | "SYSTEM";

/** The guard the delivery module contributes: digitizing needs a scan. */
export const STORED_DOCUMENT_GUARD = "a stored document";

const counter: MoverKind[] = ["CENTER_STAFF", "POST_CLERK"];
const processing: MoverKind[] = ["CENTER_STAFF", "SYSTEM"];
const withdrawal: MoverKind[] = ["CENTER_STAFF", "APPLICANT"];

const moves: Array<Transition<DossierStatus, MoverKind>> = [
  { from: "SUBMITTED", to: "RECEIVED", who: counter },
  { from: "SUBMITTED", to: "WITHDRAWN", who: withdrawal },
  { from: "RECEIVED", to: "DIGITIZED", who: counter, guard: STORED_DOCUMENT_GUARD },
  { from: "RECEIVED", to: "IN_PROCESSING", who: processing },
  { from: "RECEIVED", to: "WITHDRAWN", who: withdrawal },
  { from: "DIGITIZED", to: "IN_PROCESSING", who: processing },
  { from: "DIGITIZED", to: "WITHDRAWN", who: withdrawal },
  { from: "IN_PROCESSING", to: "SUPPLEMENT_REQUESTED", who: processing },
  { from: "IN_PROCESSING", to: "APPROVED", who: processing },
  { from: "IN_PROCESSING", to: "REJECTED", who: processing },
  { from: "SUPPLEMENT_REQUESTED", to: "IN_PROCESSING", who: processing },
  { from: "SUPPLEMENT_REQUESTED", to: "WITHDRAWN", who: withdrawal },
  { from: "APPROVED", to: "RESULT_READY", who: processing },
  { from: "REJECTED", to: "RESULT_READY", who: processing },
  { from: "RESULT_READY", to: "RETURNED", who: ["CENTER_STAFF", "POST_CLERK", "SYSTEM"] },
];

export const dossierMachine = new StateMachine<DossierStatus, MoverKind>({
  name: "Dossier",
  states: dossierStatuses,
  initial: [{ state: "SUBMITTED", who: ["CITIZEN", "POST_CLERK", "CENTER_STAFF", "BANK_OFFICER (an SR dossier)"] }],
  transitions: moves,
  notes: [
    "Security-registration dossiers (field SECURITY_REGISTRATION) are moved by the land registry's decisions (SYSTEM); people only hand back their result (RESULT_READY → RETURNED).",
    "A dispatched result returns (RESULT_READY → RETURNED) as SYSTEM when the post reports it DELIVERED.",
    "Every move appends a DossierEvent and bumps the version in one transaction; a stale expectedVersion is CONFLICT.",
  ],
});

export const canMove = (from: DossierStatus, to: DossierStatus) => dossierMachine.canMove(from, to);

/** Throws INVALID_TRANSITION for a move the machine does not have, FORBIDDEN for a mover who may not make it. */
export const assertTransition = (from: DossierStatus, to: DossierStatus, movers: readonly MoverKind[]) =>
  dossierMachine.assert(from, to, movers);

/** A dossier whose clock has stopped: the result exists, or the applicant withdrew. */
export const finishingStatuses: readonly DossierStatus[] = ["RESULT_READY", "WITHDRAWN"];
