/**
 * Attempts (SPEC §8): retried on the schedule with the same `webhook-id` and a fresh timestamp and
 * signature each time; a receiver that was down gets everything once it is back; one that never
 * answers times out without delaying another endpoint's messages; redeliverWebhook sends the same
 * message again.
 */
import { describe, expect, it } from "vitest";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { createEndpoint, DELIVERY_FIELDS, deliveriesOf, fastWebhooks, partnerToken, sendTest, verified, receiversForFile, waitUntil } from "./webhook-factory.js";

let hub: TestHub;
let partner: string;
const receiverWith = receiversForFile();

useTestHub(
  async (started) => {
    hub = started;
    partner = await partnerToken(hub, "VNPOST-HN");
  },
  { config: testConfig({ ...fastWebhooks, WEBHOOK_TIMEOUT_SECONDS: "3", WEBHOOK_CONCURRENCY_PER_ENDPOINT: "2" }) },
);

describe("retries", () => {
  it("500, 500, then 200: three attempts of one webhook-id with three timestamps, each signature valid; SUCCEEDED with attempts 3", async () => {
    const receiver = await receiverWith((n) => (n < 2 ? 500 : 200));
    const { endpoint, secret } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
    const delivery = await sendTest(hub, partner, endpoint.id);
    await waitUntil("three attempts", () => receiver.received.length >= 3);
    const ids = new Set(receiver.received.map((message) => message.headers["webhook-id"]));
    expect([...ids]).toEqual([delivery.messageId]);
    const timestamps = receiver.received.map((message) => Number(message.headers["webhook-timestamp"]));
    expect(new Set(timestamps).size).toBe(3);
    expect(new Set(receiver.received.map((message) => message.headers["webhook-signature"])).size).toBe(3);
    for (const message of receiver.received) expect(verified(message, secret)).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
    const done = await waitUntil("SUCCEEDED", async () => (await deliveriesOf(hub, partner, endpoint.id, "SUCCEEDED")).deliveries.nodes[0]);
    expect(done).toMatchObject({ id: delivery.id, status: "SUCCEEDED", attempts: 3, lastResponseStatus: 200, lastError: null, nextAttemptAt: null });
  });

  it("records each failure on the delivery and ends FAILED after the last wait", async () => {
    const receiver = await receiverWith(() => 503);
    const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
    const delivery = await sendTest(hub, partner, endpoint.id);
    const pending = await waitUntil("a recorded failure", async () => (await deliveriesOf(hub, partner, endpoint.id)).deliveries.nodes.find((d) => d.attempts === 1));
    expect(pending).toMatchObject({ status: "PENDING", lastResponseStatus: 503, lastError: "HTTP 503" });
    expect(pending.nextAttemptAt).not.toBeNull();
    const failed = await waitUntil("FAILED", async () => (await deliveriesOf(hub, partner, endpoint.id, "FAILED")).deliveries.nodes[0]);
    expect(failed).toMatchObject({ id: delivery.id, attempts: 3, lastResponseStatus: 503, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(3);
  });

  it("a redirect is a failure and is not followed", async () => {
    const target = await receiverWith(() => 204);
    const receiver = await receiverWith(() => 302);
    const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(`/hooks?next=${encodeURIComponent(target.url())}`), events: ["DELIVERY_UPDATED"] });
    await sendTest(hub, partner, endpoint.id);
    const failed = await waitUntil("a recorded redirect", async () => (await deliveriesOf(hub, partner, endpoint.id)).deliveries.nodes.find((d) => d.attempts >= 1));
    expect(failed.lastResponseStatus).toBe(302);
    expect(failed.lastError).toMatch(/redirect/);
    expect(target.received).toHaveLength(0);
  });
});

describe("receivers that are down or slow", () => {
  it("a receiver down while changes commit gets every message once it is back", async () => {
    const receiver = await receiverWith(() => 204);
    const { endpoint, secret } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
    await receiver.stop();
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await sendTest(hub, partner, endpoint.id));
    await waitUntil("refused attempts", async () => (await deliveriesOf(hub, partner, endpoint.id)).deliveries.nodes.every((d) => d.attempts >= 1));
    const refused = (await deliveriesOf(hub, partner, endpoint.id)).deliveries.nodes;
    expect(refused.map((d) => d.lastError)).toEqual(["connection refused", "connection refused", "connection refused"]);
    await receiver.start();
    await waitUntil("every message", () => new Set(receiver.received.map((m) => m.headers["webhook-id"])).size === 3);
    expect(new Set(receiver.received.map((m) => String(m.headers["webhook-id"])))).toEqual(new Set(sent.map((d) => d.messageId)));
    for (const message of receiver.received) verified(message, secret);
  });

  it("a receiver that never answers times out, and another endpoint's messages are not delayed", async () => {
    const dead = await receiverWith(() => "hang");
    const healthy = await receiverWith(() => 204);
    const slow = await createEndpoint(hub, partner, { url: dead.url(), events: ["DELIVERY_UPDATED"] });
    const fast = await createEndpoint(hub, partner, { url: healthy.url(), events: ["DELIVERY_UPDATED"] });
    // More than the dead endpoint's share of places: its attempts hang for the whole timeout.
    for (let i = 0; i < 6; i++) await sendTest(hub, partner, slow.endpoint.id);
    await waitUntil("the dead endpoint's attempts under way", () => dead.received.length >= 2);
    const started = Date.now();
    await sendTest(hub, partner, fast.endpoint.id);
    await waitUntil("the healthy endpoint's message", () => healthy.received.length === 1, 5_000);
    expect(Date.now() - started).toBeLessThan(2_500); // inside the 3 s the dead endpoint's attempts wait
    expect(dead.received.length).toBeLessThanOrEqual(2); // WEBHOOK_CONCURRENCY_PER_ENDPOINT
    const timedOut = await waitUntil("a timeout recorded", async () => (await deliveriesOf(hub, partner, slow.endpoint.id)).deliveries.nodes.find((d) => d.lastError === "timeout"));
    expect(timedOut.lastResponseStatus).toBeNull();
  });
});

describe("redeliverWebhook", () => {
  it("sends the same webhook-id and body again, with a fresh signature", async () => {
    const receiver = await receiverWith(() => 204);
    const { endpoint, secret } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
    const first = await sendTest(hub, partner, endpoint.id);
    await waitUntil("the first message", () => receiver.received.length === 1);
    const { redeliverWebhook } = await ok(hub.url, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { ${DELIVERY_FIELDS} } }`, { id: first.id }, partner);
    expect(redeliverWebhook.id).not.toBe(first.id);
    expect(redeliverWebhook.messageId).toBe(first.messageId);
    await waitUntil("the second message", () => receiver.received.length === 2);
    const [a, b] = receiver.received;
    expect(b!.headers["webhook-id"]).toBe(a!.headers["webhook-id"]);
    expect(b!.body).toBe(a!.body);
    verified(b!, secret);
    const log = await deliveriesOf(hub, partner, endpoint.id);
    expect(log.deliveries.nodes.map((d) => d.id)).toEqual([redeliverWebhook.id, first.id]); // newest first
  });
});
