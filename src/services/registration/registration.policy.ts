/**
 * Who may see and do what with security registrations (SPEC §1, §3), in one place.
 * - A bank officer reads and lodges only their own bank's registrations (the bank is the mortgagee).
 * - Center staff and admins read every registration (the center owns the dossiers they belong to);
 *   so does the land registry's own application (a PARTNER_APP of the LAND_REGISTRY organization).
 * - The secured obligation is shown to the mortgagee bank, the land registry and admins only.
 * - Party ID numbers are whole for the mortgagee bank (its own parties) and center staff.
 * Reads that fail answer null / NOT_FOUND, so another bank's registration is not even revealed.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { OrganizationRow } from "../../db/queries/partner.js";
import type { RegistrationColumn, RegistrationRow, RegistrationScope } from "../../db/queries/registration.js";
import { forbidden } from "../../errors.js";
import type { PersonalDataReads } from "../audit/audit-trail.js";
import { maskIdNumber } from "../masking.js";

function isLandRegistry(caller: Caller): boolean {
  return hasRole(caller, "PARTNER_APP") && caller.organization?.kind === "LAND_REGISTRY";
}

function isMortgageeOfficer(caller: Caller, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(caller, "BANK_OFFICER") && caller.organization?.id === registration.mortgageeOrgId;
}

export function registrationScope(caller: Caller): RegistrationScope {
  if (hasRole(caller, "CENTER_STAFF", "ADMIN") || isLandRegistry(caller)) return { kind: "all" };
  if (hasRole(caller, "BANK_OFFICER") && caller.organization) return { kind: "bank", organizationId: caller.organization.id };
  return { kind: "none" };
}

export function canReadRegistration(caller: Caller, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(caller, "CENTER_STAFF", "ADMIN") || isLandRegistry(caller) || isMortgageeOfficer(caller, registration);
}

export function seesObligation(caller: Caller, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(caller, "ADMIN") || isLandRegistry(caller) || isMortgageeOfficer(caller, registration);
}

/** The mortgagors as the caller may see them: ID numbers whole (and that read audited) or masked. */
/** What `mortgagorsAsSeenBy` reads of a registration: a row cut for the `mortgagors` field carries these. */
export const MORTGAGOR_COLUMNS = ["id", "mortgageeOrgId", "mortgagors"] as const satisfies readonly RegistrationColumn[];

export function mortgagorsAsSeenBy(
  caller: Caller,
  registration: Pick<RegistrationRow, (typeof MORTGAGOR_COLUMNS)[number]>,
  reads: PersonalDataReads,
) {
  if (!seesPartiesUnmasked(caller, registration)) {
    return registration.mortgagors.map((party) => ({ ...party, idNumber: maskIdNumber(party.idNumber) }));
  }
  reads.personalDataRead({ entity: "securityRegistration", entityId: registration.id });
  return registration.mortgagors;
}

function seesPartiesUnmasked(caller: Caller, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(caller, "CENTER_STAFF") || isMortgageeOfficer(caller, registration);
}

/** Encumbrances are read by every bank (priority matters to a lender), the center and the registry. */
export function assertMayLookUpParcels(caller: Caller): void {
  if (!hasRole(caller, "BANK_OFFICER", "CENTER_STAFF", "ADMIN") && !isLandRegistry(caller)) {
    throw forbidden("Only banks, the service center and the land registry look up parcels");
  }
}

/** The bank a registration is lodged for: the officer's own, which becomes the mortgagee. */
export function lodgingBank(caller: Caller): OrganizationRow {
  if (caller.organization?.kind !== "BANK") {
    throw forbidden("Only a bank's loan officers register securities, for their own bank");
  }
  return caller.organization;
}
