/**
 * The composition root of the domain services: one instance of each per process, wired to the
 * database, the relay, the catalog and the partner adapters.
 */
import { join } from "node:path";
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import { DossierEventsService } from "../services/dossier/dossier-events.service.js";
import { DossierLedger } from "../services/dossier/dossier-ledger.js";
import { DossierTrackingService } from "../services/dossier/dossier-tracking.service.js";
import { DossierService } from "../services/dossier/dossier.service.js";
import { AuditLog } from "../services/audit/audit-log.js";
import { RateLimiter } from "../services/limits/rate-limiter.js";
import { RetentionWorker } from "../services/retention/retention.worker.js";
import { Catalog } from "../services/partner/catalog.js";
import { RegistrationOutboxWorker } from "../services/registration/outbox.worker.js";
import { RegistrationLedger } from "../services/registration/registration-ledger.js";
import { RegistrationLodgingService } from "../services/registration/registration-lodging.service.js";
import { RegistrationUpdatesService } from "../services/registration/registration-updates.service.js";
import { RegistrationService } from "../services/registration/registration.service.js";
import { RegistryOutcomes } from "../services/registration/registry-outcomes.js";
import { fetchSimulatedRoster } from "../integrations/bar-roster/simulator.js";
import { ConsultBookingService } from "../services/consult/consult-bookings.service.js";
import { ConsultEventsService } from "../services/consult/consult-events.service.js";
import { ConsultFeed } from "../services/consult/consult-feed.js";
import { ConsultLifecycleService } from "../services/consult/consult-lifecycle.service.js";
import { ConsultSlotService } from "../services/consult/consult-slots.service.js";
import { LawyerDirectory } from "../services/consult/lawyer-directory.js";
import { ConsultRequestExpiryWorker } from "../services/consult/request-expiry.worker.js";
import { RosterRefreshWorker } from "../services/consult/roster-refresh.worker.js";
import { LocalFolderBlobStore } from "../services/delivery/blob-store.js";
import { DeliveryService } from "../services/delivery/delivery.service.js";
import { DocumentService } from "../services/delivery/document.service.js";
import { ShipmentReconciler } from "../services/delivery/shipment-reconciler.js";
import { ShipmentTrackingService } from "../services/delivery/shipment-tracking.service.js";
import { LinkSigner, loadOrCreateLinkSecret } from "../services/delivery/signed-links.js";
import { WorklistService } from "../services/delivery/worklist.service.js";
import type { HubWorker } from "../services/hub-worker.js";
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


export function createServices(deps: ServiceDeps) {
  const workers: HubWorker[] = [
    new RetentionWorker({
      db: deps.db,
      logger: deps.logger,
      settings: { retentionHours: deps.config.retentionHours, sweepIntervalMs: deps.config.retentionSweepMs },
    }),
  ];
  const core = dossierServices(deps);
  return {
    workers,
    ...core,
    ...registrationServices(deps, core, workers),
    ...consultServices(deps, core, workers),
    ...deliveryServices(deps, core, workers),
  };
}

type CoreServices = ReturnType<typeof dossierServices>;

function dossierServices({ db, relay, now, config, logger }: ServiceDeps) {
  const catalog = new Catalog(db, { maxAgeMs: config.catalogRefreshMs, logger });
  const ledger = new DossierLedger(relay);
  const audit = new AuditLog(db);
  const limiter = new RateLimiter({ db, settings: config.rateLimits });
  return {
    audit,
    limiter,
    catalog,
    ledger,
    dossiers: new DossierService({ db, audit, catalog, ledger, now }),
    dossierTracking: new DossierTrackingService({ db, audit, catalog, limiter, now }),
    dossierEvents: new DossierEventsService({ db, relay, now }),
  };
}

function registrationServices({ db, relay, now, config, partners, logger }: ServiceDeps, core: CoreServices, workers: HubWorker[]) {
  const { catalog, ledger: dossierLedger, dossiers } = core;
  const ledger = new RegistrationLedger(relay);
  const registrationLodging = new RegistrationLodgingService({ db, audit: core.audit, catalog, dossierLedger, ledger, now });
  const registrationOutbox = new RegistrationOutboxWorker({
    db,
    relay,
    catalog,
    audit: core.audit,
    registry: partners.landRegistry,
    outcomes: new RegistryOutcomes({ dossiers, dossierLedger, ledger, now }),
    logger,
    // Within a rolling restart's grace, with room left for the rest of the drain.
    settings: { ...config.registrationOutbox, stopGraceMs: Math.floor(config.shutdownGraceMs * 0.6) },
  });
  registrationLodging.onLodged(() => registrationOutbox.wake());
  workers.push(registrationOutbox);
  return {
    landRegistry: partners.landRegistry,
    registrations: new RegistrationService({ db, catalog }),
    registrationLodging,
    registrationUpdates: new RegistrationUpdatesService({ db, relay, now }),
    registrationOutbox,
  };
}

function consultServices({ db, relay, now, config, partners, logger }: ServiceDeps, core: CoreServices, workers: HubWorker[]) {
  const { catalog, dossiers, audit } = core;
  const feed = new ConsultFeed(relay);
  const rosterSimulator = partners.simulators.barRoster;
  const lawyers = new LawyerDirectory({
    db,
    catalog,
    roster: partners.barRoster,
    feed,
    logger,
    now,
    // Demo provisioning only: the real roster API has no "list everyone".
    listRoster: rosterSimulator
      ? () => fetchSimulatedRoster({ baseUrl: rosterSimulator.url, token: config.barRoster.token, timeoutMs: config.partnerTimeoutMs })
      : undefined,
  });
  const dossierByCode = (caller: Parameters<DossierService["get"]>[0], code: string) => dossiers.get(caller, { code });
  const consultRequestExpiry = new ConsultRequestExpiryWorker({ db, feed, logger, now });
  workers.push(new RosterRefreshWorker({ db, lawyers, logger, now }), consultRequestExpiry);
  return {
    lawyers,
    consultSlots: new ConsultSlotService({ db, audit, catalog, lawyers, now }),
    consultBookings: new ConsultBookingService({ db, audit, catalog, lawyers, feed, dossierByCode, now }),
    consultLifecycle: new ConsultLifecycleService({ db, audit, catalog, lawyers, feed, now }),
    consultEvents: new ConsultEventsService({ db, relay, lawyers, now }),
    consultRequestExpiry,
  };
}

function deliveryServices({ db, now, config, partners, logger, publicUrl }: ServiceDeps, core: CoreServices, workers: HubWorker[]) {
  const { ledger, dossiers, audit } = core;
  const documents = new DocumentService({
    db,
    audit,
    blobs: new LocalFolderBlobStore(join(config.dataDir, "blobs")),
    links: new LinkSigner(loadOrCreateLinkSecret(config.linkSigningSecret, config.dataDir)),
    now,
    logger,
    publicUrl,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
    uploadMaxBytes: config.uploadMaxBytes,
  });
  dossiers.guardTransitionTo("DIGITIZED", (tx, dossier) => documents.assertDigitized(tx, dossier));
  const deliveries = new DeliveryService({ db, audit, ledger, post: partners.post, now, logger });
  const shipments = new ShipmentTrackingService({ db, audit, ledger, now });
  const shipmentReconciler = new ShipmentReconciler({
    db,
    post: partners.post,
    deliveries,
    tracking: shipments,
    logger,
    now,
    intervalSeconds: config.postPollIntervalSeconds,
  });
  workers.push(shipmentReconciler);
  return { documents, deliveries, shipments, shipmentReconciler, worklist: new WorklistService({ db }) };
}

export type HubServices = ReturnType<typeof createServices>;
