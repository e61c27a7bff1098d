/**
 * One fuzzed call of a root field: its arguments (see input-arbitraries.ts), how they are written
 * (variables or literals), the transport (HTTP, or graphql-ws; subscriptions only the latter), and
 * who calls: mostly a role the field's access rule allows, sometimes another role, no token or a
 * broken one.
 */
import fc from "fast-check";
import type { GraphQLField } from "graphql";
import { ACCESS_EXTENSION, type AccessRule } from "../../../src/auth/access.js";
import { roles, type Role } from "../../../src/auth/roles.js";
import type { FuzzWorld } from "./fuzz-world.js";
import { InputArbitraries, type FuzzArguments } from "./input-arbitraries.js";
import { operationText, type ArgumentStyle, type Operation, type OperationKind } from "./operation-text.js";
import type { PlausibleValues } from "./plausible-values.js";

interface Caller {
  /** For the report: the role, or what is wrong with the token. */
  label: string;
  authorization: string | undefined;
}

export interface FuzzCall extends FuzzArguments {
  field: string;
  kind: OperationKind;
  style: ArgumentStyle;
  transport: "http" | "ws";
  caller: Caller;
}

export function callArbitrary(
  kind: OperationKind,
  field: GraphQLField<unknown, unknown>,
  world: FuzzWorld,
  plausible: PlausibleValues,
): fc.Arbitrary<FuzzCall> {
  return fc.record({
    arguments: new InputArbitraries(plausible, field.name).forField(field),
    style: fc.constantFrom<ArgumentStyle>("variables", "variables", "variables", "literal"),
    transport: kind === "subscription" ? fc.constant("ws" as const) : fc.constantFrom("http" as const, "http", "http", "http", "http", "ws"),
    caller: callerArbitrary(field.extensions?.[ACCESS_EXTENSION] as AccessRule[] | "PUBLIC" | undefined, world),
  }).map(({ arguments: fuzzed, ...rest }) => ({ field: field.name, kind, ...fuzzed, ...rest }));
}

export function operationOf(call: FuzzCall, field: GraphQLField<unknown, unknown>): Operation {
  return operationText(call.kind, field, call.args, call.style);
}

function callerArbitrary(rule: AccessRule[] | "PUBLIC" | undefined, world: FuzzWorld): fc.Arbitrary<Caller> {
  const bearer = (role: Role): Caller => ({ label: role, authorization: `Bearer ${world.tokens[role]}` });
  const allowed = rule === undefined || rule === "PUBLIC" ? [] : rule.some((r) => r === "ANY_ROLE" || r === "ANY_TOKEN") ? [...roles] : (rule as Role[]);
  const others = roles.filter((role) => !allowed.includes(role));
  const anonymous: Caller = { label: "no token", authorization: undefined };
  const broken = fc.constantFrom<Caller>(
    anonymous,
    { label: "empty bearer", authorization: "Bearer " },
    { label: "garbage bearer", authorization: "Bearer not.a.jwt" },
    { label: "basic auth", authorization: "Basic dXNlcjpwYXNz" },
    { label: "tampered token", authorization: `Bearer ${world.tokens.CITIZEN}x` },
    { label: "expired token", authorization: `Bearer ${world.badTokens.expired}` },
    { label: "unknown organization", authorization: `Bearer ${world.badTokens.unfit}` },
  );
  const fitting = allowed.length > 0 ? fc.constantFrom(...allowed).map(bearer) : fc.constantFrom(anonymous, bearer("CITIZEN"));
  return fc.oneof(
    { arbitrary: fitting, weight: 12 },
    { arbitrary: others.length > 0 ? fc.constantFrom(...others).map(bearer) : fitting, weight: 1 },
    { arbitrary: broken, weight: 1 },
  );
}
