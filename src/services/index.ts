/**
 * The domain modules composed (issue 13): one of each per process, wired to the database, the
 * relay and the partner adapters, and to one another — each module's contributions handed to the
 * extension points of the module they extend. Services are reached as `services.<domain>.<name>`;
 * every module's workers are in `services.workers`. The server builds it once per hub.
 */
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { BarRosterClient } from "../integrations/bar-roster/client.js";
import type { RosterMember } from "../integrations/bar-roster/types.js";
import type { LandRegistryClient } from "../integrations/land-registry/client.js";
import type { PostClient } from "../integrations/post/client.js";
import type { Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import { createAuditModule } from "./audit/index.js";
import { createConsultModule } from "./consult/index.js";
import { createDeliveryModule } from "./delivery/index.js";
import { createDossierModule } from "./dossier/index.js";
import { createLimitsModule } from "./limits/index.js";
import { createPartnerModule } from "./partner/index.js";
import { createRegistrationModule } from "./registration/index.js";
import { createWebhookModule, type HostResolver } from "./webhook/index.js";

/** The partner systems' adapters the domains call. */
interface PartnerClients {
  landRegistry: LandRegistryClient;
  post: PostClient;
  barRoster: BarRosterClient;
  /** The whole roster, where it can be listed (the bundled simulator): demo provisioning only. */
  listRoster?: () => Promise<RosterMember[]>;
}

export interface ServiceDeps {
  db: Database;
  relay: EventRelay;
  logger: Logger;
  now: () => Date;
  config: HubConfig;
  partners: PartnerClients;
  /** The hub's own base URL, known once it listens (signed links, webhook registration). */
  publicUrl: () => string;
  /** How webhook endpoints' host names are resolved at each attempt; the system's unless a test maps names. */
  webhookResolver?: HostResolver;
}

export function createServices(deps: ServiceDeps) {
  const { partners } = deps;
  const partner = createPartnerModule(deps);
  const audit = createAuditModule(deps);
  const limits = createLimitsModule(deps);
  const webhook = createWebhookModule({ ...deps, audit: audit.services.log, catalog: partner.services.catalog, resolver: deps.webhookResolver });
  // Every domain records its changes' webhook messages in their transactions (SPEC §8).
  const shared = { ...deps, audit: audit.services.log, catalog: partner.services.catalog, webhooks: webhook.services.outbox };

  const dossier = createDossierModule({ ...shared, limiter: limits.services.limiter });
  const registration = createRegistrationModule({ ...shared, dossier: dossier.services, landRegistry: partners.landRegistry });
  const consult = createConsultModule({ ...shared, dossier: dossier.services, roster: partners.barRoster, listRoster: partners.listRoster });
  const delivery = createDeliveryModule({ ...shared, dossier: dossier.services, post: partners.post, publicUrl: deps.publicUrl });
  for (const { name, guard } of delivery.contributions.dossierTransitionGuards) dossier.extensionPoints.transitionGuards.implement(name, guard);

  const modules = { partner, audit, limits, dossier, registration, consult, delivery, webhook };
  return {
    partner: partner.services,
    audit: audit.services,
    limits: limits.services,
    dossier: dossier.services,
    registration: registration.services,
    consult: consult.services,
    delivery: delivery.services,
    webhook: webhook.services,
    workers: Object.values(modules).flatMap((module) => module.workers),
  };
}

export type HubServices = ReturnType<typeof createServices>;
