/**
 * SPEC §2: the land-registry integration drives the processing of security-registration dossiers;
 * center staff and clerks may not move them by hand, except to hand back the result.
 */
import { expect, it } from "vitest";
import { errorCode, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "./registration-factory.js";

let hub: TestHub;

useTestHub(
  (started) => {
    hub = started;
  },
  { config: testConfig(fastOutbox) },
);

it("refuses people's moves of an SR dossier, lets the result be handed back", async () => {
  const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  hub.partners.simulators.landRegistry!.decision = "deferred";
  const lodged = await register(hub, vcb, registerInput(freshParcel()));
  const dossierId = lodged.dossier.id as string;
  const move = (to: string, token: string) =>
    errorCode(hub.url, `mutation($id: ID!, $to: DossierStatus!) { transitionDossier(id: $id, to: $to) { id } }`, { id: dossierId, to }, token);
  await waitForStatus(hub, vcb, lodged.id, ["FORWARDED"]);
  expect(await move("APPROVED", staff)).toBe("FORBIDDEN");
  expect(await move("REJECTED", staff)).toBe("FORBIDDEN");
  expect(
    await errorCode(hub.url, `mutation($id: ID!) { withdrawDossier(id: $id, reason: "by hand") { id } }`, { id: dossierId }, staff),
  ).toBe("FORBIDDEN");

  hub.partners.simulators.landRegistry!.decision = "immediate";
  const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);
  expect(registered.dossier.status).toBe("RESULT_READY");
  const returned = await ok(hub.url, `mutation($id: ID!) { transitionDossier(id: $id, to: RETURNED) { status } }`, { id: dossierId }, clerk);
  expect(returned.transitionDossier.status).toBe("RETURNED");
});
