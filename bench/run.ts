/**
 * `npm run bench`: the hub side by side with PostGraphile 4 and a hand-written ceiling over one
 * seeded PostgreSQL database (issue 14), plus S1 (subscriptions over two instances) and the soak
 * of the write mix (issue 16). Every server runs as in production in its own process, pinned to
 * core 0, and every load generator in its own, pinned to core 1. See docs/benchmark.md.
 *   npm run bench -- [--scale=50000] [--rounds=3] [--seconds=10] [--only=Q1,Q2] [--soak=60] [--quick] [--profile]
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../src/config.js";
import { outboxLag } from "./load/outbox-lag.js";
import { collectKeys, writeKeys } from "./operations/keys.js";
import { parseOptions } from "./options.js";
import { loadPhase, probePhase, startTwoHubs, type BenchContext } from "./phases.js";
import { renderMarkdown } from "./report/markdown.js";
import { evaluateTargets, medianFigures, type BenchResults } from "./report/results.js";
import { createBenchDatabase } from "./seed/bench-database.js";
import { seedBenchDatabase } from "./seed/seed.js";
import { runSoak } from "./soak/soak.js";
import { ensurePeerInstalled } from "./servers/peer.js";
import { startPartnerSimulators } from "./servers/partners.js";
import { hubFlags } from "./servers/hub.js";
import { detectPinning, nodeVersionOf, serverNode } from "./servers/processes.js";
import { runS1 } from "./subscriptions/s1.js";

const options = parseOptions(process.argv.slice(2), process.env);
const log = (line: string) => console.log(line);
const resultsDir = join(projectRoot, "bench", "results");

async function main() {
  // The commit measured: read now, so later commits made while the bench runs do not rename it.
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: projectRoot }).toString().trim();
  const pinning = detectPinning();
  log(`bench: the servers on ${serverNode()}${hubFlags().length > 0 ? `, the hub with ${hubFlags().join(" ")}` : ""}`);
  log(`bench: scale ${options.scale}, ${options.rounds} round(s) × ${options.seconds} s, only ${options.only.join(",")}; ${pinning.possible ? "servers pinned to core 0, load to core 1" : `NOT pinned: ${pinning.reason}`}`);
  log("building the hub (npm run build) …");
  execFileSync("npm", ["run", "-s", "build"], { cwd: projectRoot, stdio: "inherit" });
  ensurePeerInstalled(log);

  const database = await createBenchDatabase(options.databaseUrl, options.keepDatabase);
  const dataDir = mkdtempSync(join(tmpdir(), "hub-bench-"));
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), "hub-bench-profile-")) : undefined;
  let partners: BenchContext["partners"] | undefined;
  try {
    log(`seeding ${database.name} …`);
    const seed = await seedBenchDatabase(database.sql, options.scale);
    log(`  seeded in ${seed.seconds} s: ${JSON.stringify(seed.rows)}`);
    const keys = await collectKeys(database.sql, seed.scale, dataDir, 12 * 3600);
    const keysFile = join(dataDir, "bench-keys.json");
    writeKeys(keysFile, keys);
    partners = await startPartnerSimulators(options.scale, pinning);
    const context: BenchContext = { options, sql: database.sql, databaseUrl: database.url, dataDir, keys, keysFile, partners, pinning, log };

    log("probe: statements per request, and the same answers from all three …");
    const probe = await probePhase(context);
    log("load: warm-up, then the measured runs …");
    const loadStarted = new Date();
    const load = await loadPhase(context, profileDir);
    const lag = options.only.includes("M1") ? await outboxLag(database.sql, loadStarted) : null;

    let s1: BenchResults["s1"] = null;
    // The Node each hub instance ran (read from its binary), when no load run recorded it.
    let twoHubsNode: string | undefined;
    if (options.only.includes("S1")) {
      log(`S1: ${options.subscribers} subscribers over two instances …`);
      const hubs = await startTwoHubs(context);
      twoHubsNode = [...new Set(hubs.map((hub) => nodeVersionOf(hub.process.pid)))].join(" / ");
      try {
        s1 = await runS1(database.sql, hubs, keys, options.subscribers, pinning);
      } finally {
        await Promise.all(hubs.map((hub) => hub.process.stop()));
      }
      log(`  ${s1.delivered}/${s1.subscribers} delivered, p99 ${s1.p99} ms`);
    }
    let soak: BenchResults["soak"] = null;
    if (options.soakSeconds > 0) {
      log(`soak: ${options.soakClients} clients for ${options.soakSeconds} s over two instances …`);
      const hubs = await startTwoHubs(context);
      try {
        soak = await runSoak(hubs, keysFile, options.soakSeconds, options.soakClients, pinning);
      } finally {
        await Promise.all(hubs.map((hub) => hub.process.stop()));
      }
      log(`  ${soak.requests} requests, ${soak.hung} hung, ${soak.errors} errors`);
    }

    const operations = [...load.runs].map(([key, rounds]) => {
      const [operation, system] = key.split("/") as [string, "hub" | "peer" | "ceiling"];
      return { operation, system, rounds, median: medianFigures(rounds) };
    });
    const anyRun = (system: string) => operations.find((row) => row.system === system)?.rounds[0];
    const partial: Omit<BenchResults, "targets"> = {
      date: new Date().toISOString(),
      commit,
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? "unknown",
        memoryGb: Math.round(totalmem() / 2 ** 30),
        pinning: pinning.possible ? "servers pinned to core 0 and load generators to core 1 (taskset)" : `not pinned: ${pinning.reason}`,
      },
      nodes: {
        bench: process.version,
        hub: `${anyRun("hub")?.serverNode ?? twoHubsNode ?? "n/a"}${hubFlags().length > 0 ? ` (${hubFlags().join(" ")})` : ""}`,
        PostGraphile: anyRun("peer")?.serverNode ?? "n/a",
        ceiling: anyRun("ceiling")?.serverNode ?? "n/a",
        generator: anyRun("hub")?.generatorNode ?? anyRun("ceiling")?.generatorNode ?? "n/a",
      },
      options: { ...options, databaseUrl: undefined },
      seed,
      equivalence: probe.equivalence,
      statements: probe.statements,
      idleRssMb: load.idleRssMb,
      operations,
      outboxLag: lag,
      s1,
      soak,
      profiles: [],
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    if (profileDir) results.profiles = keepProfiles(profileDir, `${results.date.slice(0, 10)}-${commit}`);
    const markdown = renderMarkdown(results);
    log(`\n${markdown}\n`);
    if (options.record) record(results, markdown);
  } finally {
    await partners?.process.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function keepProfiles(from: string, stem: string): string[] {
  mkdirSync(resultsDir, { recursive: true });
  return readdirSync(from).map((file) => {
    const name = `${stem}-${file}`;
    copyFileSync(join(from, file), join(resultsDir, name));
    return `bench/results/${name}`;
  });
}

function record(results: BenchResults, markdown: string) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${results.date.slice(0, 10)}-${results.commit}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  appendFileSync(join(projectRoot, "docs", "benchmark.md"), `\n${markdown}\n`);
  log(`written: ${file.slice(projectRoot.length + 1)}, and the table appended to docs/benchmark.md`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
