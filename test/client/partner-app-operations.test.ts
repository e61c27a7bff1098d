/**
 * The partner app's operations (partner-app.graphql) through the client, and webhooks the hub
 * itself signed checked with verifyWebhook (SPEC §8): a PARTNER_APP of a bank manages its
 * endpoints, the hub's test message verifies with the secret, both secrets verify after a rotation,
 * and the bank example's receiver gets the registration's decision the subscription reported.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RedeliverWebhookDocument,
  RegisterSecurityDocument,
  RotateWebhookSecretDocument,
  SendTestWebhookDocument,
  UpdateWebhookEndpointDocument,
  verifyWebhook,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
  type HubClient,
  type SecurityRegistrationUpdatedData,
} from "../../clients/typescript/src/index.js";
import { startWebhookReceiver } from "../../examples/bank-client/webhook-receiver.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel } from "../registration/registration-factory.js";
import { hubClient } from "./client-factory.js";
import { decided, registrationInput } from "./client-inputs.js";

let hub: TestHub;
let partner: HubClient;
let bank: HubClient;
const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
const sink = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(204).end();
  });
});

useTestHub(
  async (started) => {
    hub = started;
    partner = hubClient(hub, await hub.token({ role: "PARTNER_APP", org: "VCB" }));
    bank = hubClient(hub, await hub.token({ role: "BANK_OFFICER", org: "VCB" }));
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  },
  { config: testConfig({ ...fastOutbox, WEBHOOK_RETRY_SCHEDULE_SECONDS: "1,1" }) },
);
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

const sinkUrl = () => `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hooks`;

async function nextMessage(after: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (received.length <= after) {
    if (Date.now() > deadline) throw new Error("no webhook arrived");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return received[after]!;
}

describe("a partner app through the client", () => {
  it("manages its bank's endpoint; the hub's signed messages verify, with either secret after a rotation", async () => {
    const { createWebhookEndpoint } = await partner.request(CreateWebhookEndpointDocument, {
      input: { url: sinkUrl(), events: ["SECURITY_REGISTRATION_UPDATED"], description: "core banking" },
    });
    const { endpoint, secret } = createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ enabled: true, events: ["SECURITY_REGISTRATION_UPDATED"], organization: { code: "VCB" } });
    expect((await partner.request(WebhookEndpointsDocument)).webhookEndpoints.map((e) => e.id)).toContain(endpoint.id);

    const seen = received.length;
    const { sendTestWebhook } = await partner.request(SendTestWebhookDocument, { endpointId: endpoint.id });
    const message = await nextMessage(seen);
    const event = verifyWebhook(message.body, message.headers, secret);
    expect(event).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id }, messageId: sendTestWebhook.messageId });

    const { node } = await partner.request(WebhookDeliveriesDocument, { endpointId: endpoint.id, first: 10 });
    expect(node && "deliveries" in node ? node.deliveries.nodes.map((d) => d.id) : []).toContain(sendTestWebhook.id);
    const { redeliverWebhook } = await partner.request(RedeliverWebhookDocument, { deliveryId: sendTestWebhook.id });
    expect(redeliverWebhook.messageId).toBe(sendTestWebhook.messageId);
    await nextMessage(seen + 1);

    const { rotateWebhookSecret } = await partner.request(RotateWebhookSecretDocument, { id: endpoint.id });
    const rotatedAt = received.length;
    await partner.request(SendTestWebhookDocument, { endpointId: endpoint.id });
    const signedTwice = await nextMessage(rotatedAt);
    expect(String(signedTwice.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verifyWebhook(signedTwice.body, signedTwice.headers, secret).type).toBe("webhook.test");
    expect(verifyWebhook(signedTwice.body, signedTwice.headers, rotateWebhookSecret.secret).type).toBe("webhook.test");
    expect(() => verifyWebhook(signedTwice.body, signedTwice.headers, "whsec_" + Buffer.alloc(24, 1).toString("base64"))).toThrow();

    const { updateWebhookEndpoint } = await partner.request(UpdateWebhookEndpointDocument, { id: endpoint.id, input: { enabled: false } });
    expect(updateWebhookEndpoint.enabled).toBe(false);
    expect((await partner.request(DeleteWebhookEndpointDocument, { id: endpoint.id })).deleteWebhookEndpoint).toBe(true);
  });

  it("the bank example's receiver gets the registration's decision, the same the API reports", async () => {
    const updates: SecurityRegistrationUpdatedData[] = [];
    // The secret exists only once the endpoint does, and the endpoint needs the receiver's URL.
    const secrets: string[] = [];
    const receiver = await startWebhookReceiver(0, { secrets, onRegistrationUpdated: (update) => updates.push(update) });
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const { createWebhookEndpoint } = await partner.request(CreateWebhookEndpointDocument, { input: { url, events: ["SECURITY_REGISTRATION_UPDATED"] } });
      secrets.push(createWebhookEndpoint.secret);

      const { registerSecurity } = await bank.request(RegisterSecurityDocument, { input: registrationInput(freshParcel()) });
      const registered = await decided(bank, registerSecurity.id);
      const deadline = Date.now() + 10_000;
      while (!updates.some((u) => u.id === registered.id && u.status === "REGISTERED") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(updates.find((u) => u.id === registered.id && u.status === "REGISTERED")).toMatchObject({
        registrationNumber: registered.registrationNumber,
        kind: "INITIAL",
      });
    } finally {
      receiver.close();
    }
  });
});
