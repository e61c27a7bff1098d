/**
 * Startup with the database not answering yet (a container starting before PostgreSQL, a failover
 * under way): try again with capped backoff, a log line per try, until it answers or the time set
 * by DATABASE_STARTUP_TIMEOUT_SECONDS is up (issue 12).
 */
import type { Logger } from "../logger.js";
import { describeInternalError } from "../logger.js";
import { ping, type DatabaseHandle } from "./client.js";

export async function waitForDatabase(database: DatabaseHandle, options: { timeoutMs: number; logger: Logger }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await ping(database.db);
      if (attempt > 1) options.logger.info({ attempt }, "database answers");
      return;
    } catch (error) {
      const waitMs = Math.min(5_000, 250 * 2 ** (attempt - 1));
      if (Date.now() + waitMs > deadline) throw new Error(`The database did not answer within ${Math.round(options.timeoutMs / 1000)} s`, { cause: error });
      options.logger.warn({ attempt, retryInMs: waitMs, error: describeInternalError(error) }, "database does not answer yet; trying again");
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
