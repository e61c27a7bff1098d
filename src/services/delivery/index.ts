/**
 * The delivery domain (SPEC §2, §3): digitized documents behind signed links, results returned
 * by post (one shipment per dossier), the post's tracking by webhook and by polling. It adds one
 * rule to the dossier's moves: DIGITIZED needs a stored scan.
 */
import { join } from "node:path";
import type { PostClient } from "../../integrations/post/client.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { DossierServices, TransitionGuard } from "../dossier/index.js";
import { STORED_DOCUMENT_GUARD } from "../dossier/dossier.transitions.js";
import type { Module, ModuleDeps } from "../module.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { LocalFolderBlobStore } from "./blob-store.js";
import { DeliveryService } from "./delivery.service.js";
import { DocumentService } from "./document.service.js";
import { ShipmentReconciler } from "./shipment-reconciler.js";
import { ShipmentTrackingService } from "./shipment-tracking.service.js";
import { LinkSigner, loadOrCreateLinkSecret } from "./signed-links.js";

export interface DeliveryModuleDeps extends ModuleDeps {
  audit: AuditLog;
  dossier: Pick<DossierServices, "ledger">;
  post: PostClient;
  /** The hub's own base URL, known once it listens (signed links). */
  publicUrl: () => string;
  webhooks: WebhookOutbox;
}

export function createDeliveryModule(deps: DeliveryModuleDeps) {
  const { db, now, logger, config, audit, post } = deps;
  const ledger = deps.dossier.ledger;
  const documents = new DocumentService({
    db,
    audit,
    blobs: new LocalFolderBlobStore(join(config.dataDir, "blobs")),
    links: new LinkSigner(loadOrCreateLinkSecret(config.linkSigningSecret, config.dataDir)),
    now,
    logger,
    publicUrl: deps.publicUrl,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
    uploadMaxBytes: config.uploadMaxBytes,
  });
  const { webhooks } = deps;
  const deliveries = new DeliveryService({ db, audit, ledger, webhooks, post, now, logger });
  const shipments = new ShipmentTrackingService({ db, audit, ledger, webhooks, now });
  const reconciler = new ShipmentReconciler({ db, post, deliveries, tracking: shipments, logger, now, intervalMs: config.postPollIntervalSeconds * 1000 });
  const digitizedGuard: TransitionGuard = (tx, dossier) => documents.assertDigitized(tx, dossier);
  return {
    services: { documents, deliveries, shipments, reconciler },
    workers: [reconciler],
    contributions: {
      dossierTransitionGuards: [{ name: STORED_DOCUMENT_GUARD, guard: digitizedGuard }],
    },
  } satisfies Module<unknown> & { contributions: unknown };
}

export type { DeliveryRow, DocumentRow } from "../../db/queries/delivery.js";
