/**
 * Center staff's operations (center-staff.graphql) through the client: moves with optimistic
 * versions, a new appointment with an apology, and the quality figures.
 */
import { describe, expect, it } from "vitest";
import {
  DossiersDocument,
  HubError,
  ReceiveDossierDocument,
  RescheduleDossierDocument,
  ServiceStatisticsDocument,
  SubmitDossierDocument,
  TransitionDossierDocument,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { hubClient } from "./client-factory.js";
import { dossierInput } from "./client-inputs.js";

let hub: TestHub;
let staff: HubClient;

useTestHub(async (started) => {
  hub = started;
  staff = hubClient(hub, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }));
});

describe("center staff through the client", () => {
  it("moves a dossier with its version, and a stale version is CONFLICT", async () => {
    const { submitDossier } = await staff.request(SubmitDossierDocument, { input: dossierInput({ channel: "COUNTER" }) });
    const { receiveDossier } = await staff.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
    const { transitionDossier } = await staff.request(TransitionDossierDocument, {
      id: submitDossier.id,
      to: "IN_PROCESSING",
      expectedVersion: receiveDossier.version,
    });
    expect(transitionDossier).toMatchObject({ status: "IN_PROCESSING", version: receiveDossier.version + 1 });
    expect(transitionDossier.timeline.at(-1)).toMatchObject({ status: "IN_PROCESSING", actorRole: "CENTER_STAFF" });

    const stale = await staff
      .request(TransitionDossierDocument, { id: submitDossier.id, to: "APPROVED", expectedVersion: receiveDossier.version })
      .catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(HubError);
    expect(stale).toMatchObject({ code: "CONFLICT", attempts: 1 });

    const { dossiers } = await staff.request(DossiersDocument, { filter: { status: ["IN_PROCESSING"], branchCode: "HN-PASC-B01" }, first: 20 });
    expect(dossiers.nodes.map((node) => node.id)).toContain(submitDossier.id);
  });

  it("gives a received dossier a later appointment with an apology, and reads the quality figures", async () => {
    const { submitDossier } = await staff.request(SubmitDossierDocument, { input: dossierInput() });
    const { receiveDossier } = await staff.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
    const newDueAt = new Date(Date.parse(receiveDossier.dueAt!) + 30 * 86_400_000).toISOString();
    const { rescheduleDossier } = await staff.request(RescheduleDossierDocument, { id: submitDossier.id, newDueAt, apology: "We are sorry for the delay." });
    expect(rescheduleDossier).toMatchObject({ dueAt: newDueAt, apology: "We are sorry for the delay.", overdue: true });

    const now = Date.now();
    const { serviceStatistics } = await staff.request(ServiceStatisticsDocument, {
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 86_400_000).toISOString(),
      branchCode: "HN-PASC-B01",
    });
    expect(serviceStatistics.received).toBeGreaterThanOrEqual(2);
    expect(serviceStatistics).toMatchObject({ finished: expect.any(Number), overdueOpen: expect.any(Number), ratings: expect.any(Number) });
  });
});
