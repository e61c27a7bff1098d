/**
 * The dossier status machine of SPEC §2 and who may make each move. Pure: no database.
 * The expected table is written here from the SPEC text, not imported from the module.
 */
import { describe, expect, it } from "vitest";
import {
  assertTransition,
  canMove,
  dossierMachine,
  dossierStatuses,
  type DossierStatus,
  type MoverKind,
} from "../../src/services/dossier/dossier.transitions.js";
import { HubError } from "../../src/errors.js";

const allStatuses = [
  "SUBMITTED",
  "RECEIVED",
  "DIGITIZED",
  "IN_PROCESSING",
  "SUPPLEMENT_REQUESTED",
  "APPROVED",
  "REJECTED",
  "RESULT_READY",
  "RETURNED",
  "WITHDRAWN",
] as const satisfies readonly DossierStatus[];

/**
 * SPEC §2: `SUBMITTED → RECEIVED | WITHDRAWN`; `RECEIVED → DIGITIZED | IN_PROCESSING | WITHDRAWN`;
 * `DIGITIZED → IN_PROCESSING | WITHDRAWN`; `IN_PROCESSING → SUPPLEMENT_REQUESTED | APPROVED | REJECTED`;
 * `SUPPLEMENT_REQUESTED → IN_PROCESSING | WITHDRAWN`; `APPROVED → RESULT_READY`; `REJECTED → RESULT_READY`;
 * `RESULT_READY → RETURNED`. Any other move is INVALID_TRANSITION.
 */
const specMoves = `
  SUBMITTED -> RECEIVED
  SUBMITTED -> WITHDRAWN
  RECEIVED -> DIGITIZED
  RECEIVED -> IN_PROCESSING
  RECEIVED -> WITHDRAWN
  DIGITIZED -> IN_PROCESSING
  DIGITIZED -> WITHDRAWN
  IN_PROCESSING -> SUPPLEMENT_REQUESTED
  IN_PROCESSING -> APPROVED
  IN_PROCESSING -> REJECTED
  SUPPLEMENT_REQUESTED -> IN_PROCESSING
  SUPPLEMENT_REQUESTED -> WITHDRAWN
  APPROVED -> RESULT_READY
  REJECTED -> RESULT_READY
  RESULT_READY -> RETURNED
`;
const allowed = new Set(
  specMoves
    .trim()
    .split("\n")
    .map((line) => line.trim().replace(/\s*->\s*/, ">")),
);
const key = (from: DossierStatus, to: DossierStatus) => `${from}>${to}`;
const isAllowed = (from: DossierStatus, to: DossierStatus) => allowed.has(key(from, to));

const allPairs = allStatuses.flatMap((from) => allStatuses.map((to) => [from, to] as const));
const allowedPairs = allPairs.filter(([from, to]) => isAllowed(from, to));
const disallowedPairs = allPairs.filter(([from, to]) => !isAllowed(from, to));

const moverKinds = ["CENTER_STAFF", "POST_CLERK", "APPLICANT", "SYSTEM"] as const satisfies readonly MoverKind[];

/** Which target statuses each mover kind may move a dossier into (SPEC §2 and the brief). */
const mayMoveInto: Record<MoverKind, readonly DossierStatus[]> = {
  // "center staff may do every move"
  CENTER_STAFF: allStatuses,
  // "post clerks may receive, digitize and return"
  POST_CLERK: ["RECEIVED", "DIGITIZED", "RETURNED"],
  // "the applicant may withdraw before processing"
  APPLICANT: ["WITHDRAWN"],
  // "the land-registry integration drives the processing moves" (and a delivered shipment returns the result)
  SYSTEM: ["IN_PROCESSING", "SUPPLEMENT_REQUESTED", "APPROVED", "REJECTED", "RESULT_READY", "RETURNED"],
};

function errorOf(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectHubError(fn: () => void, code: string) {
  const error = errorOf(fn);
  expect(error).toBeInstanceOf(HubError);
  expect((error as HubError).code).toBe(code);
}

describe("dossier statuses", () => {
  it("are exactly the statuses of the SPEC", () => {
    expect([...dossierStatuses].sort()).toEqual([...allStatuses].sort());
    expect([...dossierMachine.definition.states].sort()).toEqual([...allStatuses].sort());
  });

  it("the SPEC table has 15 moves over 10 statuses", () => {
    expect(allowed.size).toBe(15);
    expect(allPairs).toHaveLength(100);
    for (const move of allowed) {
      const [from, to] = move.split(">");
      expect(allStatuses as readonly string[]).toContain(from);
      expect(allStatuses as readonly string[]).toContain(to);
    }
  });
});

describe("canMove over every (from, to) pair", () => {
  it.each(allPairs)("%s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(isAllowed(from, to));
  });

  it("the exported table lists exactly the SPEC moves", () => {
    const exported = new Set(dossierMachine.definition.transitions.map((move) => key(move.from, move.to)));
    expect([...exported].sort()).toEqual([...allowed].sort());
  });

  it("RETURNED and WITHDRAWN are final; no status moves to itself or back to SUBMITTED", () => {
    for (const to of allStatuses) {
      expect(canMove("RETURNED", to)).toBe(false);
      expect(canMove("WITHDRAWN", to)).toBe(false);
      expect(canMove(to, to)).toBe(false);
      expect(canMove(to, "SUBMITTED")).toBe(false);
    }
  });
});

describe("assertTransition: a move the machine does not have", () => {
  it.each(disallowedPairs)("%s → %s is INVALID_TRANSITION whoever moves", (from, to) => {
    for (const kind of moverKinds) {
      expectHubError(() => assertTransition(from, to, [kind]), "INVALID_TRANSITION");
    }
    expectHubError(() => assertTransition(from, to, [...moverKinds]), "INVALID_TRANSITION");
    expectHubError(() => assertTransition(from, to, []), "INVALID_TRANSITION");
  });

  it("the applicant cannot withdraw once processing has begun or ended", () => {
    for (const from of ["IN_PROCESSING", "APPROVED", "REJECTED", "RESULT_READY", "RETURNED"] as const) {
      expectHubError(() => assertTransition(from, "WITHDRAWN", ["APPLICANT"]), "INVALID_TRANSITION");
    }
  });
});

describe("assertTransition: who may make an allowed move", () => {
  const cases = allowedPairs.flatMap(([from, to]) =>
    moverKinds.map((kind) => [from, to, kind, mayMoveInto[kind].includes(to)] as const),
  );

  it.each(cases)("%s → %s by %s (allowed: %s)", (from, to, kind, permitted) => {
    if (permitted) {
      expect(() => assertTransition(from, to, [kind])).not.toThrow();
    } else {
      expectHubError(() => assertTransition(from, to, [kind]), "FORBIDDEN");
    }
  });

  it("center staff may make every allowed move", () => {
    for (const [from, to] of allowedPairs) expect(() => assertTransition(from, to, ["CENTER_STAFF"])).not.toThrow();
  });

  it("post clerks receive, digitize and return only", () => {
    expect(() => assertTransition("SUBMITTED", "RECEIVED", ["POST_CLERK"])).not.toThrow();
    expect(() => assertTransition("RECEIVED", "DIGITIZED", ["POST_CLERK"])).not.toThrow();
    expect(() => assertTransition("RESULT_READY", "RETURNED", ["POST_CLERK"])).not.toThrow();
    expectHubError(() => assertTransition("RECEIVED", "IN_PROCESSING", ["POST_CLERK"]), "FORBIDDEN");
    expectHubError(() => assertTransition("IN_PROCESSING", "APPROVED", ["POST_CLERK"]), "FORBIDDEN");
    expectHubError(() => assertTransition("APPROVED", "RESULT_READY", ["POST_CLERK"]), "FORBIDDEN");
    expectHubError(() => assertTransition("SUBMITTED", "WITHDRAWN", ["POST_CLERK"]), "FORBIDDEN");
  });

  it("the applicant may only withdraw, from every status that allows it", () => {
    for (const from of ["SUBMITTED", "RECEIVED", "DIGITIZED", "SUPPLEMENT_REQUESTED"] as const) {
      expect(() => assertTransition(from, "WITHDRAWN", ["APPLICANT"])).not.toThrow();
    }
    expectHubError(() => assertTransition("SUBMITTED", "RECEIVED", ["APPLICANT"]), "FORBIDDEN");
    expectHubError(() => assertTransition("SUPPLEMENT_REQUESTED", "IN_PROCESSING", ["APPLICANT"]), "FORBIDDEN");
    expectHubError(() => assertTransition("RESULT_READY", "RETURNED", ["APPLICANT"]), "FORBIDDEN");
  });

  it("the system drives the processing moves but never withdraws, receives or digitizes", () => {
    expect(() => assertTransition("RECEIVED", "IN_PROCESSING", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("IN_PROCESSING", "SUPPLEMENT_REQUESTED", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("SUPPLEMENT_REQUESTED", "IN_PROCESSING", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("IN_PROCESSING", "APPROVED", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("IN_PROCESSING", "REJECTED", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("APPROVED", "RESULT_READY", ["SYSTEM"])).not.toThrow();
    expect(() => assertTransition("RESULT_READY", "RETURNED", ["SYSTEM"])).not.toThrow();
    for (const from of ["SUBMITTED", "RECEIVED", "DIGITIZED", "SUPPLEMENT_REQUESTED"] as const) {
      expectHubError(() => assertTransition(from, "WITHDRAWN", ["SYSTEM"]), "FORBIDDEN");
    }
    expectHubError(() => assertTransition("SUBMITTED", "RECEIVED", ["SYSTEM"]), "FORBIDDEN");
    expectHubError(() => assertTransition("RECEIVED", "DIGITIZED", ["SYSTEM"]), "FORBIDDEN");
  });

  it("no mover kind at all is FORBIDDEN; any one permitted kind among several suffices", () => {
    for (const [from, to] of allowedPairs) expectHubError(() => assertTransition(from, to, []), "FORBIDDEN");
    expect(() => assertTransition("SUBMITTED", "WITHDRAWN", ["POST_CLERK", "APPLICANT"])).not.toThrow();
    expect(() => assertTransition("IN_PROCESSING", "APPROVED", ["APPLICANT", "SYSTEM"])).not.toThrow();
    expectHubError(() => assertTransition("IN_PROCESSING", "APPROVED", ["APPLICANT", "POST_CLERK"]), "FORBIDDEN");
  });

  it("INVALID_TRANSITION names the move; it wins over FORBIDDEN", () => {
    const error = errorOf(() => assertTransition("SUBMITTED", "APPROVED", ["APPLICANT"])) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe("INVALID_TRANSITION");
    expect(error.extensions).toMatchObject({ from: "SUBMITTED", to: "APPROVED" });
  });
});
