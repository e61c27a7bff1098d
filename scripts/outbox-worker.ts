/**
 * The land-registry outbox worker on its own, beside the workers inside hub processes (or instead
 * of them, with HUB_WORKERS=off on the hubs). Any number may run against one database:
 *   DATABASE_URL=postgres://… LAND_REGISTRY_URL=https://… LAND_REGISTRY_TOKEN=… npx tsx scripts/outbox-worker.ts
 * It needs PostgreSQL (embedded PGlite belongs to one process) and the registry's real URL (the
 * bundled simulator lives inside the hub process that started it).
 */
import "reflect-metadata";
import { ConfigError, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { createLandRegistryClient } from "../src/integrations/land-registry/client.js";
import { createLogger } from "../src/logger.js";
import { EventRelay } from "../src/realtime/relay.js";
import { DossierLedger } from "../src/services/dossier/dossier-ledger.js";
import { DossierService } from "../src/services/dossier/dossier.service.js";
import { AuditLog } from "../src/services/audit/audit-log.js";
import { Catalog } from "../src/services/partner/catalog.js";
import { RegistrationOutboxWorker } from "../src/services/registration/outbox.worker.js";
import { RegistrationLedger } from "../src/services/registration/registration-ledger.js";
import { RegistryOutcomes } from "../src/services/registration/registry-outcomes.js";

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl || !config.landRegistry.url) {
    console.error("Set DATABASE_URL (PostgreSQL) and LAND_REGISTRY_URL: a worker of its own shares the hubs' database and registry.");
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, pool: { ...config.databasePool, max: 5 } });
  await database.migrate();
  const relay = new EventRelay(database, logger);
  await relay.start();

  const db = database.db;
  const now = () => new Date();
  const catalog = new Catalog(db, { maxAgeMs: config.catalogRefreshMs, logger });
  const dossierLedger = new DossierLedger(relay);
  const registrationLedger = new RegistrationLedger(relay);
  const audit = new AuditLog(db);
  const worker = new RegistrationOutboxWorker({
    db,
    relay,
    catalog,
    audit,
    registry: createLandRegistryClient({ baseUrl: config.landRegistry.url, token: config.landRegistry.token, timeoutMs: config.partnerTimeoutMs }),
    outcomes: new RegistryOutcomes({
      dossiers: new DossierService({ db, audit, catalog, ledger: dossierLedger, now }),
      dossierLedger,
      ledger: registrationLedger,
      now,
    }),
    logger,
    settings: config.registrationOutbox,
  });
  database.asWorker(() => worker.start());
  logger.info({ registry: config.landRegistry.url }, "registration outbox worker started");

  const stop = async (signal: string) => {
    logger.info({ signal }, "registration outbox worker stopping");
    await worker.stop();
    await relay.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
