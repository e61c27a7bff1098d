/**
 * The bank example (examples/bank-client/) runs end to end on the client package against a hub:
 * registers (key made by the client), follows by subscription to the registry's decision, releases;
 * and its webhook receiver takes a decision signed the way the hub signs (SPEC §8), once, and
 * refuses what is not signed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { SecurityRegistrationUpdatedData } from "../../clients/typescript/src/index.js";
import { runBankFlow } from "../../examples/bank-client/bank-flow.js";
import { startWebhookReceiver } from "../../examples/bank-client/webhook-receiver.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel } from "../registration/registration-factory.js";
import { hubClient } from "./client-factory.js";

let hub: TestHub;

useTestHub(
  (started) => {
    hub = started;
  },
  { config: testConfig(fastOutbox) },
);

describe("the bank example", () => {
  it("registers, follows the registration to REGISTERED by subscription, and releases it", async () => {
    const parcel = freshParcel();
    const landUser = parcel.landUsers[0]!;
    const lines: string[] = [];
    const bank = hubClient(hub, await hub.token({ role: "BANK_OFFICER", org: "VCB" }));
    const result = await runBankFlow(bank, {
      certificateSerial: parcel.certificateSerial,
      mortgagor: { kind: landUser.kind, fullName: landUser.fullName, idNumber: landUser.idNumber, address: landUser.address },
      release: true,
      log: (line) => lines.push(line),
    });

    expect(result.registered).toMatchObject({ status: "REGISTERED", registrationNumber: expect.any(String), priorityRank: 1 });
    expect(result.released).toMatchObject({ status: "REGISTERED" });
    expect(lines[0]).toBe("Bank: VCB");
    expect(lines).toContain(`Registered as ${result.registered.registrationNumber}, priority rank 1`);
    const atRegistry = hub.partners.simulators.landRegistry!.registrations().filter((r) => r.parcels.includes(parcel.certificateSerial));
    expect(atRegistry.map((r) => r.kind)).toEqual(["INITIAL", "DEREGISTRATION"]);
  });

  it("receives the decision by webhook once, verified, and refuses an unsigned or tampered message", async () => {
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const received: SecurityRegistrationUpdatedData[] = [];
    const receiver = await startWebhookReceiver(0, { secrets: [secret], onRegistrationUpdated: (update) => received.push(update) });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    try {
      const data = { id: "U2VjdXJpdHlSZWdpc3RyYXRpb246MQ", dossierId: "RG9zc2llcjox", kind: "INITIAL", status: "REGISTERED", registrationNumber: "HN-LRO-2026-000042", registeredAt: new Date().toISOString(), sequence: 3 };
      const body = JSON.stringify({ type: "securityRegistration.updated", timestamp: data.registeredAt, data });
      const id = `msg_${randomUUID()}`;
      const now = new Date();
      const headers = {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign(id, now, body),
      };
      const post = (payload: string, sentHeaders: Record<string, string>) => fetch(url, { method: "POST", headers: sentHeaders, body: payload }).then((r) => r.status);

      expect(await post(body, headers)).toBe(204);
      expect(await post(body, headers)).toBe(204); // the same message again: acknowledged, not acted on twice
      expect(received).toEqual([data]);
      expect(await post(body.replace("REGISTERED", "REJECTED"), headers)).toBe(400);
      expect(await post(body, { "content-type": "application/json" })).toBe(400);
      expect(received).toHaveLength(1);
    } finally {
      receiver.close();
    }
  });
});
