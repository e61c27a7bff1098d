/**
 * One attempt at one message (SPEC §8): signed the Standard Webhooks way with a fresh timestamp
 * (the `standardwebhooks` package the hub already verifies the post's messages with), POSTed to the
 * endpoint's checked address with no redirect followed, bounded by WEBHOOK_TIMEOUT_SECONDS. It
 * touches no database: the worker reads before and records after.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { guardedLookup, hostOf, isBlockedAddress, TARGET_NOT_ALLOWED, type HostResolver, type TargetRules } from "./webhook-targets.js";

export interface AttemptOutcome {
  ok: boolean;
  /** The HTTP status answered; null when none came. */
  responseStatus: number | null;
  /** Why it failed, in a few words; null after a success. */
  error: string | null;
}

export interface SignedMessage {
  messageId: string;
  body: string;
}

/** The `webhook-signature` value: one `v1,<base64>` per secret, space-separated, the newest first. */
function signatureHeader(secrets: readonly string[], message: SignedMessage, at: Date): string {
  return secrets.map((secret) => new Webhook(secret).sign(message.messageId, at, message.body)).join(" ");
}

export class WebhookSender {
  constructor(private readonly deps: { rules: TargetRules; resolver: HostResolver; timeoutMs: number }) {}

  /** `secrets`: the current secret first, then one still in its rotation overlap. */
  async send(url: string, secrets: readonly string[], message: SignedMessage): Promise<AttemptOutcome> {
    const target = new URL(url);
    const host = hostOf(target);
    // A literal address is connected to without a lookup: checked here instead.
    if (isIP(host) && !this.deps.rules.allowPrivateTargets && isBlockedAddress(host)) return failure(null, TARGET_NOT_ALLOWED);
    const at = new Date();
    const headers = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(message.body)),
      "user-agent": "hanoi-partner-hub-webhooks/1",
      "webhook-id": message.messageId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signatureHeader(secrets, message, at),
    };
    const request = target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = request(
        target,
        { method: "POST", headers, agent: false, lookup: guardedLookup(this.deps.resolver, this.deps.rules) },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          // The answer's body means nothing to the hub: read and dropped, the socket freed.
          res.resume();
          res.on("error", () => {});
          if (status >= 200 && status < 300) finish({ ok: true, responseStatus: status, error: null });
          else if (status >= 300 && status < 400) finish(failure(status, `HTTP ${status} (redirects are not followed)`));
          else finish(failure(status, `HTTP ${status}`));
        },
      );
      const timer = setTimeout(() => {
        finish(failure(null, "timeout"));
        req.destroy();
      }, this.deps.timeoutMs);
      req.on("error", (error: NodeJS.ErrnoException) => finish(failure(null, describeNetworkError(error))));
      req.end(message.body);
    });
  }
}

const failure = (responseStatus: number | null, error: string): AttemptOutcome => ({ ok: false, responseStatus, error });

function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ETARGETNOTALLOWED":
      return TARGET_NOT_ALLOWED;
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ETIMEDOUT":
      return "timeout";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    default:
      return error.code?.startsWith("ERR_TLS") || /certificate|SSL|TLS/i.test(error.message) ? "TLS error" : `connection failed${error.code ? ` (${error.code})` : ""}`;
  }
}
