/**
 * The whole dossier state machine through the API: every move the SPEC allows, made by each
 * kind of actor, succeeds exactly when that actor may make it; every other attempt fails with
 * INVALID_TRANSITION, FORBIDDEN or NOT_FOUND (for actors who may not even read the dossier), and
 * a failed attempt changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierStatuses, type DossierStatus } from "../../src/services/dossier/dossier.transitions.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { prepareDigitization, receive, submitDossier, transition } from "../support/dossier-factory.js";
import { gql, ok } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";

// Written from SPEC §2 on purpose, not imported: the test checks the code against the text.
const allowed: Record<DossierStatus, DossierStatus[]> = {
  SUBMITTED: ["RECEIVED", "WITHDRAWN"],
  RECEIVED: ["DIGITIZED", "IN_PROCESSING", "WITHDRAWN"],
  DIGITIZED: ["IN_PROCESSING", "WITHDRAWN"],
  IN_PROCESSING: ["SUPPLEMENT_REQUESTED", "APPROVED", "REJECTED"],
  SUPPLEMENT_REQUESTED: ["IN_PROCESSING", "WITHDRAWN"],
  APPROVED: ["RESULT_READY"],
  REJECTED: ["RESULT_READY"],
  RESULT_READY: ["RETURNED"],
  RETURNED: [],
  WITHDRAWN: [],
};

/** The path from SUBMITTED to each status. */
const pathTo: Record<DossierStatus, DossierStatus[]> = {
  SUBMITTED: [],
  RECEIVED: ["RECEIVED"],
  DIGITIZED: ["RECEIVED", "DIGITIZED"],
  IN_PROCESSING: ["RECEIVED", "IN_PROCESSING"],
  SUPPLEMENT_REQUESTED: ["RECEIVED", "IN_PROCESSING", "SUPPLEMENT_REQUESTED"],
  APPROVED: ["RECEIVED", "IN_PROCESSING", "APPROVED"],
  REJECTED: ["RECEIVED", "IN_PROCESSING", "REJECTED"],
  RESULT_READY: ["RECEIVED", "IN_PROCESSING", "APPROVED", "RESULT_READY"],
  RETURNED: ["RECEIVED", "IN_PROCESSING", "APPROVED", "RESULT_READY", "RETURNED"],
  WITHDRAWN: ["WITHDRAWN"],
};

type Actor = "applicant" | "otherCitizen" | "clerkB01" | "clerkB02" | "staff" | "bankOfficer";
const actors: Actor[] = ["applicant", "otherCitizen", "clerkB01", "clerkB02", "staff", "bankOfficer"];

/** What SPEC §1–§2 say should happen when `actor` asks to move a B01 dossier from `from` to `to`. */
function expected(actor: Actor, from: DossierStatus, to: DossierStatus): "ok" | string {
  if (actor === "bankOfficer") return "FORBIDDEN"; // not a role that moves dossiers
  const hasBranch = actor === "clerkB01" || actor === "clerkB02" || actor === "staff";
  if (to === "RECEIVED" && !hasBranch) return "FORBIDDEN";
  const canRead = actor === "applicant" || actor === "clerkB01" || actor === "staff";
  if (!canRead) return "NOT_FOUND";
  if (!allowed[from].includes(to)) return "INVALID_TRANSITION";
  const may =
    actor === "staff" ||
    (actor === "clerkB01" && ["RECEIVED", "DIGITIZED", "RETURNED"].includes(to)) ||
    (actor === "applicant" && to === "WITHDRAWN");
  return may ? "ok" : "FORBIDDEN";
}

let database: TestDatabase;
let hub: TestHub;
const tokens = {} as Record<Actor, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = await startTestHub(database.handle);
  tokens.applicant = await hub.token({ role: "CITIZEN", sub: "citizen-applicant" });
  tokens.otherCitizen = await hub.token({ role: "CITIZEN", sub: "citizen-other" });
  tokens.clerkB01 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  tokens.clerkB02 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B02" });
  tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  tokens.bankOfficer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function dossierIn(status: DossierStatus): Promise<string> {
  const dossier = await submitDossier(hub, tokens.applicant);
  for (const step of pathTo[status]) {
    if (step === "RECEIVED") await receive(hub, tokens.clerkB01, dossier.id);
    else if (step === "WITHDRAWN") await transition(hub, tokens.applicant, dossier.id, step, "Changed my mind");
    else {
      if (step === "DIGITIZED") await prepareDigitization(hub, tokens.clerkB01, dossier.id);
      await transition(hub, tokens.staff, dossier.id, step);
    }
  }
  return dossier.id;
}

const MOVE = `mutation($id: ID!, $to: DossierStatus!) { transitionDossier(id: $id, to: $to, note: "test") { status version } }`;
const READ = `query($id: ID!) { dossier(id: $id) { status version timeline { sequence } } }`;

describe.each(dossierStatuses)("from %s", (from) => {
  it("allows exactly the SPEC's moves, to exactly the actors allowed to make them; failures change nothing", async () => {
    const shared = await dossierIn(from);
    const before = await ok(hub.url, READ, { id: shared }, tokens.staff);
    for (const to of dossierStatuses) {
      for (const actor of actors) {
        const want = expected(actor, from, to);
        if (want === "ok") {
          const fresh = await dossierIn(from);
          if (to === "DIGITIZED") await prepareDigitization(hub, tokens.clerkB01, fresh);
          const moved = await ok(hub.url, MOVE, { id: fresh, to }, tokens[actor]);
          expect(moved.transitionDossier.status, `${actor} ${from}→${to}`).toBe(to);
        } else {
          const response = await gql(hub.url, MOVE, { id: shared, to }, tokens[actor]);
          expect(response.errors?.[0]?.extensions.code, `${actor} ${from}→${to}`).toBe(want);
        }
      }
    }
    const after = await ok(hub.url, READ, { id: shared }, tokens.staff);
    expect(after).toEqual(before);
  });
});
