/**
 * `npm start`'s webhook demo (SPEC §8): a small receiver on loopback standing in for VCB's core
 * banking system, and a VCB endpoint pointed at it, so a newcomer sees signed messages arrive — a
 * `webhook.test` at once, then every change of VCB's registrations and their dossiers (run the bank
 * example). The receiver verifies each message with `standardwebhooks` and logs what it got (ids and
 * statuses only: messages carry no personal data). Each start replaces the previous run's demo
 * endpoint, since its secret was shown once, to that run.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Caller } from "../../auth/caller.js";
import type { Logger } from "../../logger.js";
import type { HubServices } from "../../services/index.js";

const DESCRIPTION = "Demo receiver (npm start): VCB's core banking stand-in";

export interface DemoWebhooks {
  url: string;
  close(): Promise<void>;
}

export async function startDemoWebhooks(services: HubServices, logger: Logger): Promise<DemoWebhooks | null> {
  const catalog = await services.partner.catalog.get();
  const admin: Caller = {
    subject: "demo-setup",
    roles: ["ADMIN"],
    name: null,
    organization: catalog.organizationsByCode.get("HN-PASC")!,
    branch: null,
    barNumber: null,
    expiresAt: new Date(Date.now() + 60_000),
    fits: true,
  };
  if (!services.webhook.deliveries) return null; // webhooks are off

  let verifier: Webhook | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const message = verifier!.verify(Buffer.concat(chunks).toString("utf8"), req.headers as Record<string, string>) as { type: string; data: unknown };
        logger.info({ webhookId: req.headers["webhook-id"], type: message.type, data: message.data }, "demo webhook receiver: a signed message arrived and verified");
        res.writeHead(204).end();
      } catch {
        logger.warn({ webhookId: req.headers["webhook-id"] }, "demo webhook receiver: refused a message that did not verify");
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vcb-core-banking`;

  for (const old of await services.webhook.endpoints.list(admin, "VCB")) {
    if (old.description === DESCRIPTION) await services.webhook.endpoints.delete(admin, old.id);
  }
  const { endpoint, secret } = await services.webhook.endpoints.create(admin, {
    url,
    events: ["SECURITY_REGISTRATION_UPDATED", "DOSSIER_STATUS_CHANGED"],
    description: DESCRIPTION,
    organizationCode: "VCB",
  });
  verifier = new Webhook(secret);
  await services.webhook.endpoints.sendTest(admin, endpoint.id);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
