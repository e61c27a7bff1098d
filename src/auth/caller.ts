/**
 * Who is asking (the "caller"; not the GraphQL `Viewer` type, which shows it): the verified token's
 * claims resolved against the partner directory. A caller whose organization is unknown or does
 * not fit one of their roles is kept (for `viewer`) but marked unfit, and every other field refuses
 * them (SPEC §1).
 */
import type { BranchRow, OrganizationRow } from "../db/queries/partner.js";
import { organizationKindsFor, type Role } from "./roles.js";
import type { TokenClaims } from "./tokens.js";

export interface Caller {
  subject: string;
  roles: Role[];
  name: string | null;
  organization: OrganizationRow | null;
  branch: BranchRow | null;
  barNumber: string | null;
  expiresAt: Date;
  fits: boolean;
}

/** Where organizations and branches are looked up (the partner catalog provides it). */
export interface PartnerDirectory {
  organizationsByCode: ReadonlyMap<string, OrganizationRow>;
  branchesByCode: ReadonlyMap<string, BranchRow>;
}

export function callerFromClaims(claims: TokenClaims, catalog: PartnerDirectory): Caller {
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

export const hasRole = (caller: Caller | null, ...roles: Role[]): boolean =>
  caller !== null && caller.fits && caller.roles.some((role) => roles.includes(role));
