/** The pure rules of the registration domain, without a database. */
import { describe, expect, it } from "vitest";
import { canonicalJson, registryIdempotencyKey, requestHash } from "../../src/services/registration/idempotency.js";
import { rankEncumbrances, rankOf } from "../../src/services/registration/priority.js";
import { backoffDelay } from "../../src/integrations/backoff.js";
import { registrationMachine } from "../../src/services/registration/registration.transitions.js";

describe("idempotency hashing", () => {
  it("ignores key order and null or missing optional members", () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [2, { f: 1, e: undefined }] } })).toBe('{"a":{"c":[2,{"f":1}]},"b":1}');
    expect(requestHash("registerSecurity", null, { a: 1, b: null })).toBe(requestHash("registerSecurity", null, { a: 1 }));
  });

  it("tells apart the mutation, the registration acted on and the arguments", () => {
    const base = requestHash("deregisterSecurity", "id-1", { reason: "repaid" });
    expect(requestHash("registerEnforcementNotice", "id-1", { reason: "repaid" })).not.toBe(base);
    expect(requestHash("deregisterSecurity", "id-2", { reason: "repaid" })).not.toBe(base);
    expect(requestHash("deregisterSecurity", "id-1", { reason: "repaid." })).not.toBe(base);
    // Array order is meaning (the first mortgagor is the dossier's applicant), so it counts.
    expect(requestHash("registerSecurity", null, { m: [1, 2] })).not.toBe(requestHash("registerSecurity", null, { m: [2, 1] }));
  });

  it("sends the registry one key per registration, never the bank's", () => {
    expect(registryIdempotencyKey("3f0c…")).toBe("hub-registration-3f0c…");
  });
});

describe("priority ranks", () => {
  const at = (s: number) => new Date(Date.UTC(2025, 5, 2, 3, 0, s)).toISOString();
  const encumbrances = [
    { registrationNumber: "DKTC-2025-000003", registeredAt: at(2), mortgageeCode: "TCB", status: "REGISTERED" as const },
    { registrationNumber: "DKTC-2025-000001", registeredAt: at(0), mortgageeCode: "VCB", status: "DEREGISTERED" as const },
    { registrationNumber: "DKTC-2025-000002", registeredAt: at(1), mortgageeCode: "BIDV", status: "REGISTERED" as const },
    { registrationNumber: "DKTC-2025-000004", registeredAt: at(1), mortgageeCode: "VCB", status: "REGISTERED" as const },
  ];

  it("ranks the registrations still registered by time, then number; released ones do not count", () => {
    expect(rankEncumbrances(encumbrances).map((e) => [e.priorityRank, e.registrationNumber])).toEqual([
      [1, "DKTC-2025-000002"],
      [2, "DKTC-2025-000004"],
      [3, "DKTC-2025-000003"],
    ]);
    expect(rankOf(encumbrances, "DKTC-2025-000003")).toBe(3);
    expect(rankOf(encumbrances, "DKTC-2025-000001")).toBeNull();
  });
});

describe("retry backoff", () => {
  it("grows exponentially with jitter up to the cap", () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });
});

describe("the registration status machine", () => {
  const statuses = ["SUBMITTED", "FORWARDED", "REGISTERED", "SUPPLEMENT_REQUESTED", "REJECTED", "DEREGISTERED"] as const;
  /**
   * SPEC §3: SUBMITTED (stored) → FORWARDED (the registry has it) → REGISTERED | SUPPLEMENT_REQUESTED |
   * REJECTED; a registration released by an SR-03 becomes DEREGISTERED. A request the registry
   * refuses outright (a 4xx) is REJECTED straight from SUBMITTED; an amendment, correction or
   * enforcement notice leaves its subject REGISTERED.
   */
  const moves = new Set([
    "SUBMITTED>FORWARDED",
    "SUBMITTED>REJECTED",
    "FORWARDED>REGISTERED",
    "FORWARDED>SUPPLEMENT_REQUESTED",
    "FORWARDED>REJECTED",
    "REGISTERED>REGISTERED",
    "REGISTERED>DEREGISTERED",
  ]);
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s only as the SPEC has it, and only on the land registry's word", (from, to) => {
    const allowed = moves.has(`${from}>${to}`);
    expect(registrationMachine.canMove(from, to)).toBe(allowed);
    if (allowed) expect(() => registrationMachine.assert(from, to, ["LAND_REGISTRY"])).not.toThrow();
    else expect(() => registrationMachine.assert(from, to, ["LAND_REGISTRY"])).toThrow(/cannot move/);
    if (allowed) expect(() => registrationMachine.assert(from, to, [])).toThrow(/may not move/);
  });

  it("ends REJECTED, SUPPLEMENT_REQUESTED or DEREGISTERED", () => {
    expect(registrationMachine.finalStates().sort()).toEqual(["DEREGISTERED", "REJECTED", "SUPPLEMENT_REQUESTED"]);
  });
});
