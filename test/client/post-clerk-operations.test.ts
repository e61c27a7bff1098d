/**
 * The post clerk's operations (post-clerk.graphql) through the client: the branch worklist,
 * receiving, declaring a scan (whose bytes go to the signed URL), digitizing, and dispatching a
 * result by post through the bundled post simulator.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CreateDocumentUploadDocument,
  DispatchResultDocument,
  DossierDocument,
  ReceiveDossierDocument,
  SubmitDossierDocument,
  TransitionDossierDocument,
  WorklistDocument,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { put, sha256 } from "../support/delivery-factory.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { dossierClients } from "./client-factory.js";
import { dossierInput } from "./client-inputs.js";

let hub: TestHub;
let citizen: HubClient;
let clerk: HubClient;
let staff: HubClient;

useTestHub(async (started) => {
  hub = started;
  ({ citizen, clerk, staff } = await dossierClients(hub, "citizen-by-post"));
});

describe("a post clerk through the client", () => {
  it("receives from the worklist, scans and digitizes, then dispatches the result by post", async () => {
    const { submitDossier } = await citizen.request(SubmitDossierDocument, {
      input: dossierInput({ resultDelivery: "BY_POST", deliveryAddress: "12 Pho Hue, Hai Ba Trung, Ha Noi" }),
    });
    const waiting = await clerk.request(WorklistDocument, { first: 100 });
    expect(waiting.worklist.nodes.map((node) => node.id)).toContain(submitDossier.id);
    // Clerks see phone numbers masked.
    expect(waiting.worklist.nodes.find((node) => node.id === submitDossier.id)?.applicant.phone).toMatch(/^\*+\d{3,4}$/);

    const { receiveDossier } = await clerk.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
    expect(receiveDossier).toMatchObject({ status: "RECEIVED", dueAt: expect.any(String) });

    const scan = randomBytes(2048);
    const { createDocumentUpload } = await clerk.request(CreateDocumentUploadDocument, {
      dossierId: submitDossier.id,
      kind: "APPLICATION_FORM",
      fileName: "scan.pdf",
      contentType: "application/pdf",
      sizeBytes: scan.length,
      sha256: sha256(scan),
    });
    expect((await put(createDocumentUpload.uploadUrl, scan)).status).toBe(201);
    const { transitionDossier: digitized } = await clerk.request(TransitionDossierDocument, {
      id: submitDossier.id,
      to: "DIGITIZED",
      expectedVersion: receiveDossier.version,
    });
    expect(digitized.status).toBe("DIGITIZED");

    for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"] as const) await staff.request(TransitionDossierDocument, { id: submitDossier.id, to });
    const { dispatchResult } = await clerk.request(DispatchResultDocument, { dossierId: submitDossier.id });
    expect(dispatchResult).toMatchObject({ status: "CREATED", trackingNumber: expect.any(String) });

    const { dossier } = await staff.request(DossierDocument, { id: submitDossier.id });
    expect(dossier?.delivery?.trackingNumber).toBe(dispatchResult.trackingNumber);
    expect(dossier?.documents).toMatchObject([{ id: createDocumentUpload.document.id, sizeBytes: scan.length }]);
  });
});
