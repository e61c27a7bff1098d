/**
 * Post tracking webhooks, signed the Standard Webhooks way (SPEC §3). Signature and freshness are
 * checked here; refusing a replayed `webhookId` needs storage, so that is the hub's job.
 */
import { Webhook } from "standardwebhooks";
import { isTrackingNumber, readShipmentEvent, type ShipmentWebhook } from "./types.js";

const TOLERANCE_SECONDS = 5 * 60;

export type PostWebhookRefusal =
  | "missing signature headers"
  | "malformed webhook-id"
  | "malformed timestamp"
  | "timestamp outside tolerance"
  | "bad signature"
  | "malformed body";

export class PostWebhookRefused extends Error {
  override readonly name = "PostWebhookRefused";
  constructor(readonly reason: PostWebhookRefusal) {
    super(`post webhook refused: ${reason}`);
  }
}

export type VerifiedPostWebhook = ShipmentWebhook["data"] & { webhookId: string };

export function verifyPostWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): VerifiedPostWebhook {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (!id || !timestamp || !signature) throw new PostWebhookRefused("missing signature headers");
  // Standard Webhooks ids are short (msg_<ksuid>); the hub keeps them to refuse replays, in an index that must hold them.
  if (!/^[\x21-\x7e]{1,256}$/.test(id)) throw new PostWebhookRefused("malformed webhook-id");

  // Checked here as well as in the library (same clock, same 5 minutes) so each refusal gets its own
  // reason without matching the library's message strings.
  if (!/^\d+$/.test(timestamp)) throw new PostWebhookRefused("malformed timestamp");
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new PostWebhookRefused("timestamp outside tolerance");
  }
  try {
    new Webhook(secret).verify(
      rawBody,
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
  } catch {
    throw new PostWebhookRefused("bad signature");
  }
  return { ...readBody(rawBody), webhookId: id };
}

/** The three `webhook-*` headers for one delivery; used by the simulator and tests. */
export function signPostWebhook(secret: string, webhookId: string, at: Date, body: string): Record<string, string> {
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(webhookId, at, body),
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    // Several signatures may come as repeated headers; Standard Webhooks separates them by spaces.
    return Array.isArray(value) ? value.join(" ") : value;
  }
  return undefined;
}

function readBody(rawBody: string): ShipmentWebhook["data"] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new PostWebhookRefused("malformed body");
  }
  const event = parsed as Partial<ShipmentWebhook> | null;
  if (event?.type !== "shipment.updated" || typeof event.data !== "object" || event.data === null) {
    throw new PostWebhookRefused("malformed body");
  }
  const shipmentEvent = readShipmentEvent(event.data);
  if (!shipmentEvent || !isTrackingNumber(event.data.trackingNumber)) throw new PostWebhookRefused("malformed body");
  return { trackingNumber: event.data.trackingNumber, ...shipmentEvent };
}
