/**
 * `npm start`: the hub with everything it needs. Without DATABASE_URL it runs on embedded PGlite
 * in the data folder; partner URLs left unset start the bundled simulators on loopback.
 */
import "reflect-metadata";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { seedCatalog } from "./db/seed/catalog.js";
import { seedDemoData } from "./db/seed/demo.js";
import { createLogger, describeInternalError } from "./logger.js";
import { startHub } from "./server/hub.js";
import { connectPartners } from "./server/partners.js";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "pglite"),
    pool: config.databasePool,
    onViolation: (error) => logger.error({ error: describeInternalError(error) }, "database: pool query inside a transaction"),
  });
  await database.migrate();
  await seedCatalog(database.db);

  const partners = await connectPartners(config, { postStepMs: config.post.simulatorStepSeconds * 1000 });
  const hub = await startHub({ config, database, logger, partners });
  if (config.seedDemoData) await seedDemoData(database.db, hub.services);

  const banner = [
    `Hanoi partner hub ready on ${database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"}`,
    `  GraphQL (HTTP and WebSocket): ${hub.url}`,
    config.auth.mode === "development"
      ? "  A development token:  npm run token -- --role CENTER_STAFF --org HN-PASC --branch HN-PASC-B01"
      : `  Tokens from ${config.auth.jwksUrl}`,
  ];
  const simulated = Object.keys(partners.simulators);
  if (simulated.length > 0) banner.push(`  Bundled simulators on loopback: ${simulated.join(", ")}`);
  console.log(banner.join("\n"));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await hub.close();
    await partners.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
