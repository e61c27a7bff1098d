/**
 * The citizen's operations (citizen.graphql) and the shared ones (common.graphql) through the
 * client: submit, read and follow one's dossiers, withdraw, and — without a token — track and rate.
 * The consult bookings of citizen.graphql run in lawyer-operations.test.ts, beside the lawyers.
 */
import { describe, expect, it } from "vitest";
import {
  DossierDocument,
  DossierEventsDocument,
  DossiersDocument,
  RateServiceDocument,
  SubmitDossierDocument,
  TrackDossierDocument,
  TransitionDossierDocument,
  ReceiveDossierDocument,
  ViewerDocument,
  WithdrawDossierDocument,
  type DossierStatus,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { dossierClients, hubClient, take } from "./client-factory.js";
import { dossierInput } from "./client-inputs.js";

let hub: TestHub;
let citizen: HubClient;
let clerk: HubClient;
let staff: HubClient;
let anonymous: HubClient;

useTestHub(async (started) => {
  hub = started;
  ({ citizen, clerk, staff } = await dossierClients(hub, "citizen-client-test"));
  anonymous = hubClient(hub);
});

describe("a citizen through the client", () => {
  it("submits a dossier, reads it and their list, and follows it live from its first event", async () => {
    const { viewer } = await citizen.request(ViewerDocument);
    expect(viewer).toMatchObject({ subject: "citizen-client-test", roles: ["CITIZEN"], organization: null });

    const { submitDossier } = await citizen.request(SubmitDossierDocument, { input: dossierInput() });
    expect(submitDossier).toMatchObject({ status: "SUBMITTED", version: 1, procedure: { code: "CP-01" } });

    const events = citizen.subscribe(DossierEventsDocument, { dossierId: submitDossier.id, afterSequence: 0 });
    const [submitted] = await take(events, 1);
    expect(submitted!.dossierEvents).toMatchObject({ sequence: 1, status: "SUBMITTED", actorRole: "CITIZEN" });
    await clerk.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
    const [received] = await take(events, 1);
    expect(received!.dossierEvents).toMatchObject({ sequence: 2, status: "RECEIVED", actorRole: "POST_CLERK" });
    await events.close();

    const { dossier } = await citizen.request(DossierDocument, { id: submitDossier.id });
    expect(dossier?.timeline.map((event) => event.status)).toEqual(["SUBMITTED", "RECEIVED"]);
    expect(dossier?.dueAt).toEqual(expect.any(String));
    const { dossiers } = await citizen.request(DossiersDocument, { first: 10 });
    expect(dossiers.nodes.map((node) => node.id)).toContain(submitDossier.id);
  });

  it("withdraws a dossier before it is processed", async () => {
    const { submitDossier } = await citizen.request(SubmitDossierDocument, { input: dossierInput() });
    const { withdrawDossier } = await citizen.request(WithdrawDossierDocument, { id: submitDossier.id, reason: "Submitted twice" });
    expect(withdrawDossier.status).toBe("WITHDRAWN");
  });

  it("tracks a dossier and rates the service without a token, with the receipt code and the phone's last digits", async () => {
    const input = dossierInput();
    const { submitDossier } = await citizen.request(SubmitDossierDocument, { input });
    await clerk.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
    const moves: DossierStatus[] = ["IN_PROCESSING", "APPROVED", "RESULT_READY", "RETURNED"];
    for (const to of moves) await staff.request(TransitionDossierDocument, { id: submitDossier.id, to });

    const phoneLast4 = input.applicant.phone.slice(-4);
    const { trackDossier } = await anonymous.request(TrackDossierDocument, { code: submitDossier.code, phoneLast4 });
    expect(trackDossier).toMatchObject({ code: submitDossier.code, status: "RETURNED", procedureName: expect.any(String) });
    expect(trackDossier?.timeline.map((event) => event.status)).toEqual(["SUBMITTED", "RECEIVED", ...moves]);
    expect((await anonymous.request(TrackDossierDocument, { code: submitDossier.code, phoneLast4: "0000" })).trackDossier).toBeNull();

    const { rateService } = await anonymous.request(RateServiceDocument, { code: submitDossier.code, phoneLast4, score: 5, comment: "Fast" });
    expect(rateService).toBe(true);
  });
});
