/**
 * The whole citizen journey through two hub instances on one PostgreSQL database: what happens
 * through one instance (and the post's webhooks, which reach the other) is seen, step by step and
 * in order, by the applicant's subscription on the second.
 */
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithPostgres } from "../support/database.js";
import { dispatch, resultReadyByPost, uploadDocument } from "../support/delivery-factory.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { ok, subscribe, wsClient } from "../support/graphql.js";
import { useTwoInstances, type TestHub } from "../support/hub.js";

describeWithPostgres("a citizen's dossier from submission to rating, across two hub instances", () => {
  let first: TestHub;
  let second: TestHub;
  useTwoInstances((started, other) => {
    first = started;
    second = other;
  });

  it("is submitted, received at B03, scanned, processed, dispatched, delivered, returned and rated", async () => {
    const citizen = await first.token({ role: "CITIZEN", sub: "citizen-journey" });
    const clerk = await first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B03" });
    const staff = await first.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B03" });
    const WORKLIST = `{ worklist { nodes { id } } }`;
    const onWorklist = async (id: string) =>
      (await ok(first.url, WORKLIST, {}, clerk)).worklist.nodes.some((node: { id: string }) => node.id === id);

    const dossier = await submitDossier(first, citizen, {
      procedureCode: "JR-01",
      branchCode: "HN-PASC-B03",
      resultDelivery: "BY_POST",
      deliveryAddress: "8 Le Thanh Tong, Hoan Kiem, Ha Noi",
    });
    const client = wsClient(second.wsUrl, citizen);
    const events = subscribe(
      client,
      `subscription($id: ID!) { dossierEvents(dossierId: $id, afterSequence: 0) { sequence status note } }`,
      { id: dossier.id },
    );
    try {
      await events.next(1);
      expect(await onWorklist(dossier.id)).toBe(true);

      await receive(first, clerk, dossier.id, "HN-PASC-B03");
      await uploadDocument(first, clerk, dossier.id, randomBytes(300_000), "APPLICATION_FORM");
      await uploadDocument(second, clerk, dossier.id, randomBytes(200_000), "ID_CARD_SCAN"); // through the other instance
      await transition(second, clerk, dossier.id, "DIGITIZED");
      expect(await onWorklist(dossier.id)).toBe(false);
      for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(first, staff, dossier.id, to);
      expect(await onWorklist(dossier.id)).toBe(true);

      const { trackingNumber } = await dispatch(first, clerk, dossier.id);
      expect(await onWorklist(dossier.id)).toBe(false);
      const post = first.partners.simulators.post!;
      for (let step = 0; step < 3; step++) await post.advance(trackingNumber);

      const seen = await events.next(8);
      expect(seen.map((result) => [result.data.dossierEvents.sequence, result.data.dossierEvents.status])).toEqual([
        [1, "SUBMITTED"],
        [2, "RECEIVED"],
        [3, "DIGITIZED"],
        [4, "IN_PROCESSING"],
        [5, "APPROVED"],
        [6, "RESULT_READY"],
        [7, "RESULT_READY"],
        [8, "RETURNED"],
      ]);
      expect(seen[6]!.data.dossierEvents.note).toBe(`Dispatched by post, tracking ${trackingNumber}`);
      expect(seen[7]!.data.dossierEvents.note).toMatch(new RegExp(`^Delivered by post \\(tracking ${trackingNumber}\\)`));
      expect(events.error).toBeUndefined();
    } finally {
      events.dispose();
      await client.dispose();
    }

    const mine = await ok(
      second.url,
      `query($id: ID!) { dossier(id: $id) { status documents { kind downloadUrl } delivery { status } } }`,
      { id: dossier.id },
      citizen,
    );
    expect(mine.dossier.status).toBe("RETURNED");
    expect(mine.dossier.delivery.status).toBe("DELIVERED");
    expect(mine.dossier.documents.map((d: { kind: string }) => d.kind)).toEqual(["APPLICATION_FORM", "ID_CARD_SCAN"]);
    for (const document of mine.dossier.documents) expect((await fetch(document.downloadUrl)).status).toBe(200);

    const rated = await ok(
      second.url,
      `mutation($code: String!, $last4: String!) { rateService(code: $code, phoneLast4: $last4, score: 5, comment: "Nhanh, chu dao") }`,
      { code: dossier.code, last4: dossier.applicant.phone.slice(-4) },
    );
    expect(rated.rateService).toBe(true);
    const day = 24 * 3600_000;
    const statistics = await ok(
      first.url,
      `query($from: DateTime!, $to: DateTime!) { serviceStatistics(from: $from, to: $to, branchCode: "HN-PASC-B03") { received finished ratings satisfactionAverage } }`,
      { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
      staff,
    );
    expect(statistics.serviceStatistics).toEqual({ received: 1, finished: 1, ratings: 1, satisfactionAverage: 5 });
  });

  it("polls each open shipment from one instance only when both reconcile at once", async () => {
    const tokens = {
      citizen: await first.token({ role: "CITIZEN" }),
      clerk: await first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B04" }),
      staff: await first.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B04" }),
    };
    for (let i = 0; i < 4; i++) {
      const dossier = await resultReadyByPost(first, tokens, "HN-PASC-B04");
      await dispatch(first, tokens.clerk, dossier.id);
    }
    const [a, b] = await Promise.all([
      first.hub.services.delivery.reconciler.reconcileOnce(),
      second.hub.services.delivery.reconciler.reconcileOnce(),
    ]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.polled + b.polled).toBe(4);
  });
});
