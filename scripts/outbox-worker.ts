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
import { createAuditModule } from "../src/services/audit/index.js";
import { createDossierModule } from "../src/services/dossier/index.js";
import { createLimitsModule } from "../src/services/limits/index.js";
import { createPartnerModule } from "../src/services/partner/index.js";
import { createRegistrationModule } from "../src/services/registration/index.js";
import { createWebhookModule } from "../src/services/webhook/index.js";

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl || !config.landRegistry.url) {
    console.error("Set DATABASE_URL (PostgreSQL) and LAND_REGISTRY_URL: a worker of its own shares the hubs' database and registry.");
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, pool: { ...config.databasePool, max: 2 } });
  await database.migrate();
  const relay = new EventRelay(database, logger, { checkIntervalMs: config.listenCheckMs });
  await relay.start();

  // The modules the registration outbox needs, composed as the hub composes them.
  const deps = { db: database.db, relay, logger, now: () => new Date(), config };
  const base = { ...deps, audit: createAuditModule(deps).services.log, catalog: createPartnerModule(deps).services.catalog };
  // The registry's decisions are changes partners hear of: their webhook messages are recorded here
  // too (the hubs' workers send them).
  const shared = { ...base, webhooks: createWebhookModule(base).services.outbox };
  const dossier = createDossierModule({ ...shared, limiter: createLimitsModule(deps).services.limiter });
  const registration = createRegistrationModule({
    ...shared,
    dossier: dossier.services,
    landRegistry: createLandRegistryClient({ baseUrl: config.landRegistry.url, token: config.landRegistry.token, timeoutMs: config.partnerTimeoutMs }),
  });
  for (const worker of registration.workers) database.asWorker(() => worker.start());
  logger.info({ registry: config.landRegistry.url }, "registration outbox worker started");

  const stop = async (signal: string) => {
    logger.info({ signal }, "registration outbox worker stopping");
    await Promise.all(registration.workers.map((worker) => worker.stop()));
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
