/**
 * Every operation of clients/typescript/operations/bank.graphql through the client, as a bank
 * officer, against a hub with the bundled land registry: typed data back, keys made by the client.
 */
import { describe, expect, it } from "vitest";
import {
  AmendSecurityRegistrationDocument,
  CorrectSecurityRegistrationDocument,
  DeregisterSecurityDocument,
  LandParcelDocument,
  RegisterEnforcementNoticeDocument,
  RegisterSecurityDocument,
  SecurityRegistrationDocument,
  SecurityRegistrationsDocument,
  SecurityRegistrationUpdatedDocument,
  ViewerDocument,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel } from "../registration/registration-factory.js";
import { hubClient } from "./client-factory.js";
import { decided, registrationInput } from "./client-inputs.js";

let hub: TestHub;
let bank: HubClient;

useTestHub(
  async (started) => {
    hub = started;
    bank = hubClient(hub, await hub.token({ role: "BANK_OFFICER", org: "VCB" }));
  },
  { config: testConfig(fastOutbox) },
);

describe("a bank officer through the client", () => {
  it("reads who they are and a parcel with its encumbrances", async () => {
    const { viewer } = await bank.request(ViewerDocument);
    expect(viewer).toMatchObject({ roles: ["BANK_OFFICER"], organization: { code: "VCB", kind: "BANK" } });

    const parcel = freshParcel();
    const { landParcel } = await bank.request(LandParcelDocument, { certificateSerial: parcel.certificateSerial });
    expect(landParcel).toMatchObject({ certificateSerial: parcel.certificateSerial, parcelNumber: parcel.parcelNumber, encumbrances: [] });
    expect((await bank.request(LandParcelDocument, { certificateSerial: "CT 000000 NONE" })).landParcel).toBeNull();
  });

  it("registers with a key the client made, follows it by subscription to REGISTERED, and reads and lists it", async () => {
    const updates = bank.subscribe(SecurityRegistrationUpdatedDocument);
    await new Promise((resolve) => setTimeout(resolve, 300)); // subscribed before the registration exists
    const parcel = freshParcel();
    const { registerSecurity: lodged } = await bank.request(RegisterSecurityDocument, { input: registrationInput(parcel) });
    expect(lodged).toMatchObject({ kind: "INITIAL", status: "SUBMITTED", mortgagee: { code: "VCB" }, subject: null });

    let registered;
    for await (const { securityRegistrationUpdated: update } of updates) {
      if (update.id === lodged.id && update.status === "REGISTERED") {
        registered = update;
        break;
      }
    }
    expect(registered).toMatchObject({ registrationNumber: expect.any(String), priorityRank: 1 });

    const { securityRegistration } = await bank.request(SecurityRegistrationDocument, { id: lodged.id });
    expect(securityRegistration?.history.map((event) => event.status)).toEqual(["SUBMITTED", "FORWARDED", "REGISTERED"]);
    const { securityRegistrations } = await bank.request(SecurityRegistrationsDocument, {
      filter: { status: ["REGISTERED"], certificateSerial: parcel.certificateSerial },
      first: 10,
    });
    expect(securityRegistrations.nodes.map((node) => node.id)).toEqual([lodged.id]);
    const { landParcel } = await bank.request(LandParcelDocument, { certificateSerial: parcel.certificateSerial });
    expect(landParcel?.encumbrances).toMatchObject([{ registrationNumber: registered!.registrationNumber, priorityRank: 1, mortgagee: { code: "VCB" } }]);
  });

  it("amends, corrects, notes enforcement and releases a registration, one decided follow-up at a time", async () => {
    const { registerSecurity: initial } = await bank.request(RegisterSecurityDocument, { input: registrationInput(freshParcel()) });
    await decided(bank, initial.id);
    const obligation = { contractNumber: "HDTD-2025-002", contractDate: "2025-06-02", amount: "2000000000", currency: "VND" };

    const { amendSecurityRegistration: amendment } = await bank.request(AmendSecurityRegistrationDocument, {
      id: initial.id,
      input: { obligation, note: "Loan increased" },
    });
    expect(amendment).toMatchObject({ kind: "AMENDMENT", subject: { id: initial.id } });
    expect(await decided(bank, amendment.id)).toMatchObject({ status: "REGISTERED", obligation });

    const { correctSecurityRegistration: correction } = await bank.request(CorrectSecurityRegistrationDocument, {
      id: initial.id,
      input: { note: "Typo in the contract number" },
    });
    expect((await decided(bank, correction.id)).kind).toBe("ERROR_CORRECTION");

    const { registerEnforcementNotice: notice } = await bank.request(RegisterEnforcementNoticeDocument, { id: initial.id, note: "Borrower in default" });
    expect((await decided(bank, notice.id)).kind).toBe("ENFORCEMENT_NOTICE");

    const { deregisterSecurity: release } = await bank.request(DeregisterSecurityDocument, { id: initial.id, reason: "Loan repaid" });
    expect((await decided(bank, release.id)).kind).toBe("DEREGISTRATION");
    expect((await decided(bank, initial.id)).status).toBe("DEREGISTERED");
  });

  it("sends a key the caller gives as it is: the same key and input answer the same registration", async () => {
    const input = registrationInput(freshParcel());
    const idempotencyKey = `bank-test-${Date.now()}`;
    const first = await bank.request(RegisterSecurityDocument, { input, idempotencyKey });
    const again = await bank.request(RegisterSecurityDocument, { input, idempotencyKey });
    expect(again.registerSecurity.id).toBe(first.registerSecurity.id);
  });
});
