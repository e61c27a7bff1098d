/**
 * `npm start`: the hub with everything it needs. Without DATABASE_URL it runs on embedded PGlite
 * in the data folder; partner URLs left unset start the bundled simulators on loopback.
 *
 * Signals (issue 12): the first SIGTERM or SIGINT drains the hub (see Hub.close), then the
 * partners and the database, and exits 0; a second changes nothing; a third exits at once (1).
 */
import "reflect-metadata";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { isKnownDriverDefect } from "./db/driver-defects.js";
import { seedCatalog } from "./db/seed/catalog.js";
import { seedDemoData } from "./server/demo/demo-data.js";
import { startDemoWebhooks } from "./server/demo/demo-webhooks.js";
import { waitForDatabase } from "./db/startup.js";
import { createLogger, describeInternalError } from "./logger.js";
import { startHub } from "./server/hub.js";
import { connectPartners } from "./server/partners.js";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  process.on("uncaughtException", (error) => {
    if (isKnownDriverDefect(error)) {
      logger.warn({ error: describeInternalError(error) }, "database: a write to a connection that had just closed was dropped");
      return;
    }
    logger.fatal({ error: describeInternalError(error) }, "uncaught exception: exiting");
    process.exit(1);
  });
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "pglite"),
    pool: config.databasePool,
    onViolation: (error) => logger.error({ error: describeInternalError(error) }, "database: pool query inside a transaction"),
  });
  await waitForDatabase(database, { timeoutMs: config.databaseStartupTimeoutMs, logger });
  await database.migrate();
  await seedCatalog(database.db);

  const partners = await connectPartners(config, { postStepMs: config.post.simulatorStepSeconds * 1000 });
  const hub = await startHub({ config, database, logger, partners, deferReady: true });
  if (config.seedDemoData) await seedDemoData(database.db, hub.services);
  // A bank endpoint and a receiver standing in for the bank, so signed webhooks are seen arriving.
  const demoWebhooks = config.seedDemoData ? await startDemoWebhooks(hub.services, logger) : null;
  hub.markReady();

  const banner = [
    `Hanoi partner hub ready on ${database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"}`,
    `  GraphQL (HTTP and WebSocket): ${hub.url}`,
    config.auth.mode === "development"
      ? "  A development token:  npm run token -- --role CENTER_STAFF --org HN-PASC --branch HN-PASC-B01"
      : `  Tokens from ${config.auth.jwksUrl}`,
  ];
  const simulated = Object.keys(partners.simulators);
  if (simulated.length > 0) banner.push(`  Bundled simulators on loopback: ${simulated.join(", ")}`);
  if (demoWebhooks) banner.push(`  Demo webhook receiver for VCB (verified messages are logged): ${demoWebhooks.url}`);
  console.log(banner.join("\n"));

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      logger.info({ signal, graceMs: config.shutdownGraceMs }, "draining: not ready; finishing requests, closing sockets, stopping workers");
      void stop();
    } else if (signals === 2) {
      logger.info({ signal }, "already draining; a third signal exits at once");
    } else {
      logger.warn({ signal }, "exiting before the drain finished");
      process.exit(1);
    }
  };
  const stop = async () => {
    try {
      await hub.close();
      await demoWebhooks?.close();
      await partners.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      logger.error({ error: describeInternalError(error) }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
