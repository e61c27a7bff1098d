/**
 * The bank's webhook endpoint: the hub POSTs `securityRegistration.updated` when a registration
 * changes (SPEC §8), and this receiver verifies each message with `verifyWebhook` and hands the
 * registration's new state on. The same decision the subscription reports arrives here too, for
 * core-banking systems that hold no WebSocket open.
 *
 * The bank's PARTNER_APP registers the endpoint with the hub (CreateWebhookEndpoint, see
 * docs/webhooks.md) and gives this receiver the secret the answer holds; the hub then signs every
 * message with it (test/client/partner-app-operations.test.ts runs exactly that).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { verifyWebhook, WebhookVerificationError, type SecurityRegistrationUpdatedData } from "@hanoi-hub/client";

export interface WebhookReceiverOptions {
  /** The endpoint's secret(s) (`whsec_…`): both while a rotated one is rolled out. */
  secrets: string[];
  onRegistrationUpdated: (update: SecurityRegistrationUpdatedData) => void;
}

/** A request handler for Node's http server (or Express, mounted before any body parser). */
export function webhookHandler(options: WebhookReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void {
  // The hub sends each message at least once: remember the ids seen. A real receiver keeps them
  // in its database, and orders one registration's messages by `data.sequence`, not by arrival.
  const seen = new Set<string>();
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const event = verifyWebhook(Buffer.concat(chunks), req.headers, options.secrets);
        if (!seen.has(event.messageId)) {
          seen.add(event.messageId);
          if (event.type === "securityRegistration.updated") options.onRegistrationUpdated(event.data);
        }
        res.writeHead(204).end();
      } catch (error) {
        // Not from the hub (or too old): refuse, and never act on it.
        const status = error instanceof WebhookVerificationError ? 400 : 500;
        res.writeHead(status).end();
      }
    });
  };
}

export async function startWebhookReceiver(port: number, options: WebhookReceiverOptions): Promise<Server> {
  const server = createServer(webhookHandler(options));
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}
