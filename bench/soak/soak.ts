/**
 * The soak of issue 16 on the orchestrator's side: runs the soak client against two instances for
 * `seconds`, samples both instances' RSS and CPU meanwhile, then checks both still answer.
 */
import { fileURLToPath } from "node:url";
import type { ServerUnderTest } from "../servers/hub.js";
import { launchNode, LOAD_CORE, waitForOutput, type Pinning } from "../servers/processes.js";
import { watchUsage, type ProcessUsage } from "../servers/proc-stats.js";
import type { SoakJob, SoakReport } from "./soak-client.js";

export const HUNG_AFTER_MS = 30_000;

export interface SoakResult extends SoakReport {
  seconds: number;
  clients: number;
  instances: Array<{ name: string; answersAfter: boolean } & ProcessUsage>;
}

const entry = fileURLToPath(new URL("./soak-client.ts", import.meta.url));

async function answers(hub: ServerUnderTest): Promise<boolean> {
  try {
    const response = await fetch(hub.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

export async function runSoak(hubs: ServerUnderTest[], keysFile: string, seconds: number, clients: number, pinning: Pinning): Promise<SoakResult> {
  const job: SoakJob = { graphqlUrls: hubs.map((hub) => hub.graphqlUrl), keysFile, seconds, clients, hungMs: HUNG_AFTER_MS };
  const usage = hubs.map((hub) => watchUsage(hub.process.pid, 1_000));
  const client = launchNode({ name: "soak", args: ["--import", "tsx", entry, JSON.stringify(job)], core: LOAD_CORE, pinning });
  try {
    const [, json] = await waitForOutput(client, /RESULT (.+)/, (seconds + HUNG_AFTER_MS / 1000) * 1000 + 120_000);
    const report = JSON.parse(json!) as SoakReport;
    const usages = usage.map((stop) => stop());
    const alive = await Promise.all(hubs.map(answers));
    return { ...report, seconds, clients, instances: hubs.map((hub, i) => ({ name: hub.name, answersAfter: alive[i]!, ...usages[i]! })) };
  } finally {
    await client.stop(2_000);
  }
}
