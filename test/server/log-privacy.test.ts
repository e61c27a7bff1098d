/**
 * No personal data or secrets in the logs (issue 11): a hub logging at debug level is taken through
 * every path that handles ID numbers, phones, names and tokens — submission, whole reads, public
 * tracking with right and wrong phones, bad input, a registration with its mortgagors, a consult
 * booking's contact, a dispatch by post and its webhook, a forged token — and its whole log is
 * searched for each of them.
 */
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { book, newLawyer, publish, slot, workday } from "../consult/consult-factory.js";
import { createTestDatabase } from "../support/database.js";
import { dispatch, resultReadyByPost, sendWebhook } from "../support/delivery-factory.js";
import { applicantInput, submitDossier } from "../support/dossier-factory.js";
import { gql } from "../support/graphql.js";
import { startTestHub, testConfig } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "../registration/registration-factory.js";

it("keeps ID numbers, phones, names and tokens out of a debug-level log", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const database = await createTestDatabase();
  const config = testConfig({ ...fastOutbox, LOG_LEVEL: "debug" });
  const hub = await startTestHub(database.handle, { config, logger: createLogger("debug", sink) });
  try {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const bank = await hub.token({ role: "BANK_OFFICER", org: "VCB" });

    const applicant = applicantInput({ fullName: "Nguyen Thi Bi Mat", idNumber: "001199012345", phone: "0912777888" });
    const dossier = await submitDossier(hub, citizen, { applicant });
    await gql(hub.url, `query($id: ID!) { dossier(id: $id) { applicant { idNumber phone } } }`, { id: dossier.id }, staff);
    const track = `query($code: String!, $last4: String!) { trackDossier(code: $code, phoneLast4: $last4) { status } }`;
    await gql(hub.url, track, { code: dossier.code, last4: "7888" });
    await gql(hub.url, track, { code: dossier.code, last4: "0000" });
    const badInput = { ...applicant, idNumber: "0011990123456", phone: "0912777889x" };
    await gql(hub.url, `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`, { input: { procedureCode: "CP-01", channel: "ONLINE", branchCode: "HN-PASC-B01", resultDelivery: "AT_COUNTER", applicant: badInput } }, citizen);

    const parcel = freshParcel();
    const registration = await register(hub, bank, registerInput(parcel));
    await waitForStatus(hub, bank, registration.id, ["REGISTERED", "REJECTED"]);

    const { token: lawyer } = await newLawyer(hub);
    const [published] = await publish(hub, lawyer, [slot(workday(3), "09:00", "10:00", "PHONE")]);
    await book(hub, citizen, published!.id, { contactName: "Tran Bi Mat", contactPhone: "0987111222" });

    const byPost = await resultReadyByPost(hub, { citizen, clerk, staff }, "HN-PASC-B01", { applicant: applicantInput({ phone: "0933444555", idNumber: "001199054321" }) });
    const shipment = await dispatch(hub, clerk, byPost.id);
    await sendWebhook(hub, { trackingNumber: shipment.trackingNumber, status: "IN_TRANSIT", at: new Date().toISOString() });
    await gql(hub.url, `{ viewer { subject } }`, {}, `${staff.slice(0, -6)}AAAAAA`);

    const log = lines.join("");
    expect(log.length).toBeGreaterThan(1000);
    const secrets = [
      applicant.idNumber,
      applicant.phone,
      applicant.fullName,
      badInput.idNumber,
      badInput.phone,
      ...parcel.landUsers.map((user) => user.idNumber),
      "0987111222",
      "Tran Bi Mat",
      "0933444555",
      "001199054321",
      staff,
      citizen,
      bank,
      hub.partners.postWebhookSecret.slice("whsec_".length),
    ];
    for (const secret of secrets) expect(log, `the log holds ${secret.slice(0, 12)}…`).not.toContain(secret);
  } finally {
    await hub.close();
    await database.close();
  }
}, 60_000);
