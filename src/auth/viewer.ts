/**
 * Who is asking: the verified token's claims resolved against the catalog. A viewer whose
 * organization is unknown or does not fit one of their roles is kept (for `viewer`) but marked
 * unfit, and every other field refuses them (SPEC §1).
 */
import type { BranchRow, OrganizationRow } from "../db/queries/partner.js";
import type { CatalogSnapshot } from "../services/partner/catalog.js";
import { organizationKindsFor, type Role } from "./roles.js";
import type { TokenClaims } from "./tokens.js";

export interface Viewer {
  subject: string;
  roles: Role[];
  name: string | null;
  organization: OrganizationRow | null;
  branch: BranchRow | null;
  barNumber: string | null;
  expiresAt: Date;
  fits: boolean;
}

export function viewerFromClaims(claims: TokenClaims, catalog: CatalogSnapshot): Viewer {
  const organization = claims.org ? (catalog.organizationsByCode.get(claims.org) ?? null) : null;
  const branch = claims.branch ? (catalog.branchesByCode.get(claims.branch) ?? null) : null;
  const orgKnown = claims.org === null || organization !== null;
  const branchKnown = claims.branch === null || branch !== null;
  const rolesFit = claims.roles.every((role) => {
    const allowed = organizationKindsFor[role];
    if (allowed === "none") return true;
    if (!organization) return false;
    return allowed === "any" || allowed.includes(organization.kind);
  });
  return {
    subject: claims.subject,
    roles: claims.roles,
    name: claims.name,
    organization,
    branch,
    barNumber: claims.barNumber,
    expiresAt: claims.expiresAt,
    fits: orgKnown && branchKnown && rolesFit,
  };
}

export const hasRole = (viewer: Viewer | null, ...roles: Role[]): boolean =>
  viewer !== null && viewer.fits && viewer.roles.some((role) => roles.includes(role));
