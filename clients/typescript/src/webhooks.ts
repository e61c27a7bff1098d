/**
 * `verifyWebhook`: checks a message the hub sent to your endpoint (Standard Webhooks signatures,
 * SPEC §8) and answers it typed. Built on the `standardwebhooks` package: the signature is
 * HMAC-SHA256 over `id.timestamp.body`, and messages older or newer than five minutes are refused.
 */
import { Webhook } from "standardwebhooks";
import { webhookMessageTypes, type WebhookEvent, type WebhookMessageType } from "./webhook-events.js";

export type WebhookRefusal = "missing headers" | "bad signature" | "stale timestamp" | "malformed body";

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Node's `req.headers`, a fetch `Headers`, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Verifies and parses one message. `rawBody` must be the bytes as received (before any JSON
 * parsing). Give both secrets while you roll a rotated one out: during a rotation the hub signs
 * with the new and the old secret, and either verifies.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string | readonly string[]): WebhookEvent {
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  const signed = {
    "webhook-id": header(headers, "webhook-id"),
    "webhook-timestamp": header(headers, "webhook-timestamp"),
    "webhook-signature": header(headers, "webhook-signature"),
  };
  if (!signed["webhook-id"] || !signed["webhook-timestamp"] || !signed["webhook-signature"]) {
    throw new WebhookVerificationError("missing headers", "webhook-id, webhook-timestamp and webhook-signature are required");
  }
  const secrets = typeof secret === "string" ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError("verifyWebhook needs at least one secret");

  let refusal: WebhookVerificationError | undefined;
  for (const candidate of secrets) {
    try {
      new Webhook(candidate).verify(body, signed as Record<string, string>, { jsonParse: false });
      return readEvent(body, signed["webhook-id"]);
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw error; // signed, but not a message of the contract
      refusal = refusalOf(error);
      // A stale timestamp is stale for every secret.
      if (refusal.reason === "stale timestamp") break;
    }
  }
  throw refusal!;
}

function readEvent(body: string, messageId: string): WebhookEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("malformed body", "The body is not JSON");
  }
  const message = parsed as { type?: unknown; timestamp?: unknown; data?: unknown } | null;
  if (!message || typeof message.timestamp !== "string" || typeof message.data !== "object" || message.data === null) {
    throw new WebhookVerificationError("malformed body", "The body is not { type, timestamp, data }");
  }
  if (!webhookMessageTypes.includes(message.type as WebhookMessageType)) {
    // Signed by the hub, but of a type this version does not know: a newer contract. Upgrade the client.
    throw new WebhookVerificationError("malformed body", `Unknown webhook type ${String(message.type)}`);
  }
  return { type: message.type, timestamp: message.timestamp, data: message.data, messageId } as WebhookEvent;
}

function refusalOf(error: unknown): WebhookVerificationError {
  const message = error instanceof Error ? error.message : String(error);
  // standardwebhooks says which check failed only in its messages: "Message timestamp too old/new".
  if (/timestamp/i.test(message)) return new WebhookVerificationError("stale timestamp", message);
  return new WebhookVerificationError("bad signature", message);
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(" ") : value;
}
