/**
 * The composition root of the domain services: one instance of each per process, wired to the
 * database, the relay, the catalog and the partner adapters.
 */
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import { DossierEventsService } from "../services/dossier/dossier-events.service.js";
import { DossierLedger } from "../services/dossier/dossier-ledger.js";
import { DossierTrackingService } from "../services/dossier/dossier-tracking.service.js";
import { DossierService } from "../services/dossier/dossier.service.js";
import { Catalog } from "../services/partner/catalog.js";

export interface ServiceDeps {
  db: Database;
  relay: EventRelay;
  logger: Logger;
  now: () => Date;
}

export function createServices(deps: ServiceDeps) {
  const { db, relay, now } = deps;
  const catalog = new Catalog(db);
  const ledger = new DossierLedger(relay);
  const dossiers = new DossierService({ db, catalog, ledger, now });
  return {
    catalog,
    ledger,
    dossiers,
    dossierTracking: new DossierTrackingService({ db, catalog, now }),
    dossierEvents: new DossierEventsService({ db, relay, now }),
  };
}

export type HubServices = ReturnType<typeof createServices>;
