import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { useTestHub, type TestHub } from "../support/hub.js";
import type { TestDatabase } from "../support/database.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { DOSSIER_FIELDS, prepareDigitization, receive, submitDossier, transition } from "../support/dossier-factory.js";

let hub: TestHub;
let database: TestDatabase;

useTestHub(async (started, db) => {
  hub = started;
  database = db;
});

describe("a dossier from submission to result", () => {
  it("is submitted by a citizen, received at a branch, processed and returned", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });

    const dossier = await submitDossier(hub, citizen);
    expect(dossier.code).toMatch(/^HN-\d{4}-\d{6}$/);
    expect(dossier.status).toBe("SUBMITTED");
    expect(dossier.timeline).toEqual([{ sequence: 1, status: "SUBMITTED", actorRole: "CITIZEN", note: "Submitted via ONLINE" }]);

    const received = await receive(hub, clerk, dossier.id);
    expect(received.status).toBe("RECEIVED");
    expect(received.dueAt).not.toBeNull();
    expect(received.version).toBe(2);

    await prepareDigitization(hub, clerk, dossier.id);
    for (const to of ["DIGITIZED", "IN_PROCESSING", "APPROVED", "RESULT_READY"]) {
      await transition(hub, to === "DIGITIZED" ? clerk : staff, dossier.id, to);
    }
    const returned = await transition(hub, clerk, dossier.id, "RETURNED");
    expect(returned.timeline.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const mine = await ok(hub.url, `{ dossiers { totalCount nodes { code } } }`, {}, citizen);
    expect(mine.dossiers).toEqual({ totalCount: 1, nodes: [{ code: dossier.code }] });
  });

  it("numbers receipts past a million with seven digits, never cut to six", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const year = (await submitDossier(hub, citizen)).code.slice(3, 7);
    await database.handle.db.execute(sql`select setval('dossier_code_seq', 999998)`);
    const codes = [(await submitDossier(hub, citizen)).code, (await submitDossier(hub, citizen)).code];
    expect(codes).toEqual([`HN-${year}-999999`, `HN-${year}-1000000`]);
  });

  it("refuses a move the state machine does not have, and changes nothing", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossier = await submitDossier(hub, citizen);
    const code = await errorCode(
      hub.url,
      `mutation($id: ID!) { transitionDossier(id: $id, to: APPROVED) { id } }`,
      { id: dossier.id },
      staff,
    );
    expect(code).toBe("INVALID_TRANSITION");
    const after = await ok(hub.url, `query($id: ID!) { dossier(id: $id) { ${DOSSIER_FIELDS} } }`, { id: dossier.id }, staff);
    expect(after.dossier.version).toBe(1);
    expect(after.dossier.timeline).toHaveLength(1);
  });

  it("answers UNAUTHENTICATED without a token and with a bad one", async () => {
    expect(await errorCode(hub.url, `{ dossiers { totalCount } }`)).toBe("UNAUTHENTICATED");
    const bad = await gql(hub.url, `{ dossiers { totalCount } }`, {}, "not-a-jwt");
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
