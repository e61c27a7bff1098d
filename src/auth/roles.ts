import type { organizationKind } from "../db/schema/partner.js";

/** The roles of the contract; SYSTEM is the hub itself acting for a partner (e.g. the land registry). */
export const roles = ["CITIZEN", "CENTER_STAFF", "POST_CLERK", "BANK_OFFICER", "LAWYER", "PARTNER_APP", "ADMIN"] as const;
export type Role = (typeof roles)[number];
export type ActorRole = Role | "SYSTEM";

export const isRole = (value: unknown): value is Role => typeof value === "string" && (roles as readonly string[]).includes(value);

export type OrganizationKindName = (typeof organizationKind.enumValues)[number];

/** Which organization a role must belong to (SPEC §1); PARTNER_APP may belong to any, CITIZEN to none. */
export const organizationKindsFor: Record<Role, readonly OrganizationKindName[] | "any" | "none"> = {
  CITIZEN: "none",
  CENTER_STAFF: ["SERVICE_CENTER"],
  POST_CLERK: ["POST_OFFICE"],
  BANK_OFFICER: ["BANK"],
  LAWYER: ["BAR_ASSOCIATION", "LAW_FIRM"],
  PARTNER_APP: "any",
  ADMIN: ["SERVICE_CENTER"],
};
