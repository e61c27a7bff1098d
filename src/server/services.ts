/**
 * The composition root of the domain services: one instance of each per process, wired to the
 * database, the relay, the catalog and the partner adapters.
 */
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import { DossierEventsService } from "../services/dossier/dossier-events.service.js";
import { DossierLedger } from "../services/dossier/dossier-ledger.js";
import { DossierTrackingService } from "../services/dossier/dossier-tracking.service.js";
import { DossierService } from "../services/dossier/dossier.service.js";
import { Catalog } from "../services/partner/catalog.js";
import { RegistrationOutboxWorker } from "../services/registration/outbox.worker.js";
import { RegistrationLedger } from "../services/registration/registration-ledger.js";
import { RegistrationLodgingService } from "../services/registration/registration-lodging.service.js";
import { RegistrationUpdatesService } from "../services/registration/registration-updates.service.js";
import { RegistrationService } from "../services/registration/registration.service.js";
import { RegistryOutcomes } from "../services/registration/registry-outcomes.js";
import type { Partners } from "./partners.js";

export interface ServiceDeps {
  db: Database;
  relay: EventRelay;
  logger: Logger;
  now: () => Date;
  config: HubConfig;
  partners: Partners;
  /** The hub's own base URL, known once it listens (signed links, webhook registration). */
  publicUrl: () => string;
}

/** Background work a hub runs beside its API (outbox delivery, polling); started after it listens. */
export interface HubWorker {
  start(): void;
  stop(): Promise<void>;
}

export function createServices(deps: ServiceDeps) {
  const { db, relay, now } = deps;
  const catalog = new Catalog(db);
  const ledger = new DossierLedger(relay);
  const dossiers = new DossierService({ db, catalog, ledger, now });
  const workers: HubWorker[] = [];
  const registrationLedger = new RegistrationLedger(relay);
  const registrationLodging = new RegistrationLodgingService({ db, catalog, dossierLedger: ledger, ledger: registrationLedger, now });
  const registrationOutbox = new RegistrationOutboxWorker({
    db,
    relay,
    registry: deps.partners.landRegistry,
    outcomes: new RegistryOutcomes({ dossiers, dossierLedger: ledger, ledger: registrationLedger, now }),
    logger: deps.logger,
    settings: deps.config.registrationOutbox,
  });
  registrationLodging.onLodged(() => registrationOutbox.wake());
  workers.push(registrationOutbox);
  return {
    workers,
    catalog,
    ledger,
    dossiers,
    dossierTracking: new DossierTrackingService({ db, catalog, now }),
    dossierEvents: new DossierEventsService({ db, relay, now }),
    landRegistry: deps.partners.landRegistry,
    registrations: new RegistrationService({ db, catalog }),
    registrationLodging,
    registrationUpdates: new RegistrationUpdatesService({ db, relay, now }),
    registrationOutbox,
  };
}

export type HubServices = ReturnType<typeof createServices>;
