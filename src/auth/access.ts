/**
 * Every root field declares who may call it: `@Allow(...roles)`, `@Allow("ANY_ROLE")` (any fitting
 * token), `@Authenticated()` (any valid token, even one whose organization does not fit — only
 * `viewer`), or `@Public()`. The rule is also written into the field's extensions, so a test can walk
 * the built schema and fail on any root field that declares nothing (secure by default).
 */
import { Authorized, Extensions, type AuthChecker } from "type-graphql";
import type { Caller } from "./caller.js";
import { forbidden, unauthenticated } from "../errors.js";
import type { Role } from "./roles.js";

export type AccessRule = Role | "ANY_ROLE" | "ANY_TOKEN";

/** What the checks read of an operation's context. */
interface CallerContext {
  caller: Caller | null;
}
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

export const authChecker: AuthChecker<CallerContext, AccessRule> = ({ context }, rules) => assertAccess(context, rules);

/**
 * The check itself, also for subscriptions' `subscribe` functions, which run before type-graphql's
 * auth middleware does. Throws UNAUTHENTICATED or FORBIDDEN.
 */
export function assertAccess(context: CallerContext, rules: AccessRule[]): true {
  const caller = context.caller;
  if (!caller) throw unauthenticated();
  if (rules.includes("ANY_TOKEN")) return true;
  if (!caller.fits) {
    throw forbidden("Your token's organization or branch is unknown to the hub, or does not fit your role");
  }
  if (rules.includes("ANY_ROLE") || caller.roles.some((role) => (rules as string[]).includes(role))) return true;
  throw forbidden();
}
