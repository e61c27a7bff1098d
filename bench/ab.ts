/**
 * `npm run bench:ab -- --base=<checkout> [--only=Q2,Q3] [--scale=10000] [--rounds=5] [--seconds=5]
 * [--connections=32]`: a change's before and after. The hub of another checkout (e.g. a git
 * worktree at the commit before the change) and this one's, both built, run side by side on ONE
 * seeded database, on the same core, alternating which goes first each round. Reported per
 * operation: the medians of req/s, p50, p99, and the hub's CPU per request (ms of its core), the
 * figure that moves least with the machine's noise: on a shared 2-core machine the peer's req/s
 * swings by a quarter between two runs of the same code, which hides any change of a few percent.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/config.js";
import { quietDatabase } from "./load/quiet-database.js";
import { measure, type MeasuredRun } from "./load/run-load.js";
import { collectKeys, writeKeys } from "./operations/keys.js";
import { createBenchDatabase } from "./seed/bench-database.js";
import { seedBenchDatabase } from "./seed/seed.js";
import { startHubInstance, type ServerUnderTest } from "./servers/hub.js";
import { startPartnerSimulators, type PartnerSimulators } from "./servers/partners.js";
import { detectPinning } from "./servers/processes.js";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    only: { type: "string", default: "Q1,Q2,Q3" },
    scale: { type: "string", default: "10000" },
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "32" },
  },
  strict: true,
});
if (!values.base) throw new Error("--base=<the checkout to compare with> is required");
const base = resolve(values.base);
const only = values.only.split(",").map((name) => name.trim().toUpperCase());
const [scale, rounds, seconds, connections] = [values.scale, values.rounds, values.seconds, values.connections].map(Number) as [number, number, number, number];

const log = (line: string) => console.log(line);
const cpuMsPerRequest = (run: MeasuredRun) => (run.cpuPercent === null || run.perSecond === 0 ? null : (run.cpuPercent * 10) / run.perSecond);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

for (const root of [base, projectRoot]) {
  log(`building ${root} …`);
  execFileSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
}
const pinning = detectPinning();
const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres", false);
const dataDir = mkdtempSync(join(tmpdir(), "hub-ab-"));
const hubs: Array<{ label: string; server: ServerUnderTest }> = [];
let partners: PartnerSimulators | undefined;
try {
  partners = await startPartnerSimulators(scale, pinning);
  const seed = await seedBenchDatabase(database.sql, scale);
  const keys = await collectKeys(database.sql, seed.scale, dataDir, 12 * 3600);
  const keysFile = join(dataDir, "bench-keys.json");
  writeKeys(keysFile, keys);
  for (const [label, root] of [["base", base], ["this", projectRoot]] as const) {
    hubs.push({ label, server: await startHubInstance({ name: `hub ${label}`, root, databaseUrl: database.url, dataDir, partners, pinning }) });
  }
  const runs = new Map<string, MeasuredRun[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const operation of only) {
      for (const { label, server } of round % 2 === 1 ? hubs : [...hubs].reverse()) {
        await quietDatabase(database.sql);
        const run = await measure(
          server,
          { system: "hub", operation, baseUrl: server.baseUrl, keysFile, seconds, warmupSeconds: 1, connections, first: 50 },
          pinning,
        );
        runs.set(`${operation} ${label}`, [...(runs.get(`${operation} ${label}`) ?? []), run]);
        log(`  round ${round} ${operation} ${label.padEnd(4)} ${String(run.perSecond).padStart(6)} req/s  p99 ${run.p99} ms  CPU ${cpuMsPerRequest(run)?.toFixed(2)} ms/request  errors ${run.errors}`);
      }
    }
  }
  log(`\n${base} (base) against ${projectRoot} (this), scale ${scale}, ${rounds} rounds of ${seconds} s, ${connections} connections; medians:\n`);
  log("| operation | hub | req/s | p50 ms | p99 ms | CPU ms per request |\n| --- | --- | ---: | ---: | ---: | ---: |");
  for (const [key, list] of runs) {
    const [operation, label] = key.split(" ");
    const cpu = list.map(cpuMsPerRequest).filter((value): value is number => value !== null);
    log(`| ${operation} | ${label} | ${median(list.map((run) => run.perSecond))} | ${median(list.map((run) => run.p50))} | ${median(list.map((run) => run.p99))} | ${median(cpu).toFixed(2)} |`);
  }
} finally {
  await Promise.all(hubs.map(({ server }) => server.process.stop()));
  await partners?.process.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
