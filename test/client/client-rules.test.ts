/**
 * The client's pure rules, without a hub: what a document says about retries, keys and resuming,
 * and which failures are retried after how long.
 */
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { describeOperation } from "../../clients/typescript/src/operation.js";
import { backoffDelay, defaultRetrySettings, retryDelay, type AttemptFailure } from "../../clients/typescript/src/retry-policy.js";
import { withIdempotencyKeys } from "../../clients/typescript/src/variables.js";
import { DossierEventsDocument, RegisterSecurityDocument, type HubErrorCode } from "../../clients/typescript/src/index.js";

describe("reading an operation", () => {
  it("finds the idempotency key variables and counts a mutation keyed in every root field as retry-safe", () => {
    expect(describeOperation(RegisterSecurityDocument)).toMatchObject({ kind: "mutation", name: "RegisterSecurity", idempotencyKeyVariables: ["idempotencyKey"], retrySafe: true });
    const mixed = parse(`mutation($k: String!, $id: ID!) { deregisterSecurity(id: $id, reason: "r", idempotencyKey: $k) { id } withdrawDossier(id: $id, reason: "r") { id } }`);
    expect(describeOperation(mixed)).toMatchObject({ idempotencyKeyVariables: ["k"], retrySafe: false });
    const literal = parse(`mutation { deregisterSecurity(id: "1", reason: "r", idempotencyKey: "fixed") { id } }`);
    expect(describeOperation(literal)).toMatchObject({ idempotencyKeyVariables: [], retrySafe: true });
    expect(describeOperation(parse(`{ viewer { subject } }`))).toMatchObject({ kind: "query", retrySafe: true });
  });

  it("knows where dossierEvents resumes, through fragments and aliases, and only when the position is a variable", () => {
    expect(describeOperation(DossierEventsDocument).resume).toEqual({ variable: "afterSequence", responseKey: "dossierEvents", cursorField: "sequence" });
    const aliased = parse(`subscription($d: ID!, $after: Int) { events: dossierEvents(dossierId: $d, afterSequence: $after) { ... on DossierEvent { n: sequence } } }`);
    expect(describeOperation(aliased).resume).toEqual({ variable: "after", responseKey: "events", cursorField: "n" });
    expect(describeOperation(parse(`subscription($d: ID!) { dossierEvents(dossierId: $d, afterSequence: 0) { sequence } }`)).resume).toBeUndefined();
    expect(describeOperation(parse(`subscription($d: ID!, $a: Int) { dossierEvents(dossierId: $d, afterSequence: $a) { status } }`)).resume).toBeUndefined();
  });

  it("refuses a document with several operations", () => {
    expect(() => describeOperation(parse(`query A { viewer { subject } } query B { viewer { roles } }`))).toThrow(/exactly one operation/);
  });

  it("makes a UUID v4 for each key left out, and keeps one given", () => {
    const made = withIdempotencyKeys(["idempotencyKey"], { id: "1" });
    expect(made.variables).toEqual({ id: "1", idempotencyKey: made.idempotencyKey });
    expect(made.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(withIdempotencyKeys(["idempotencyKey"], { idempotencyKey: "mine" }).idempotencyKey).toBe("mine");
  });
});

describe("the retry rules", () => {
  const settings = defaultRetrySettings;
  const answer = (code: HubErrorCode, status = 200, retryAfterSeconds?: number): AttemptFailure => ({
    kind: "answer",
    code,
    status,
    retryAfterSeconds,
  });
  const delay = (failure: AttemptFailure, retrySafe: boolean, attempt = 1) => retryDelay(failure, { attempt, retrySafe, settings, random: () => 1 });

  it("waits retryAfter on RATE_LIMITED for every operation, unless it is longer than allowed", () => {
    expect(delay(answer("RATE_LIMITED", 429, 2), false)).toBe(2000);
    expect(delay(answer("RATE_LIMITED", 429, 61), true)).toBeNull();
  });

  it("retries transient failures only when safe, and a request that never left always", () => {
    for (const failure of [answer("UPSTREAM_UNAVAILABLE"), answer("INTERNAL_SERVER_ERROR", 503), { kind: "network", reachedHub: true } as const]) {
      expect(delay(failure, true)).toBe(500);
      expect(delay(failure, false)).toBeNull();
    }
    expect(delay({ kind: "network", reachedHub: false }, false)).toBe(500);
  });

  it("never retries the other codes, nor past the attempts allowed", () => {
    for (const code of ["FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "INVALID_TRANSITION", "IDEMPOTENCY_KEY_REUSED", "QUERY_TOO_COMPLEX"] as const) {
      expect(delay(answer(code, 200), true)).toBeNull();
    }
    expect(delay(answer("UPSTREAM_UNAVAILABLE"), true, 3)).toBeNull();
  });

  it("backs off exponentially with jitter, capped", () => {
    const capped = { baseDelayMs: 500, maxDelayMs: 1500 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, capped, () => 1))).toEqual([500, 1000, 1500, 1500]);
    expect(backoffDelay(2, capped, () => 0)).toBe(500);
  });
});
