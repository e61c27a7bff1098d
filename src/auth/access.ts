/**
 * Every root field declares who may call it: `@Allow(...roles)`, `@Allow("ANY_ROLE")` (any fitting
 * token), `@Authenticated()` (any valid token, even one whose organization does not fit — only
 * `viewer`), or `@Public()`. The rule is also written into the field's extensions, so a test can walk
 * the built schema and fail on any root field that declares nothing (secure by default).
 */
import { Authorized, Extensions, type AuthChecker } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { forbidden, unauthenticated } from "../services/errors.js";
import type { Role } from "./roles.js";

export type AccessRule = Role | "ANY_ROLE" | "ANY_TOKEN";
export const ACCESS_EXTENSION = "access";

function declare(rules: AccessRule[] | "PUBLIC"): MethodDecorator {
  return (target, key, descriptor) => {
    if (rules !== "PUBLIC") Authorized(...rules)(target, key, descriptor);
    Extensions({ [ACCESS_EXTENSION]: rules })(target, key, descriptor);
  };
}

export const Allow = (...rules: Array<Role | "ANY_ROLE">) => declare(rules);
export const Authenticated = () => declare(["ANY_TOKEN"]);
export const Public = () => declare("PUBLIC");

export const authChecker: AuthChecker<HubContext, AccessRule> = ({ context }, rules) => assertAccess(context, rules);

/**
 * The check itself, also for subscriptions' `subscribe` functions, which run before type-graphql's
 * auth middleware does. Throws UNAUTHENTICATED or FORBIDDEN.
 */
export function assertAccess(context: Pick<HubContext, "viewer">, rules: AccessRule[]): true {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (rules.includes("ANY_TOKEN")) return true;
  if (!viewer.fits) {
    throw forbidden("Your token's organization or branch is unknown to the hub, or does not fit your role");
  }
  if (rules.includes("ANY_ROLE") || viewer.roles.some((role) => (rules as string[]).includes(role))) return true;
  throw forbidden();
}
