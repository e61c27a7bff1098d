/**
 * The dossier state machine of SPEC §2 and who may make each move. Pure data and one check,
 * tested without a database.
 */
import { dossierStatus } from "../../db/schema/dossier.js";
import { forbidden, invalidTransition } from "../../errors.js";

/** The statuses of SPEC §2, as the database enum stores them. */
export const dossierStatuses = dossierStatus.enumValues;
export type DossierStatus = (typeof dossierStatuses)[number];

export const transitions: Record<DossierStatus, readonly DossierStatus[]> = {
  SUBMITTED: ["RECEIVED", "WITHDRAWN"],
  RECEIVED: ["DIGITIZED", "IN_PROCESSING", "WITHDRAWN"],
  DIGITIZED: ["IN_PROCESSING", "WITHDRAWN"],
  IN_PROCESSING: ["SUPPLEMENT_REQUESTED", "APPROVED", "REJECTED"],
  SUPPLEMENT_REQUESTED: ["IN_PROCESSING", "WITHDRAWN"],
  APPROVED: ["RESULT_READY"],
  REJECTED: ["RESULT_READY"],
  RESULT_READY: ["RETURNED"],
  RETURNED: [],
  WITHDRAWN: [],
};

/**
 * Who moves a dossier into each status. Center staff may make every move; post clerks receive,
 * digitize and return; the applicant withdraws while the dossier waits on them (before processing,
 * or when asked to supplement); SYSTEM is the land-registry integration driving SR dossiers.
 */
export type MoverKind = "CENTER_STAFF" | "POST_CLERK" | "APPLICANT" | "SYSTEM";

const movers: Record<DossierStatus, readonly MoverKind[]> = {
  SUBMITTED: [],
  RECEIVED: ["CENTER_STAFF", "POST_CLERK"],
  DIGITIZED: ["CENTER_STAFF", "POST_CLERK"],
  IN_PROCESSING: ["CENTER_STAFF", "SYSTEM"],
  SUPPLEMENT_REQUESTED: ["CENTER_STAFF", "SYSTEM"],
  APPROVED: ["CENTER_STAFF", "SYSTEM"],
  REJECTED: ["CENTER_STAFF", "SYSTEM"],
  RESULT_READY: ["CENTER_STAFF", "SYSTEM"],
  RETURNED: ["CENTER_STAFF", "POST_CLERK", "SYSTEM"],
  WITHDRAWN: ["CENTER_STAFF", "APPLICANT"],
};

export function canMove(from: DossierStatus, to: DossierStatus): boolean {
  return transitions[from].includes(to);
}

/** Throws INVALID_TRANSITION for a move the machine does not have, FORBIDDEN for a mover who may not make it. */
export function assertTransition(from: DossierStatus, to: DossierStatus, moverKinds: readonly MoverKind[]): void {
  if (!canMove(from, to)) throw invalidTransition(from, to);
  if (!moverKinds.some((kind) => movers[to].includes(kind))) {
    throw forbidden(`You may not move a dossier to ${to}`);
  }
}

/** A dossier whose clock has stopped: the result exists, or the applicant withdrew. */
export const finishingStatuses: readonly DossierStatus[] = ["RESULT_READY", "WITHDRAWN"];
/** Statuses in which the applicant still waits on the administration. */

