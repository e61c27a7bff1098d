/**
 * verifyWebhook on messages signed the way SPEC §8 says the hub signs them (Standard Webhooks,
 * made here with the `standardwebhooks` package): accepted and typed when the signature and time
 * are right, with either signature during a rotation; refused otherwise.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError, type WebhookEvent } from "../../clients/typescript/src/index.js";

const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** The three headers for `body`, signed with each secret in turn (the newest first, as during a rotation). */
function sign(body: string, secrets: string[], at = new Date(), id = `msg_${randomUUID()}`): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(" "),
  };
}

const registrationUpdated = JSON.stringify({
  type: "securityRegistration.updated",
  timestamp: "2026-03-02T03:04:05.000Z",
  data: { id: "U2VjdXJpdHlSZWdpc3RyYXRpb246MQ", dossierId: "RG9zc2llcjox", kind: "INITIAL", status: "REGISTERED", registrationNumber: "HN-LRO-2026-000001", registeredAt: "2026-03-02T03:04:05.000Z", sequence: 3 },
});

function refusal(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return error as WebhookVerificationError;
  }
  return expect.fail("expected the message to be refused");
}

describe("verifyWebhook", () => {
  it("answers a signed message typed, `type` narrowing `data`, with the message id to de-duplicate on", () => {
    const secret = newSecret();
    const headers = sign(registrationUpdated, [secret]);
    const event: WebhookEvent = verifyWebhook(registrationUpdated, headers, secret);
    expect(event).toMatchObject({ type: "securityRegistration.updated", messageId: headers["webhook-id"], timestamp: "2026-03-02T03:04:05.000Z" });
    if (event.type !== "securityRegistration.updated") return expect.fail(`unexpected ${event.type}`);
    expect(event.data.registrationNumber).toBe("HN-LRO-2026-000001");
    expect(event.data.sequence).toBe(3);
  });

  it("takes the raw body as bytes and the headers as fetch Headers or Node's (any case)", () => {
    const secret = newSecret();
    const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: { endpointId: "V2ViaG9va0VuZHBvaW50OjE" } });
    const headers = sign(body, [secret]);
    expect(verifyWebhook(Buffer.from(body), new Headers(headers), secret).data).toEqual({ endpointId: "V2ViaG9va0VuZHBvaW50OjE" });
    const shouting = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verifyWebhook(new TextEncoder().encode(body), shouting, secret).type).toBe("webhook.test");
  });

  it("accepts either signature after a rotation, and a receiver holding both secrets", () => {
    const [older, newer] = [newSecret(), newSecret()];
    const headers = sign(registrationUpdated, [newer, older]);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verifyWebhook(registrationUpdated, headers, older).type).toBe("securityRegistration.updated");
    expect(verifyWebhook(registrationUpdated, headers, newer).type).toBe("securityRegistration.updated");
    // A receiver rolling the new secret out keeps both, and takes messages signed with only the old one too.
    expect(verifyWebhook(registrationUpdated, sign(registrationUpdated, [older]), [newer, older]).type).toBe("securityRegistration.updated");
  });

  it("refuses a tampered body, a wrong secret and missing headers", () => {
    const secret = newSecret();
    const headers = sign(registrationUpdated, [secret]);
    const tampered = registrationUpdated.replace('"REGISTERED"', '"REJECTED"');
    expect(refusal(() => verifyWebhook(tampered, headers, secret)).reason).toBe("bad signature");
    expect(refusal(() => verifyWebhook(registrationUpdated, headers, newSecret())).reason).toBe("bad signature");
    expect(refusal(() => verifyWebhook(registrationUpdated, headers, [newSecret(), newSecret()])).reason).toBe("bad signature");
    const { "webhook-signature": _signature, ...unsigned } = headers;
    expect(refusal(() => verifyWebhook(registrationUpdated, unsigned, secret)).reason).toBe("missing headers");
  });

  it("refuses a stale timestamp (over five minutes old, or ahead), even when correctly signed", () => {
    const secret = newSecret();
    const sixMinutes = 6 * 60_000;
    for (const at of [new Date(Date.now() - sixMinutes), new Date(Date.now() + sixMinutes)]) {
      expect(refusal(() => verifyWebhook(registrationUpdated, sign(registrationUpdated, [secret], at), [secret, newSecret()])).reason).toBe("stale timestamp");
    }
  });

  it("refuses a signed body that is not one of the contract's messages", () => {
    const secret = newSecret();
    const unknown = JSON.stringify({ type: "registry.exploded", timestamp: new Date().toISOString(), data: {} });
    expect(refusal(() => verifyWebhook(unknown, sign(unknown, [secret]), secret)).reason).toBe("malformed body");
  });
});
