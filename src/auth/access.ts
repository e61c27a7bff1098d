/**
 * Every root field declares who may call it: `@Allow(...roles)`, `@Allow("ANY_ROLE")` (any fitting
 * token), `@Authenticated()` (any valid token, even one whose organization does not fit — only
 * `viewer`), or `@Public()`. The rule is also written into the field's extensions, so a test can walk
 * the built schema and fail on any root field that declares nothing (secure by default).
 */
import type { GraphQLResolveInfo } from "graphql";
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
 * For a subscription's `subscribe` function, which runs before type-graphql's auth middleware does:
 * checks the rule the field itself declares (`@Allow` on the subscription), so the roles are written
 * once. A field that declares nothing is refused (secure by default). Returns the caller.
 */
export function declaredCaller(resolverData: { context: unknown; info: GraphQLResolveInfo }): Caller {
  const { context, info } = resolverData;
  const rules = info.parentType.getFields()[info.fieldName]?.extensions?.[ACCESS_EXTENSION] as AccessRule[] | "PUBLIC" | undefined;
  if (rules === undefined || rules === "PUBLIC") throw forbidden("This subscription declares no access rule");
  assertAccess(context as CallerContext, rules);
  return (context as CallerContext).caller!;
}

/** The check itself. Throws UNAUTHENTICATED or FORBIDDEN. */
function assertAccess(context: CallerContext, rules: AccessRule[]): true {
  const caller = context.caller;
  if (!caller) throw unauthenticated();
  if (rules.includes("ANY_TOKEN")) return true;
  if (!caller.fits) {
    throw forbidden("Your token's organization or branch is unknown to the hub, or does not fit your role");
  }
  if (rules.includes("ANY_ROLE") || caller.roles.some((role) => (rules as string[]).includes(role))) return true;
  throw forbidden();
}
