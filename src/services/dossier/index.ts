/**
 * The dossier domain (SPEC §2): submission, receipt, the status machine, public tracking and
 * rating, the counter's worklist, and `dossierEvents`. Other domains move dossiers only through its
 * ledger, and add rules to its moves through one extension point: `transitionGuards`.
 */
import type { AuditLog } from "../audit/audit-log.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { Module, ModuleDeps } from "../module.js";
import type { Catalog } from "../partner/catalog.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { DossierEventsService } from "./dossier-events.service.js";
import { DossierFields } from "./dossier-fields.js";
import { DossierLedger } from "./dossier-ledger.js";
import { DossierTrackingService } from "./dossier-tracking.service.js";
import { DossierService, type TransitionGuard } from "./dossier.service.js";
import { WorklistService } from "./worklist.service.js";

export interface DossierModuleDeps extends ModuleDeps {
  audit: AuditLog;
  catalog: Catalog;
  limiter: RateLimiter;
  webhooks: WebhookOutbox;
}

export function createDossierModule(deps: DossierModuleDeps) {
  const { db, relay, now, audit, catalog, limiter } = deps;
  const ledger = new DossierLedger(relay, deps.webhooks);
  const dossiers = new DossierService({ db, audit, catalog, ledger, now });
  const module = {
    services: {
      dossiers,
      ledger,
      tracking: new DossierTrackingService({ db, audit, catalog, limiter, now }),
      events: new DossierEventsService({ db, relay, now }),
      worklist: new WorklistService({ db }),
      fields: new DossierFields({ catalog }),
    },
    workers: [],
    extensionPoints: {
      /** Extra rules for a move to `to` (delivery: DIGITIZED needs a stored scan). */
      transitionGuards: { implement: (name: string, guard: TransitionGuard) => dossiers.implementGuard(name, guard) },
    },
  } satisfies Module<unknown> & { extensionPoints: unknown };
  return module;
}

export type DossierServices = ReturnType<typeof createDossierModule>["services"];
export type { TransitionGuard } from "./dossier.service.js";
export { APPLICANT_COLUMNS } from "./dossier.policy.js";
export { OVERDUE_COLUMNS } from "./overdue.js";
export type { DossierColumn, DossierEventRow, DossierRelation, DossierRow, EventColumn } from "../../db/queries/dossier.js";
