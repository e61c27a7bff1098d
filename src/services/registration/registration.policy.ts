/**
 * Who may see and do what with security registrations (SPEC §1, §3), in one place.
 * - A bank officer reads and lodges only their own bank's registrations (the bank is the mortgagee).
 * - Center staff and admins read every registration (the center owns the dossiers they belong to);
 *   so does the land registry's own application (a PARTNER_APP of the LAND_REGISTRY organization).
 * - The secured obligation is shown to the mortgagee bank, the land registry and admins only.
 * - Party ID numbers are whole for the mortgagee bank (its own parties) and center staff.
 * Reads that fail answer null / NOT_FOUND, so another bank's registration is not even revealed.
 */
import { hasRole, type Viewer } from "../../auth/viewer.js";
import type { OrganizationRow } from "../../db/queries/partner.js";
import type { RegistrationRow, RegistrationScope } from "../../db/queries/registration.js";
import { forbidden } from "../errors.js";

export function isLandRegistry(viewer: Viewer): boolean {
  return hasRole(viewer, "PARTNER_APP") && viewer.organization?.kind === "LAND_REGISTRY";
}

function isMortgageeOfficer(viewer: Viewer, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(viewer, "BANK_OFFICER") && viewer.organization?.id === registration.mortgageeOrgId;
}

export function registrationScope(viewer: Viewer): RegistrationScope {
  if (hasRole(viewer, "CENTER_STAFF", "ADMIN") || isLandRegistry(viewer)) return { kind: "all" };
  if (hasRole(viewer, "BANK_OFFICER") && viewer.organization) return { kind: "bank", organizationId: viewer.organization.id };
  return { kind: "none" };
}

export function canReadRegistration(viewer: Viewer, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(viewer, "CENTER_STAFF", "ADMIN") || isLandRegistry(viewer) || isMortgageeOfficer(viewer, registration);
}

export function seesObligation(viewer: Viewer, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(viewer, "ADMIN") || isLandRegistry(viewer) || isMortgageeOfficer(viewer, registration);
}

export function seesPartiesUnmasked(viewer: Viewer, registration: Pick<RegistrationRow, "mortgageeOrgId">): boolean {
  return hasRole(viewer, "CENTER_STAFF") || isMortgageeOfficer(viewer, registration);
}

/** Encumbrances are read by every bank (priority matters to a lender), the center and the registry. */
export function assertMayLookUpParcels(viewer: Viewer): void {
  if (!hasRole(viewer, "BANK_OFFICER", "CENTER_STAFF", "ADMIN") && !isLandRegistry(viewer)) {
    throw forbidden("Only banks, the service center and the land registry look up parcels");
  }
}

/** The bank a registration is lodged for: the officer's own, which becomes the mortgagee. */
export function lodgingBank(viewer: Viewer): OrganizationRow {
  if (!hasRole(viewer, "BANK_OFFICER") || viewer.organization?.kind !== "BANK") {
    throw forbidden("Only a bank's loan officers register securities, for their own bank");
  }
  return viewer.organization;
}
