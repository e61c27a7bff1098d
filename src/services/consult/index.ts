/**
 * The consult domain (SPEC §4): lawyers from the bar association's roster, published slots,
 * bookings and requests taken from the queue, their lifecycle, and `consultBookingChanged`.
 */
import type { Caller } from "../../auth/caller.js";
import type { BarRosterClient } from "../../integrations/bar-roster/client.js";
import type { RosterMember } from "../../integrations/bar-roster/types.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { DossierServices } from "../dossier/index.js";
import type { Module, ModuleDeps } from "../module.js";
import type { Catalog } from "../partner/catalog.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { ConsultBookingService } from "./consult-bookings.service.js";
import { ConsultEventsService } from "./consult-events.service.js";
import { ConsultFields } from "./consult-fields.js";
import { ConsultFeed } from "./consult-feed.js";
import { ConsultLifecycleService } from "./consult-lifecycle.service.js";
import { ConsultSlotService } from "./consult-slots.service.js";
import { LawyerDirectory } from "./lawyer-directory.js";
import { ConsultRequestExpiryWorker } from "./request-expiry.worker.js";
import { RosterRefreshWorker } from "./roster-refresh.worker.js";

export interface ConsultModuleDeps extends ModuleDeps {
  audit: AuditLog;
  catalog: Catalog;
  dossier: Pick<DossierServices, "dossiers">;
  roster: BarRosterClient;
  /** The whole roster, where it can be listed (the bundled simulator): demo provisioning only. */
  listRoster?: () => Promise<RosterMember[]>;
  webhooks: WebhookOutbox;
}

export function createConsultModule(deps: ConsultModuleDeps) {
  const { db, relay, now, logger, audit, catalog } = deps;
  const feed = new ConsultFeed(relay, deps.webhooks);
  const lawyers = new LawyerDirectory({ db, catalog, roster: deps.roster, feed, logger, now, listRoster: deps.listRoster });
  const dossierByCode = (caller: Caller, code: string) => deps.dossier.dossiers.get(caller, { code });
  const requestExpiry = new ConsultRequestExpiryWorker({ db, feed, logger, now });
  const slots = new ConsultSlotService({ db, audit, catalog, lawyers, now });
  return {
    services: {
      lawyers,
      slots,
      fields: new ConsultFields({ catalog, slots }),
      bookings: new ConsultBookingService({ db, audit, catalog, lawyers, feed, dossierByCode, now }),
      lifecycle: new ConsultLifecycleService({ db, audit, catalog, lawyers, feed, now }),
      events: new ConsultEventsService({ db, relay, lawyers, now }),
      requestExpiry,
    },
    workers: [new RosterRefreshWorker({ db, lawyers, logger, now }), requestExpiry],
  } satisfies Module<unknown>;
}

export type { ConsultBookingRow, ConsultSlotRow, LawyerRow } from "../../db/queries/consult.js";
export type { ConsultTopicName, LawyerKindName } from "../../db/queries/consult.js";
