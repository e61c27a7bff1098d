/**
 * Rotation (SPEC §8): for 24 hours after rotateWebhookSecret, messages carry two signatures, the new
 * first, each verifying with its own secret; after them, only the new one. A second rotation within
 * them retires the oldest.
 */
import { afterAll, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { createEndpoint, fastWebhooks, partnerToken, sendTest, startReceiver, verified, waitUntil, type Receiver } from "./webhook-factory.js";

let hub: TestHub;
let receiver: Receiver;
let offsetMs = 0;

useTestHub(
  async (started) => {
    hub = started;
    receiver = await startReceiver();
  },
  { config: testConfig(fastWebhooks), now: () => new Date(Date.now() + offsetMs) },
);
afterAll(() => receiver.stop());

const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }`;

async function nextMessage(hubToken: string, endpointId: string) {
  const seen = receiver.received.length;
  await sendTest(hub, hubToken, endpointId);
  await waitUntil("the message", () => receiver.received.length > seen);
  return receiver.received[seen]!;
}

it("signs with both secrets, new first, during the overlap; with the new one only after it", async () => {
  const partner = await partnerToken(hub, "VCB");
  const { endpoint, secret: first } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["SECURITY_REGISTRATION_UPDATED"] });
  expect(String((await nextMessage(partner, endpoint.id)).headers["webhook-signature"]).split(" ")).toHaveLength(1);

  const second = (await ok(hub.url, ROTATE, { id: endpoint.id }, partner)).rotateWebhookSecret.secret as string;
  expect(second).not.toBe(first);
  const during = await nextMessage(partner, endpoint.id);
  const signatures = String(during.headers["webhook-signature"]).split(" ");
  expect(signatures).toHaveLength(2);
  expect(verified(during, first).type).toBe("webhook.test");
  expect(verified(during, second).type).toBe("webhook.test");
  // The new one first: it alone is what the new secret makes.
  const at = new Date(Number(during.headers["webhook-timestamp"]) * 1000);
  expect(signatures[0]).toBe(new Webhook(second).sign(String(during.headers["webhook-id"]), at, during.body));

  // A second rotation within the 24 hours retires the oldest.
  const third = (await ok(hub.url, ROTATE, { id: endpoint.id }, partner)).rotateWebhookSecret.secret as string;
  const afterSecond = await nextMessage(partner, endpoint.id);
  expect(String(afterSecond.headers["webhook-signature"]).split(" ")).toHaveLength(2);
  verified(afterSecond, third);
  verified(afterSecond, second);
  expect(() => verified(afterSecond, first)).toThrow();

  offsetMs = 25 * 3_600_000; // the hub's clock, a day and an hour on
  const after = await nextMessage(partner, endpoint.id);
  expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
  verified(after, third);
  expect(() => verified(after, second)).toThrow();
});
