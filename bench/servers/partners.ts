import { fileURLToPath } from "node:url";
import { launchNode, LOAD_CORE, waitForOutput, type BenchProcess, type Pinning } from "./processes.js";

export interface PartnerSimulators {
  process: BenchProcess;
  landRegistryUrl: string;
  barRosterUrl: string;
}

/** The simulators run beside the load generator (core 1): they are the partners, not the hub. */
export async function startPartnerSimulators(scale: number, pinning: Pinning): Promise<PartnerSimulators> {
  const entry = fileURLToPath(new URL("./partners-process.ts", import.meta.url));
  const proc = launchNode({ name: "partner simulators", args: ["--import", "tsx", entry, String(scale)], core: LOAD_CORE, pinning });
  const [, landRegistryUrl, barRosterUrl] = await waitForOutput(proc, /land-registry=(\S+) bar-roster=(\S+)/);
  return { process: proc, landRegistryUrl: landRegistryUrl!, barRosterUrl: barRosterUrl! };
}
