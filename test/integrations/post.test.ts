import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PartnerRejectedError, PartnerUnavailableError } from "../../src/integrations/partner-errors.js";
import { createPostClient, createShipmentWithRetry, type PostClient } from "../../src/integrations/post/client.js";
import { startPostSimulator, type PostSimulator } from "../../src/integrations/post/simulator.js";
import { isValidS10, makeS10 } from "../../src/integrations/post/tracking-number.js";
import type { ShipmentRequest } from "../../src/integrations/post/types.js";
import { PostWebhookRefused, signPostWebhook, verifyPostWebhook } from "../../src/integrations/post/webhook.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LW9mLXRoZS1wb3N0LWFwaQ==";
const TOKEN = "post-test-token";
const fastRetry = { attempts: 4, backoff: { baseMs: 5, maxMs: 20 } };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny stand-in for the hub's webhook endpoint: records what arrives, answers 204. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { failNext: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (state.failNext > 0) return void (state.failNext--, res.writeHead(503).end());
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/post`,
    received,
    /** The next `count` deliveries answer 503, to see the sender retry. */
    failNext: (count: number) => void (state.failNext = count),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let counter = 0;
function shipmentRequest(overrides: Partial<ShipmentRequest> = {}): ShipmentRequest {
  counter++;
  return {
    reference: `HN-2025-${String(counter).padStart(6, "0")}`,
    recipientName: "Nguyễn Văn An",
    recipientPhone: "0912345678",
    address: "12 Phố Huế, Hai Bà Trưng, Hà Nội",
    ...overrides,
  };
}

describe("S10 tracking numbers", () => {
  it("computes the UPU check digit", () => {
    expect(makeS10(12345678)).toBe("EA123456785VN");
    expect(isValidS10("EA123456785VN")).toBe(true);
    expect(isValidS10("EA123456784VN")).toBe(false);
    expect(isValidS10("EA12345678VN")).toBe(false);
  });

  it("maps check 11 to 5 and check 10 to 0", () => {
    expect(makeS10(0)).toBe("EA000000005VN"); // sum 0 → 11 → 5
    expect(makeS10(1)).toBe("EA000000014VN"); // sum 7 → 4
    expect(makeS10(101)).toBe("EA000001010VN"); // sum 5 + 7 = 12 ≡ 1 → 10 → 0
    expect(() => makeS10(100_000_000)).toThrow(RangeError);
  });
});

describe("post shipment API over HTTP", () => {
  let simulator: PostSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: PostClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    simulator = await startPostSimulator({ token: TOKEN, webhookSecret: SECRET, webhookUrl: receiver.url, autoAdvance: false });
    client = createPostClient({ baseUrl: simulator.url, token: TOKEN, timeoutMs: 1_000 });
  });
  afterEach(() => {
    simulator.reset();
    simulator.setWebhookUrl(receiver.url);
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await simulator.close();
    await receiver.close();
  });

  const verified = () => receiver.received.map((r) => verifyPostWebhook(SECRET, r.headers, r.body));

  it("creates a shipment with a valid S10 tracking number", async () => {
    const created = await client.createShipment("dossier-1", shipmentRequest());
    expect(created.status).toBe("CREATED");
    expect(created.trackingNumber).toMatch(/^EA\d{9}VN$/);
    expect(isValidS10(created.trackingNumber)).toBe(true);
    const shipment = await client.getShipment(created.trackingNumber);
    expect(shipment?.events.map((e) => e.status)).toEqual(["CREATED"]);
  });

  it("answers the same shipment for the same key and body", async () => {
    const request = shipmentRequest();
    const first = await client.createShipment("dossier-2", request);
    const second = await client.createShipment("dossier-2", request);
    expect(second).toEqual(first);
    expect(simulator.createCount).toBe(1);
    expect(simulator.shipments()).toHaveLength(1);
    expect(simulator.shipments()[0]).toMatchObject({ reference: request.reference, idempotencyKey: "dossier-2" });
  });

  it("refuses a reused key with a different body with 422", async () => {
    await client.createShipment("dossier-3", shipmentRequest());
    const error = await client.createShipment("dossier-3", shipmentRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerRejectedError);
    expect((error as PartnerRejectedError).status).toBe(422);
    expect(simulator.createCount).toBe(1);
  });

  it("refuses a request without key, without address, or without the bearer token", async () => {
    const noKey = await fetch(`${simulator.url}/v1/shipments`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(shipmentRequest()),
    });
    expect(noKey.status).toBe(400);
    const { address: _address, ...withoutAddress } = shipmentRequest();
    const error = await client.createShipment("dossier-4", withoutAddress as ShipmentRequest).catch((e: unknown) => e);
    expect((error as PartnerRejectedError).status).toBe(400);
    expect((error as PartnerRejectedError).reason).toMatch(/address/);
    const anonymous = createPostClient({ baseUrl: simulator.url, timeoutMs: 1_000 });
    await expect(anonymous.getShipment("EA123456785VN")).rejects.toMatchObject({ status: 401 });
    expect(simulator.createCount).toBe(0);
  });

  it("retries through an outage and creates exactly one shipment", async () => {
    simulator.faults.failNext(2);
    const created = await createShipmentWithRetry(client, "dossier-5", shipmentRequest(), fastRetry);
    expect(isValidS10(created.trackingNumber)).toBe(true);
    expect(simulator.createCount).toBe(1);
  });

  it("gives up with the last retryable error when attempts run out", async () => {
    simulator.faults.failNext(5, 502);
    const error = await createShipmentWithRetry(client, "dossier-6", shipmentRequest(), fastRetry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerUnavailableError);
    expect((error as PartnerUnavailableError).status).toBe(502);
    expect(simulator.createCount).toBe(0);
  });

  it("does not retry a final refusal", async () => {
    await client.createShipment("dossier-7", shipmentRequest());
    await expect(createShipmentWithRetry(client, "dossier-7", shipmentRequest(), fastRetry)).rejects.toBeInstanceOf(
      PartnerRejectedError,
    );
  });

  it("recovers the shipment whose answer was lost by retrying with the same key", async () => {
    simulator.faults.loseAnswerNext(1);
    const request = shipmentRequest();
    await expect(client.createShipment("dossier-8", request)).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect(simulator.createCount).toBe(1);
    const created = await createShipmentWithRetry(client, "dossier-8", request, fastRetry);
    expect(created.trackingNumber).toBe(simulator.shipments()[0]!.trackingNumber);
    expect(simulator.createCount).toBe(1);
  });

  it("times out on a request the post never answers, having done nothing", async () => {
    simulator.faults.timeoutNext(1);
    const impatient = createPostClient({ baseUrl: simulator.url, token: TOKEN, timeoutMs: 200 });
    await expect(impatient.createShipment("dossier-9", shipmentRequest())).rejects.toThrow(/no answer within 200 ms/);
    expect(simulator.createCount).toBe(0);
  });

  it("moves a shipment to DELIVERED with signed webhooks", async () => {
    const { trackingNumber } = await client.createShipment("dossier-10", shipmentRequest());
    for (let i = 0; i < 3; i++) await simulator.advance(trackingNumber);
    await simulator.advance(trackingNumber); // already final: nothing more happens

    const events = verified();
    expect(events.map((e) => e.status)).toEqual(["PICKED_UP", "IN_TRANSIT", "DELIVERED"]);
    expect(events.every((e) => e.trackingNumber === trackingNumber && /^msg_/.test(e.webhookId))).toBe(true);
    expect(new Set(events.map((e) => e.webhookId)).size).toBe(3);
    expect(events[2]!.note).toBe("Delivered to recipient");
    const shipment = await client.getShipment(trackingNumber);
    expect(shipment?.status).toBe("DELIVERED");
    expect(shipment?.events.map((e) => e.status)).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"]);
  });

  it("returns a planned failure to the sender", async () => {
    const request = shipmentRequest();
    simulator.planFailure(request.reference);
    const { trackingNumber } = await client.createShipment("dossier-11", request);
    for (let i = 0; i < 5; i++) await simulator.advance(trackingNumber);
    expect(verified().map((e) => e.status)).toEqual(["PICKED_UP", "IN_TRANSIT", "FAILED", "RETURNED_TO_SENDER"]);
    expect((await client.getShipment(trackingNumber))?.status).toBe("RETURNED_TO_SENDER");
  });

  it("fails, as a demo, a shipment whose address says it is undeliverable", async () => {
    const request = { ...shipmentRequest(), address: "12 Hang Bai, Ha Noi (UNDELIVERABLE)" };
    const { trackingNumber } = await client.createShipment("dossier-11b", request);
    for (let i = 0; i < 4; i++) await simulator.advance(trackingNumber);
    expect((await client.getShipment(trackingNumber))?.events.map((e) => e.status)).toEqual([
      "CREATED",
      "PICKED_UP",
      "IN_TRANSIT",
      "FAILED",
      "RETURNED_TO_SENDER",
    ]);
  });

  it("loses a dropped webhook, but polling still shows every event", async () => {
    const { trackingNumber } = await client.createShipment("dossier-12", shipmentRequest());
    simulator.faults.dropWebhooks(1);
    for (let i = 0; i < 3; i++) await simulator.advance(trackingNumber);
    expect(verified().map((e) => e.status)).toEqual(["IN_TRANSIT", "DELIVERED"]);
    const shipment = await client.getShipment(trackingNumber);
    expect(shipment?.events.map((e) => e.status)).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"]);
  });

  it("sends duplicated webhooks with the same id", async () => {
    const { trackingNumber } = await client.createShipment("dossier-13", shipmentRequest());
    simulator.faults.duplicateWebhooks = true;
    await simulator.advance(trackingNumber);
    const [first, second] = verified();
    expect(second).toEqual(first);
  });

  it("retries a webhook the receiver failed to take", async () => {
    const { trackingNumber } = await client.createShipment("dossier-15", shipmentRequest());
    receiver.failNext(2);
    await simulator.advance(trackingNumber);
    expect(verified().map((e) => e.status)).toEqual(["PICKED_UP"]);
  });

  it("moves shipments along on its own clock", async () => {
    const fast = await startPostSimulator({ token: TOKEN, webhookSecret: SECRET, webhookUrl: receiver.url, stepMs: 20 });
    try {
      const fastClient = createPostClient({ baseUrl: fast.url, token: TOKEN, timeoutMs: 1_000 });
      const { trackingNumber } = await fastClient.createShipment("dossier-14", shipmentRequest());
      await expect.poll(async () => (await fastClient.getShipment(trackingNumber))?.status, { timeout: 5_000 }).toBe("DELIVERED");
      await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBe(3);
    } finally {
      await fast.close();
    }
  });

  it("answers null for an unknown tracking number", async () => {
    expect(await client.getShipment("EA999999995VN")).toBeNull();
  });
});

describe("verifyPostWebhook", () => {
  const body = JSON.stringify({
    type: "shipment.updated",
    data: { trackingNumber: "EA123456785VN", status: "DELIVERED", at: "2025-06-02T03:04:05.000Z", note: "Delivered to recipient" },
  });
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(PostWebhookRefused);
      return (error as PostWebhookRefused).reason;
    }
    throw new Error("webhook was accepted");
  };

  it("accepts a correctly signed delivery", () => {
    const headers = signPostWebhook(SECRET, "msg_1", new Date(), body);
    expect(verifyPostWebhook(SECRET, headers, body)).toEqual({
      webhookId: "msg_1",
      trackingNumber: "EA123456785VN",
      status: "DELIVERED",
      at: "2025-06-02T03:04:05.000Z",
      note: "Delivered to recipient",
    });
  });

  it("refuses unsigned, wrongly signed, stale and future deliveries", () => {
    const headers = signPostWebhook(SECRET, "msg_2", new Date(), body);
    expect(refusal(() => verifyPostWebhook(SECRET, {}, body))).toBe("missing signature headers");
    expect(refusal(() => verifyPostWebhook(SECRET, { ...headers, "webhook-signature": "v1,AAAA" }, body))).toBe("bad signature");
    expect(refusal(() => verifyPostWebhook(SECRET, headers, body.replace("DELIVERED", "FAILED")))).toBe("bad signature");
    expect(refusal(() => verifyPostWebhook(SECRET, signPostWebhook(OTHER_SECRET, "msg_3", new Date(), body), body))).toBe(
      "bad signature",
    );
    expect(refusal(() => verifyPostWebhook(SECRET, signPostWebhook(SECRET, "msg_4", minutes(-6), body), body))).toBe(
      "timestamp outside tolerance",
    );
    expect(refusal(() => verifyPostWebhook(SECRET, signPostWebhook(SECRET, "msg_5", minutes(6), body), body))).toBe(
      "timestamp outside tolerance",
    );
    expect(verifyPostWebhook(SECRET, signPostWebhook(SECRET, "msg_6", minutes(-4), body), body).webhookId).toBe("msg_6");
    const longId = `msg_${"x".repeat(300)}`;
    expect(refusal(() => verifyPostWebhook(SECRET, signPostWebhook(SECRET, longId, new Date(), body), body))).toBe("malformed webhook-id");
  });

  it("refuses correctly signed but malformed bodies", () => {
    const data = { trackingNumber: "EA123456785VN", status: "DELIVERED", at: "2025-06-02T03:04:05Z", note: null };
    const malformed = [
      "{not json",
      JSON.stringify({ type: "shipment.created", data }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, status: "LOST" } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, at: "yesterday" } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, trackingNumber: undefined } }),
      JSON.stringify({ type: "shipment.updated" }),
      // Nothing the database cannot hold gets as far as a query: a 5xx would make the post retry forever.
      JSON.stringify({ type: "shipment.updated", data: { ...data, trackingNumber: "EA\u0000" } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, trackingNumber: "E".repeat(65) } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, at: "0000-01-01T00:00:00Z" } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, at: "9999-12-31T23:59:59Z" } }),
      JSON.stringify({ type: "shipment.updated", data: { ...data, note: 5 } }),
    ];
    for (const text of malformed) {
      const headers = signPostWebhook(SECRET, "msg_7", new Date(), text);
      expect(refusal(() => verifyPostWebhook(SECRET, headers, text))).toBe("malformed body");
    }
  });

  it("keeps an event whose note has control characters, without them", () => {
    const text = JSON.stringify({
      type: "shipment.updated",
      data: { trackingNumber: "EA123456785VN", status: "FAILED", at: "2025-06-02T10:04:05+07:00", note: "Not\u0000 at home\u0007" },
    });
    const event = verifyPostWebhook(SECRET, signPostWebhook(SECRET, "msg_8", new Date(), text), text);
    expect(event).toMatchObject({ status: "FAILED", at: "2025-06-02T03:04:05.000Z", note: "Not at home" });
  });
});
