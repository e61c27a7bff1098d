/**
 * Who may read and change which dossier (SPEC §1, §2), in one place. Reads that fail answer
 * NOT_FOUND, so a dossier's existence is not revealed to those who may not read it.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { DossierColumn, DossierRow, DossierScope } from "../../db/queries/dossier.js";
import type { BranchRow } from "../../db/queries/partner.js";
import { forbidden } from "../../errors.js";
import type { PersonalDataReads } from "../audit/audit-trail.js";
import { maskIdNumber, maskPhone } from "../masking.js";
import type { MoverKind } from "./dossier.transitions.js";

export function dossierScope(caller: Caller): DossierScope {
  if (hasRole(caller, "CENTER_STAFF", "ADMIN")) return { kind: "all" };
  if (hasRole(caller, "POST_CLERK")) return caller.branch ? { kind: "branch", branchId: caller.branch.id } : { kind: "none" };
  if (hasRole(caller, "BANK_OFFICER") && caller.organization) return { kind: "organization", organizationId: caller.organization.id };
  if (hasRole(caller, "CITIZEN")) return { kind: "applicant", subject: caller.subject };
  return { kind: "none" };
}

export function canReadDossier(caller: Caller, dossier: DossierRow): boolean {
  if (!caller.fits) return false;
  return caller.roles.some((role) => {
    switch (role) {
      case "CENTER_STAFF":
      case "ADMIN":
        return true;
      case "POST_CLERK":
        return caller.branch !== null && dossier.branchId === caller.branch.id;
      case "BANK_OFFICER":
        return caller.organization !== null && dossier.submittedByOrgId === caller.organization.id;
      case "CITIZEN":
        return isApplicant(caller, dossier);
      default:
        return false;
    }
  });
}

function isApplicant(caller: Caller, dossier: Pick<DossierRow, "applicantSubject">): boolean {
  return dossier.applicantSubject !== null && hasRole(caller, "CITIZEN") && dossier.applicantSubject === caller.subject;
}

/** The applicant themself, center staff, and the bank that lodged the dossier for its own parties see ID numbers and phones whole. */
function seesApplicantUnmasked(caller: Caller, dossier: Pick<DossierRow, "applicantSubject" | "submittedByOrgId">): boolean {
  if (isApplicant(caller, dossier) || hasRole(caller, "CENTER_STAFF")) return true;
  return hasRole(caller, "BANK_OFFICER") && caller.organization !== null && dossier.submittedByOrgId === caller.organization.id;
}

/**
 * What `applicantAsSeenBy` reads of a dossier (who may see the applicant whole, the audit entry's
 * id, the applicant): a row cut for the `applicant` field carries these.
 */
export const APPLICANT_COLUMNS = [
  "id",
  "applicantSubject",
  "submittedByOrgId",
  "applicantFullName",
  "applicantIdNumber",
  "applicantPhone",
] as const satisfies readonly DossierColumn[];

/**
 * The applicant as the caller may see them: ID number and phone whole for those who may
 * (seesApplicantUnmasked) — and that read goes to the audit trail — masked for everyone else.
 */
export function applicantAsSeenBy(
  caller: Caller | null,
  dossier: Pick<DossierRow, (typeof APPLICANT_COLUMNS)[number]>,
  reads: PersonalDataReads,
) {
  const whole = caller !== null && seesApplicantUnmasked(caller, dossier);
  if (whole) reads.personalDataRead({ entity: "dossier", entityId: dossier.id });
  return {
    fullName: dossier.applicantFullName,
    idNumber: whole ? dossier.applicantIdNumber : maskIdNumber(dossier.applicantIdNumber),
    phone: whole ? dossier.applicantPhone : maskPhone(dossier.applicantPhone),
  };
}

/** In which capacities the caller may move this dossier (the transition table says which moves each may make). */
export function moverKinds(caller: Caller, dossier: DossierRow): MoverKind[] {
  const kinds: MoverKind[] = [];
  if (hasRole(caller, "CENTER_STAFF")) kinds.push("CENTER_STAFF");
  if (hasRole(caller, "POST_CLERK") && caller.branch && dossier.branchId === caller.branch.id) kinds.push("POST_CLERK");
  if (isApplicant(caller, dossier)) kinds.push("APPLICANT");
  return kinds;
}

/** Staff and clerks act at their own counter: the token's branch. */
export function worksAtBranch(caller: Caller, branchId: string): boolean {
  return hasRole(caller, "POST_CLERK", "CENTER_STAFF") && caller.branch?.id === branchId;
}

/** A worklist is the counter's: the token must name the branch. */
export function worklistBranch(caller: Caller): BranchRow {
  if (!caller.branch) throw forbidden("Your token names no branch, so you have no worklist");
  return caller.branch;
}
