/**
 * For webhook tests: real HTTP receivers on loopback that record every request (and verify it with
 * `standardwebhooks`, the way a partner would), endpoints made through the API, and waiting helpers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, expect } from "vitest";
import { ok } from "../support/graphql.js";
import type { TestHub } from "../support/hub.js";

/** Quick retries and a short timeout, and the delivery worker looking often. */
export const fastWebhooks = {
  WEBHOOK_RETRY_SCHEDULE_SECONDS: "1,1",
  WEBHOOK_TIMEOUT_SECONDS: "2",
  WEBHOOK_POLL_INTERVAL_MS: "100",
};

export interface ReceivedMessage {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/** What the receiver answers its n-th request (0-based): a status, or `hang` (never answers). */
export type Answer = (n: number, message: ReceivedMessage) => number | "hang";

export interface Receiver {
  received: ReceivedMessage[];
  url(path?: string): string;
  port: number;
  /** Stops listening (and drops hanging requests); `start()` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  answer: Answer;
}

export async function startReceiver(answer: Answer = () => 204, host = "127.0.0.1"): Promise<Receiver> {
  const received: ReceivedMessage[] = [];
  let server: Server;
  let port = 0;
  const hanging = new Set<import("node:http").ServerResponse>();
  const receiver: Receiver = {
    received,
    answer,
    get port() {
      return port;
    },
    url: (path = "/hooks") => `http://${host}:${port}${path}`,
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const message = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), path: req.url ?? "" };
          const n = received.push(message) - 1;
          const status = receiver.answer(n, message);
          if (status === "hang") hanging.add(res);
          else res.writeHead(status).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      port = (server.address() as AddressInfo).port;
    },
    async stop() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  await receiver.start();
  return receiver;
}

/** Verifies a received message with `standardwebhooks` (throws when no signature verifies) and answers its parsed body. */
export function verified(message: ReceivedMessage, secret: string): { type: string; timestamp: string; data: Record<string, unknown> } {
  const headers = {
    "webhook-id": String(message.headers["webhook-id"]),
    "webhook-timestamp": String(message.headers["webhook-timestamp"]),
    "webhook-signature": String(message.headers["webhook-signature"]),
  };
  return new Webhook(secret).verify(message.body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
}

export async function waitUntil<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) return expect.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const ENDPOINT_FIELDS = `id url description events enabled disabledReason createdAt organization { code kind }`;
export const DELIVERY_FIELDS = `id messageId type status attempts lastAttemptAt lastResponseStatus lastError nextAttemptAt createdAt`;

export async function createEndpoint(
  hub: TestHub,
  token: string,
  input: { url: string; events: string[]; description?: string; organizationCode?: string },
): Promise<{ endpoint: { id: string; enabled: boolean; [field: string]: unknown }; secret: string }> {
  const data = await ok(
    hub.url,
    `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`,
    { input },
    token,
  );
  return data.createWebhookEndpoint;
}

export async function deliveriesOf(hub: TestHub, token: string, endpointId: string, status?: string) {
  const data = await ok(
    hub.url,
    `query($id: ID!, $status: WebhookDeliveryStatus) { node(id: $id) { ... on WebhookEndpoint { enabled disabledReason deliveries(status: $status, first: 100) { totalCount nodes { ${DELIVERY_FIELDS} } } } } }`,
    { id: endpointId, status },
    token,
  );
  return data.node as { enabled: boolean; disabledReason: string | null; deliveries: { totalCount: number; nodes: any[] } };
}

export async function sendTest(hub: TestHub, token: string, endpointId: string) {
  return (await ok(hub.url, `mutation($id: ID!) { sendTestWebhook(endpointId: $id) { ${DELIVERY_FIELDS} } }`, { id: endpointId }, token)).sendTestWebhook;
}

export const partnerToken = (hub: TestHub, org: string) => hub.token({ role: "PARTNER_APP", org });

/** Starts receivers for a test file, each stopped after it. */
export function receiversForFile(): (answer?: Answer) => Promise<Receiver> {
  const started: Receiver[] = [];
  afterAll(async () => {
    await Promise.all(started.map((receiver) => receiver.stop().catch(() => {})));
  });
  return async (answer) => {
    const receiver = await startReceiver(answer);
    started.push(receiver);
    return receiver;
  };
}
