/**
 * The webhook domain (SPEC §8): partners' endpoints, messages recorded in the transaction of each
 * change (the outbox other domains hand their changes to), and the delivery worker that signs and
 * sends them. Without a secrets key in production, webhooks are off: said once in the log, nothing
 * recorded, every change to an endpoint FORBIDDEN.
 */
import type { AuditLog } from "../audit/audit-log.js";
import type { Module, ModuleDeps } from "../module.js";
import type { Catalog } from "../partner/catalog.js";
import { WebhookDeliveryWorker } from "./webhook-delivery.worker.js";
import { WebhookEndpointsService } from "./webhook-endpoints.service.js";
import { WebhookOutbox } from "./webhook-outbox.js";
import { SecretBox, webhookSecretsKey } from "./webhook-secrets.js";
import { WebhookSender } from "./webhook-sender.js";
import { systemResolver, type HostResolver } from "./webhook-targets.js";

export interface WebhookModuleDeps extends ModuleDeps {
  audit: AuditLog;
  catalog: Catalog;
  /** How endpoint host names are resolved at each attempt (tests map names to loopback); the system's by default. */
  resolver?: HostResolver;
}

export function createWebhookModule(deps: WebhookModuleDeps) {
  const { db, relay, logger, now, config, audit, catalog } = deps;
  const settings = config.webhooks;
  const key = webhookSecretsKey(config);
  if (!key) logger.warn("webhooks are off: WEBHOOK_SECRETS_KEY is not set (production), so no messages are recorded and endpoints cannot be managed");
  const secrets = key ? new SecretBox(key) : null;
  const rules = { allowHttp: settings.allowHttp, allowPrivateTargets: settings.allowPrivateTargets };
  const worker = secrets
    ? new WebhookDeliveryWorker({
        db,
        relay,
        audit,
        secrets,
        sender: new WebhookSender({ rules, resolver: deps.resolver ?? systemResolver, timeoutMs: settings.timeoutMs }),
        logger,
        now,
        // Within a rolling restart's grace, with room left for the rest of the drain.
        settings: { ...settings, stopGraceMs: Math.floor(config.shutdownGraceMs * 0.6) },
      })
    : null;
  return {
    services: {
      endpoints: new WebhookEndpointsService({ db, audit, catalog, relay, secrets, rules, now, onDeliveryAdded: () => worker?.wake() }),
      outbox: new WebhookOutbox({ relay, catalog, enabled: secrets !== null }),
      deliveries: worker,
    },
    workers: worker ? [worker] : [],
  } satisfies Module<unknown>;
}

export type { WebhookOutbox } from "./webhook-outbox.js";
export type { HostResolver } from "./webhook-targets.js";
export type { WebhookDeliveryRow, WebhookEndpointRow } from "../../db/queries/webhook.js";
