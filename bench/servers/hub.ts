/**
 * A hub instance as production runs it: `node dist/main.js` (the build of this commit) with
 * NODE_ENV=production, on the bench database, reaching the bench's partner simulators. Instances
 * given the same data folder share the development key pair, so one set of tokens works on all.
 * Request logs are off (LOG_LEVEL=warn) as on the peer and the ceiling.
 *
 * Which Node (issue 19): BENCH_NODE names the binary the servers under test run on (the bench's own
 * by default; processes.ts), e.g. `BENCH_NODE="$(scripts/node24.sh --bin)" npm run bench`. The hub's
 * runtime flags are the ones `npm run start:prod` gives production (package.json), unless BENCH_HUB_FLAGS replaces them
 * (`BENCH_HUB_FLAGS=` runs it with none, to measure what the flags change).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/config.js";
import { BENCH_METRICS_TOKEN } from "../statements/metrics.js";
import type { PartnerSimulators } from "./partners.js";
import { launchNode, SERVER_CORE, serverNode, waitForOutput, type BenchProcess, type Pinning } from "./processes.js";

export interface ServerUnderTest {
  name: string;
  process: BenchProcess;
  /** Scheme, host and port. */
  baseUrl: string;
  /** The GraphQL endpoint (HTTP; ws:// the same for subscriptions). */
  graphqlUrl: string;
}

export interface HubLaunch {
  name: string;
  databaseUrl: string;
  dataDir: string;
  partners: PartnerSimulators;
  pinning: Pinning;
  /** Write a CPU profile into this folder when the instance stops. */
  profileDir?: string;
  /** Background workers (outbox, reconcilers); off for the statement probe so only requests count. */
  workers?: boolean;
  /** The checkout whose build runs (its dist/main.js); this one by default. bench/ab.ts runs another. */
  root?: string;
}

/** The hub's Node flags: BENCH_HUB_FLAGS when set (even empty), else those of `npm run start:prod`. */
export function hubFlags(): string[] {
  const chosen = process.env.BENCH_HUB_FLAGS;
  if (chosen !== undefined) return chosen.split(/\s+/).filter(Boolean);
  const scripts = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const startProd = /\bnode((?:\s+--\S+)*)\s+dist\/main\.js/.exec(scripts["start:prod"] ?? "");
  if (!startProd) throw new Error(`package.json's start:prod does not run "node [flags] dist/main.js": ${scripts["start:prod"]}`);
  return startProd[1]!.split(/\s+/).filter(Boolean);
}

export async function startHubInstance(launch: HubLaunch): Promise<ServerUnderTest> {
  const profile = launch.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${launch.profileDir}`, `--cpu-prof-name=${launch.name}.cpuprofile`] : [];
  const proc = launchNode({
    name: launch.name,
    node: serverNode(),
    args: [...hubFlags(), ...profile, join(launch.root ?? projectRoot, "dist", "main.js")],
    cwd: launch.root ?? projectRoot,
    core: SERVER_CORE,
    pinning: launch.pinning,
    env: {
      NODE_ENV: "production",
      PORT: "0",
      DATABASE_URL: launch.databaseUrl,
      HUB_DATA_DIR: launch.dataDir,
      HUB_DEMO_DATA: "off",
      HUB_WORKERS: launch.workers === false ? "off" : "on",
      LAND_REGISTRY_URL: launch.partners.landRegistryUrl,
      BAR_ROSTER_URL: launch.partners.barRosterUrl,
      LOG_LEVEL: "warn",
      // /metrics for the hub's own statement counter under load (production serves it only with a token).
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      // Every request still counts against the limits (the statement stays); the bench's one token per
      // kind of viewer would otherwise meet the production defaults (1,200 per subject per minute).
      RATE_LIMIT_PER_SUBJECT: "10000000",
      RATE_LIMIT_PER_ORGANIZATION: "10000000",
      // S1 opens one socket per subscriber, all with one token: 5,000 on an instance (the default is 10).
      WS_MAX_CONNECTIONS_PER_SUBJECT: "10000",
    },
  });
  const [, graphqlUrl] = await waitForOutput(proc, /GraphQL \(HTTP and WebSocket\): (http:\/\/\S+)/);
  return { name: launch.name, process: proc, graphqlUrl: graphqlUrl!, baseUrl: new URL(graphqlUrl!).origin };
}
