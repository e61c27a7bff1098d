/**
 * Optimistic concurrency under real contention: many truly concurrent requests against
 * PostgreSQL with the same expectedVersion — exactly one wins, the rest get CONFLICT, and the
 * timeline stays numbered without a gap.
 */
import { expect, it } from "vitest";
import { describeWithPostgres } from "../support/database.js";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { gql, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;

useTestHub(async (started) => {
  hub = started;
});

describeWithPostgres("concurrent transitions of one dossier", () => {
  it("20 calls with the same expectedVersion: one succeeds, 19 CONFLICT, no gap in the timeline", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossier = await receive(hub, clerk, (await submitDossier(hub, citizen)).id);

    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          hub.url,
          `mutation($id: ID!, $v: Int!, $note: String) { transitionDossier(id: $id, to: IN_PROCESSING, expectedVersion: $v, note: $note) { version } }`,
          { id: dossier.id, v: dossier.version, note: `attempt ${i}` },
          staff,
        ),
      ),
    );
    const won = attempts.filter((a) => !a.errors);
    const codes = attempts.filter((a) => a.errors).map((a) => a.errors![0]!.extensions.code);
    expect(won).toHaveLength(1);
    expect(codes).toEqual(Array(19).fill("CONFLICT"));

    const after = await ok(hub.url, `query($id: ID!) { dossier(id: $id) { version timeline { sequence } } }`, { id: dossier.id }, staff);
    expect(after.dossier.version).toBe(dossier.version + 1);
    expect(after.dossier.timeline.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3]);
  });

  it("concurrent different changes without expectedVersion queue up and number their events 1..n", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossiers = await Promise.all(Array.from({ length: 5 }, () => submitDossier(hub, citizen)));
    // Each dossier gets a receipt and a withdrawal at once: whichever runs first, the timeline has no gap.
    await Promise.all(
      dossiers.flatMap((d) => [
        gql(hub.url, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B01") { version } }`, { id: d.id }, staff),
        gql(hub.url, `mutation($id: ID!) { transitionDossier(id: $id, to: WITHDRAWN, note: "x") { version } }`, { id: d.id }, staff),
      ]),
    );
    for (const d of dossiers) {
      const after = await ok(hub.url, `query($id: ID!) { dossier(id: $id) { version timeline { sequence } } }`, { id: d.id }, staff);
      const sequences = after.dossier.timeline.map((e: { sequence: number }) => e.sequence);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
      expect(after.dossier.version).toBe(sequences.length);
    }
  });
});
