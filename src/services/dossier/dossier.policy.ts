/**
 * Who may read and change which dossier (SPEC §1, §2), in one place. Reads that fail answer
 * NOT_FOUND, so a dossier's existence is not revealed to those who may not read it.
 */
import { hasRole, type Viewer } from "../../auth/viewer.js";
import type { DossierRow, DossierScope } from "../../db/queries/dossier.js";
import type { MoverKind } from "./transitions.js";

export function dossierScope(viewer: Viewer): DossierScope {
  if (hasRole(viewer, "CENTER_STAFF", "ADMIN")) return { kind: "all" };
  if (hasRole(viewer, "POST_CLERK")) return viewer.branch ? { kind: "branch", branchId: viewer.branch.id } : { kind: "none" };
  if (hasRole(viewer, "BANK_OFFICER") && viewer.organization) return { kind: "organization", organizationId: viewer.organization.id };
  if (hasRole(viewer, "CITIZEN")) return { kind: "applicant", subject: viewer.subject };
  return { kind: "none" };
}

export function canReadDossier(viewer: Viewer, dossier: DossierRow): boolean {
  if (!viewer.fits) return false;
  return viewer.roles.some((role) => {
    switch (role) {
      case "CENTER_STAFF":
      case "ADMIN":
        return true;
      case "POST_CLERK":
        return viewer.branch !== null && dossier.branchId === viewer.branch.id;
      case "BANK_OFFICER":
        return viewer.organization !== null && dossier.submittedByOrgId === viewer.organization.id;
      case "CITIZEN":
        return isApplicant(viewer, dossier);
      default:
        return false;
    }
  });
}

export function isApplicant(viewer: Viewer, dossier: DossierRow): boolean {
  return dossier.applicantSubject !== null && hasRole(viewer, "CITIZEN") && dossier.applicantSubject === viewer.subject;
}

/** The applicant themself, center staff, and the bank that lodged the dossier for its own parties see ID numbers and phones whole. */
export function seesApplicantUnmasked(viewer: Viewer, dossier: DossierRow): boolean {
  if (isApplicant(viewer, dossier) || hasRole(viewer, "CENTER_STAFF")) return true;
  return hasRole(viewer, "BANK_OFFICER") && viewer.organization !== null && dossier.submittedByOrgId === viewer.organization.id;
}

/** In which capacities the viewer may move this dossier (the transition table says which moves each may make). */
export function moverKinds(viewer: Viewer, dossier: DossierRow): MoverKind[] {
  const kinds: MoverKind[] = [];
  if (hasRole(viewer, "CENTER_STAFF")) kinds.push("CENTER_STAFF");
  if (hasRole(viewer, "POST_CLERK") && viewer.branch && dossier.branchId === viewer.branch.id) kinds.push("POST_CLERK");
  if (isApplicant(viewer, dossier)) kinds.push("APPLICANT");
  return kinds;
}

/** Staff and clerks act at their own counter: the token's branch. */
export function worksAtBranch(viewer: Viewer, branchId: string): boolean {
  return hasRole(viewer, "POST_CLERK", "CENTER_STAFF") && viewer.branch?.id === branchId;
}
