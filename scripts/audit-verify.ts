/**
 * `npm run audit:verify`: checks the audit trail's hash chain end to end and names the first entry
 * that was edited, deleted or relinked. Exit code 0 when the chain holds, 1 when it is broken.
 *   DATABASE_URL=postgres://… npm run audit:verify
 * Without DATABASE_URL it reads the embedded database in the data folder (stop `npm start` first:
 * PGlite belongs to one process).
 */
import { join } from "node:path";
import { ConfigError, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { verifyAuditChain } from "../src/services/audit/verify-chain.js";

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, "pglite"), pool: { max: 1 } });
  try {
    const { verified, broken } = await verifyAuditChain(database.db);
    if (broken) {
      console.error(`audit chain BROKEN at entry ${broken.sequence} (${broken.problem}): ${broken.detail}`);
      console.error(`${verified} entries before it verified.`);
      process.exitCode = 1;
    } else {
      console.log(`audit chain intact: ${verified} entries verified.`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
});
