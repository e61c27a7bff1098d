/**
 * The orchestrator's side of one measured run: starts a generator process on the load core, and
 * while it measures, samples the server's RSS and CPU from /proc and (when the hub exposes it)
 * reads the hub's statement counter before and after.
 */
import { fileURLToPath } from "node:url";
import type { ServerUnderTest } from "../servers/hub.js";
import { launchNode, LOAD_CORE, nodeVersionOf, waitForOutput, type Pinning } from "../servers/processes.js";
import { watchUsage, type ProcessUsage } from "../servers/proc-stats.js";
import { readStatementCounter } from "../statements/metrics.js";
import { MEASURING_LINE, RESULT_PREFIX, type LoadJob, type LoadResult } from "./job.js";

export interface MeasuredRun extends LoadResult, ProcessUsage {
  /** hub_db_statements_total per request over the measured run; null when the server has no counter. */
  statementsPerRequest: number | null;
  serverNode: string;
}

const generatorEntry = fileURLToPath(new URL("./generator.ts", import.meta.url));

export async function measure(server: ServerUnderTest, job: LoadJob, pinning: Pinning): Promise<MeasuredRun> {
  const generator = launchNode({ name: `load ${job.system} ${job.operation}`, args: ["--import", "tsx", generatorEntry, JSON.stringify(job)], core: LOAD_CORE, pinning });
  try {
    const timeout = (job.warmupSeconds + job.seconds) * 1000 + 60_000;
    await waitForOutput(generator, new RegExp(`^${MEASURING_LINE}$`, "m"), timeout);
    const statementsBefore = await readStatementCounter(server.baseUrl);
    const usage = watchUsage(server.process.pid);
    const [, json] = await waitForOutput(generator, new RegExp(`^${RESULT_PREFIX}(.+)$`, "m"), timeout);
    const serverUsage = usage();
    const statementsAfter = await readStatementCounter(server.baseUrl);
    const result = JSON.parse(json!) as LoadResult;
    const statements =
      statementsBefore !== null && statementsAfter !== null && result.requests > 0 ? (statementsAfter - statementsBefore) / result.requests : null;
    return {
      ...result,
      ...serverUsage,
      statementsPerRequest: statements === null ? null : Math.round(statements * 100) / 100,
      serverNode: nodeVersionOf(server.process.pid),
    };
  } finally {
    await generator.stop(2_000);
  }
}
