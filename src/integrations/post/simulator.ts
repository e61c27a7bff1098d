/**
 * A stand-in for the post's shipment API (SPEC §3): a real HTTP server on loopback, S10 tracking
 * numbers, a clock that moves parcels along, signed tracking webhooks, and faults for tests
 * (outages, timeouts, lost answers, lost or duplicated webhooks) injected here rather than faked in the client.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { send, SimulatorRoutes, startSimulatorServer, type SimulatorReply, type SimulatorRequest } from "../simulator-server.js";
import { makeS10 } from "./tracking-number.js";
import { isFinalShipmentStatus, type Shipment, type ShipmentRequest, type ShipmentStatus, type ShipmentWebhook } from "./types.js";
import { signPostWebhook } from "./webhook.js";

export interface PostSimulatorOptions {
  port?: number;
  token?: string;
  webhookUrl?: string;
  webhookSecret: string;
  /** How long a parcel stays in each status when `autoAdvance` is on. Default 60 s. */
  stepMs?: number;
  /** Default true; tests usually turn it off and call `advance`. */
  autoAdvance?: boolean;
  /** Clock for event times. Webhook signatures always use the real clock, which is what receivers check. */
  now?: () => Date;
  /** First S10 serial. Defaults to one derived from the clock so a restarted simulator does not reissue numbers a hub database still holds. */
  firstSerial?: number;
}

interface PostSimulatorFaults {
  /** The next `count` API requests answer `status` and do nothing. */
  failNext(count: number, status?: number): void;
  /** The next `count` API requests get no answer at all (until the client gives up or the simulator closes). */
  timeoutNext(count: number): void;
  /** The next `count` POST /v1/shipments create the shipment, then drop the connection without answering. */
  loseAnswerNext(count: number): void;
  /** The next `count` webhook deliveries are never sent. */
  dropWebhooks(count: number): void;
  /** Send every webhook twice with the same webhook-id. */
  duplicateWebhooks: boolean;
  /** Every API answer comes this much later (a slow post). */
  latencyMs: number;
  reset(): void;
}

interface SimulatedShipment extends Shipment {
  reference: string;
  idempotencyKey: string;
}

export interface PostSimulator {
  url: string;
  close(): Promise<void>;
  faults: PostSimulatorFaults;
  shipments(): SimulatedShipment[];
  /** POST /v1/shipments requests that created a new shipment. */
  readonly createCount: number;
  /** Moves the shipment one step now; resolves once its webhook delivery (with retries) is over. */
  advance(trackingNumber: string): Promise<void>;
  /** That reference's shipment goes IN_TRANSIT → FAILED → RETURNED_TO_SENDER instead of DELIVERED. */
  planFailure(reference: string): void;
  setWebhookUrl(url: string | undefined): void;
  /** Forgets shipments, plans and faults; serials keep increasing so numbers are never reused. */
  reset(): void;
}

interface Entry {
  shipment: Shipment;
  reference: string;
  address: string;
  idempotencyKey: string;
  fingerprint: string;
  timer?: NodeJS.Timeout;
}

const WEBHOOK_ATTEMPTS = 3;
const WEBHOOK_TIMEOUT_MS = 5_000;

const steps: Partial<Record<ShipmentStatus, { status: ShipmentStatus; note: string }>> = {
  CREATED: { status: "PICKED_UP", note: "Picked up at the service center" },
  PICKED_UP: { status: "IN_TRANSIT", note: "Arrived at the Hanoi delivery hub" },
  IN_TRANSIT: { status: "DELIVERED", note: "Delivered to recipient" },
  FAILED: { status: "RETURNED_TO_SENDER", note: "Returned to sender after failed delivery" },
};
const failedAttempt = { status: "FAILED", note: "Recipient not at home" } as const;

class Faults implements PostSimulatorFaults {
  failing = 0;
  failStatus = 503;
  timeouts = 0;
  lostAnswers = 0;
  droppedWebhooks = 0;
  duplicateWebhooks = false;
  latencyMs = 0;

  failNext(count: number, status = 503) {
    this.failing = count;
    this.failStatus = status;
  }
  timeoutNext(count: number) {
    this.timeouts = count;
  }
  loseAnswerNext(count: number) {
    this.lostAnswers = count;
  }
  dropWebhooks(count: number) {
    this.droppedWebhooks = count;
  }
  reset() {
    Object.assign(this, { failing: 0, failStatus: 503, timeouts: 0, lostAnswers: 0, droppedWebhooks: 0, duplicateWebhooks: false, latencyMs: 0 });
  }
}

export async function startPostSimulator(options: PostSimulatorOptions): Promise<PostSimulator> {
  const now = options.now ?? (() => new Date());
  const stepMs = options.stepMs ?? 60_000;
  const autoAdvance = options.autoAdvance ?? true;
  const faults = new Faults();
  const entries = new Map<string, Entry>();
  const byKey = new Map<string, Entry>();
  const plannedFailures = new Set<string>();
  const deliveries = new Set<Promise<void>>();
  const closing = new AbortController();
  let webhookUrl = options.webhookUrl;
  let nextSerial = options.firstSerial ?? 10_000_000 + (Math.floor(now().getTime() / 1000) % 80_000_000);
  let createCount = 0;

  function createShipment(request: SimulatorRequest): SimulatorReply {
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string" || key.trim() === "") {
      return { status: 400, body: { reason: "Idempotency-Key header is required" } };
    }
    const parsed = readShipmentRequest(request.body);
    if (typeof parsed === "string") return { status: 400, body: { reason: parsed } };

    const fingerprint = JSON.stringify([parsed.reference, parsed.recipientName, parsed.recipientPhone, parsed.address]);
    const known = byKey.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        return { status: 422, body: { reason: "Idempotency-Key was already used with a different request" } };
      }
      return { status: 201, body: { trackingNumber: known.shipment.trackingNumber, status: "CREATED" } };
    }

    const trackingNumber = makeS10(nextSerial++ % 100_000_000);
    const event = { status: "CREATED" as const, at: now().toISOString(), note: "Shipment created" };
    const entry: Entry = {
      shipment: { trackingNumber, status: "CREATED", events: [event] },
      reference: parsed.reference,
      address: parsed.address,
      idempotencyKey: key,
      fingerprint,
    };
    entries.set(trackingNumber, entry);
    byKey.set(key, entry);
    createCount++;
    if (autoAdvance) {
      entry.timer = setInterval(() => void step(entry), stepMs);
      entry.timer.unref();
    }
    return { status: 201, body: { trackingNumber, status: "CREATED" } };
  }

  /** Demo rule of the simulator only: an address saying "undeliverable" fails, so a failed delivery can be shown. */
  const UNDELIVERABLE = /undeliverable/i;

  function step(entry: Entry): Promise<void> {
    const { shipment } = entry;
    const fails = plannedFailures.has(entry.reference) || UNDELIVERABLE.test(entry.address);
    const next = shipment.status === "IN_TRANSIT" && fails ? failedAttempt : steps[shipment.status];
    if (!next) return Promise.resolve();
    const event = { status: next.status, at: now().toISOString(), note: next.note };
    shipment.status = next.status;
    shipment.events.push(event);
    if (isFinalShipmentStatus(next.status)) clearInterval(entry.timer);
    const delivery = deliver({ type: "shipment.updated", data: { trackingNumber: shipment.trackingNumber, ...event } });
    deliveries.add(delivery);
    return delivery.finally(() => deliveries.delete(delivery));
  }

  // Fire and forget, like a real sender: failures are retried a little, then given up, never thrown.
  async function deliver(webhook: ShipmentWebhook): Promise<void> {
    const url = webhookUrl;
    if (!url) return;
    if (faults.droppedWebhooks > 0) {
      faults.droppedWebhooks--;
      return;
    }
    const body = JSON.stringify(webhook);
    const webhookId = `msg_${randomUUID()}`;
    for (let copy = faults.duplicateWebhooks ? 2 : 1; copy > 0; copy--) await postWebhook(url, webhookId, body);
  }

  async function postWebhook(url: string, webhookId: string, body: string): Promise<void> {
    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS && !closing.signal.aborted; attempt++) {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...signPostWebhook(options.webhookSecret, webhookId, new Date(), body) },
          body,
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.status < 500) return;
      } catch {
        // connection refused, reset or timed out: retried below like a 5xx
      }
      if (attempt < WEBHOOK_ATTEMPTS) await pause(100 * attempt, closing.signal);
    }
  }

  async function intercept(request: SimulatorRequest, response: ServerResponse): Promise<boolean> {
    if (faults.latencyMs > 0) await pause(faults.latencyMs, closing.signal);
    if (faults.failing > 0) {
      faults.failing--;
      send(response, { status: faults.failStatus, body: { message: "simulated outage" } });
      return true;
    }
    if (faults.timeouts > 0) {
      faults.timeouts--;
      return true; // never answered; the server's close() destroys the held socket
    }
    if (faults.lostAnswers > 0 && request.method === "POST" && request.path === "/v1/shipments") {
      faults.lostAnswers--;
      createShipment(request);
      response.destroy();
      return true;
    }
    return false;
  }

  const routes = new SimulatorRoutes()
    .on("POST", "/v1/shipments", createShipment)
    .on("GET", "/v1/shipments/:trackingNumber", ({ params }) => {
      const entry = entries.get(params.trackingNumber!);
      return entry ? { status: 200, body: copyShipment(entry.shipment) } : { status: 404, body: { message: "no such shipment" } };
    });
  const server = await startSimulatorServer(routes, { port: options.port, token: options.token, intercept });

  function stopTimers() {
    for (const entry of entries.values()) clearInterval(entry.timer);
  }

  return {
    url: server.url,
    faults,
    get createCount() {
      return createCount;
    },
    shipments: () =>
      [...entries.values()].map((entry) => ({
        ...copyShipment(entry.shipment),
        reference: entry.reference,
        idempotencyKey: entry.idempotencyKey,
      })),
    async advance(trackingNumber) {
      const entry = entries.get(trackingNumber);
      if (!entry) throw new Error(`post simulator has no shipment ${trackingNumber}`);
      await step(entry);
    },
    planFailure: (reference) => void plannedFailures.add(reference),
    setWebhookUrl: (url) => void (webhookUrl = url),
    reset() {
      stopTimers();
      entries.clear();
      byKey.clear();
      plannedFailures.clear();
      faults.reset();
      createCount = 0;
    },
    async close() {
      stopTimers();
      closing.abort();
      await Promise.allSettled([...deliveries]);
      await server.close();
    },
  };
}

function readShipmentRequest(body: unknown): ShipmentRequest | string {
  if (typeof body !== "object" || body === null) return "body must be a JSON object";
  const fields = body as Record<string, unknown>;
  for (const name of ["reference", "recipientName", "recipientPhone", "address"] as const) {
    const value = fields[name];
    if (typeof value !== "string" || value.trim() === "") return `${name} is required`;
  }
  const request = fields as unknown as ShipmentRequest;
  if (!/^\+?\d[\d .-]{7,18}$/.test(request.recipientPhone)) return "recipientPhone is not a phone number";
  const { reference, recipientName, recipientPhone, address } = request;
  return { reference, recipientName, recipientPhone, address };
}

function copyShipment(shipment: Shipment): Shipment {
  return { trackingNumber: shipment.trackingNumber, status: shipment.status, events: shipment.events.map((e) => ({ ...e })) };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
