/**
 * Who works a dossier at the counter (SPEC §1, §2; issue "post office work"): the post clerks and
 * center staff of the dossier's branch — the branch in their token — scan its records, dispatch its
 * result and keep its worklist. Reading follows the dossier's own rules.
 */
import { hasRole, type Viewer } from "../../auth/viewer.js";
import type { BranchRow } from "../../db/queries/partner.js";
import type { DossierRow } from "../../db/queries/dossier.js";
import { canReadDossier } from "../dossier/dossier.policy.js";
import { forbidden, notFound } from "../errors.js";

function handlesAtBranch(viewer: Viewer, dossier: DossierRow): boolean {
  return hasRole(viewer, "POST_CLERK", "CENTER_STAFF") && viewer.branch !== null && dossier.branchId === viewer.branch.id;
}

/** NOT_FOUND for those who may not even read the dossier, FORBIDDEN for readers from elsewhere. */
export function assertHandlesAtBranch(viewer: Viewer, dossier: DossierRow | undefined): asserts dossier is DossierRow {
  if (!dossier || !canReadDossier(viewer, dossier)) throw notFound("Dossier");
  if (!handlesAtBranch(viewer, dossier)) {
    throw forbidden("Only the post clerks and center staff of the dossier's branch may do this");
  }
}

/** Documents' bytes are for whoever may read the dossier (the applicant included). */
export const mayReadDocuments = canReadDossier;

/** A worklist is the counter's: the token must name the branch. */
export function worklistBranch(viewer: Viewer): BranchRow {
  if (!hasRole(viewer, "POST_CLERK", "CENTER_STAFF")) throw forbidden("Only post clerks and center staff keep a worklist");
  if (!viewer.branch) throw forbidden("Your token names no branch, so you have no worklist");
  return viewer.branch;
}
