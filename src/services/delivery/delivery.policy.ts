/**
 * Who works a dossier at the counter (SPEC §1, §2; issue "post office work"): the post clerks and
 * center staff of the dossier's branch — the branch in their token — scan its records, dispatch its
 * result. Reading follows the dossier's own rules.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { DossierRow } from "../../db/queries/dossier.js";
import { canReadDossier } from "../dossier/dossier.policy.js";
import { forbidden, notFound } from "../../errors.js";

function handlesAtBranch(caller: Caller, dossier: DossierRow): boolean {
  return hasRole(caller, "POST_CLERK", "CENTER_STAFF") && caller.branch !== null && dossier.branchId === caller.branch.id;
}

/** NOT_FOUND for those who may not even read the dossier, FORBIDDEN for readers from elsewhere. */
export function assertHandlesAtBranch(caller: Caller, dossier: DossierRow | undefined): asserts dossier is DossierRow {
  if (!dossier || !canReadDossier(caller, dossier)) throw notFound("Dossier");
  if (!handlesAtBranch(caller, dossier)) {
    throw forbidden("Only the post clerks and center staff of the dossier's branch may do this");
  }
}

/** Documents' bytes are for whoever may read the dossier (the applicant included). */
export const mayReadDocuments = canReadDossier;

