/**
 * The security-registration domain (SPEC §3): the five bank mutations, each forwarded to the land
 * registry exactly once through the transactional outbox, the registry's decisions applied to the
 * registration and its SR dossier, reads with masking, parcels from the registry, and
 * `securityRegistrationUpdated`.
 */
import type { LandRegistryClient } from "../../integrations/land-registry/client.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { DossierServices } from "../dossier/index.js";
import type { Module, ModuleDeps } from "../module.js";
import type { Catalog } from "../partner/catalog.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { RegistrationOutboxWorker } from "./outbox.worker.js";
import { RegistrationEventsService } from "./registration-events.service.js";
import { RegistrationLedger } from "./registration-ledger.js";
import { RegistrationLodgingService } from "./registration-lodging.service.js";
import { RegistrationService } from "./registration.service.js";
import { RegistryOutcomes } from "./registry-outcomes.js";

export interface RegistrationModuleDeps extends ModuleDeps {
  audit: AuditLog;
  catalog: Catalog;
  dossier: Pick<DossierServices, "dossiers" | "ledger">;
  landRegistry: LandRegistryClient;
  webhooks: WebhookOutbox;
}

export function createRegistrationModule(deps: RegistrationModuleDeps) {
  const { db, relay, now, logger, config, audit, catalog, landRegistry } = deps;
  const ledger = new RegistrationLedger(relay, deps.webhooks);
  const lodging = new RegistrationLodgingService({ db, audit, catalog, dossierLedger: deps.dossier.ledger, ledger, now });
  const outbox = new RegistrationOutboxWorker({
    db,
    relay,
    catalog,
    audit,
    registry: landRegistry,
    outcomes: new RegistryOutcomes({ dossiers: deps.dossier.dossiers, dossierLedger: deps.dossier.ledger, ledger, now }),
    logger,
    // Within a rolling restart's grace, with room left for the rest of the drain.
    settings: { ...config.registrationOutbox, stopGraceMs: Math.floor(config.shutdownGraceMs * 0.6) },
  });
  // This instance's worker delivers a new registration at once (others hear of it through the relay).
  lodging.onLodged(() => outbox.wake());
  return {
    services: {
      registrations: new RegistrationService({ db, catalog }),
      lodging,
      events: new RegistrationEventsService({ db, relay, now }),
    },
    workers: [outbox],
  } satisfies Module<unknown>;
}

export type { RegistrationColumn, RegistrationReadAhead, RegistrationRow } from "../../db/queries/registration.js";
export { OBLIGATION_FIELD_COLUMNS, PRIORITY_COLUMNS } from "./registration.service.js";
export { MORTGAGOR_COLUMNS } from "./registration.policy.js";
export type { StoredParcel } from "../../db/schema/registration.js";
