/**
 * The bench's phases, each starting the servers it needs and stopping them after:
 * probe (statements per request on the wire, and the three systems' answers compared), load (the
 * rounds of T0, Q1–Q4 and M1, alternating hub / peer / ceiling), S1, and the soak.
 */
import type postgres from "postgres";
import { quietDatabase } from "./load/quiet-database.js";
import { measure, type MeasuredRun } from "./load/run-load.js";
import { checkEquivalence } from "./operations/equivalence.js";
import type { BenchKeys } from "./operations/keys.js";
import { ANSWERS, SYSTEMS, type SystemName } from "./operations/requests.js";
import type { BenchOptions, OperationName } from "./options.js";
import { startCeiling } from "./servers/ceiling.js";
import { startHubInstance, type ServerUnderTest } from "./servers/hub.js";
import type { PartnerSimulators } from "./servers/partners.js";
import { startPeer } from "./servers/peer.js";
import { rssMb } from "./servers/proc-stats.js";
import type { Pinning } from "./servers/processes.js";
import { probeStatements, type ProbeCase } from "./statements/probe.js";
import { startStatementCounter } from "./statements/statement-counter.js";

export interface BenchContext {
  options: BenchOptions;
  sql: postgres.Sql;
  databaseUrl: string;
  dataDir: string;
  keys: BenchKeys;
  keysFile: string;
  partners: PartnerSimulators;
  pinning: Pinning;
  log: (line: string) => void;
}

/** The load operations chosen with --only, in the order each round runs them. */
export const loadOperations = (options: BenchOptions): OperationName[] =>
  (["T0", "Q1", "Q2", "Q3", "Q4", "M1"] as const).filter((name) => options.only.includes(name));

async function startSystem(system: SystemName, context: BenchContext, databaseUrl: string, extra: { workers?: boolean; profileDir?: string } = {}) {
  switch (system) {
    case "hub":
      return startHubInstance({ name: "hub", databaseUrl, dataDir: context.dataDir, partners: context.partners, pinning: context.pinning, ...extra });
    case "peer":
      return startPeer(databaseUrl, context.pinning);
    case "ceiling":
      return startCeiling(databaseUrl, context.pinning);
  }
}

export async function probePhase(context: BenchContext) {
  const operations = loadOperations(context.options);
  const statements: Partial<Record<SystemName, Record<string, number>>> = {};
  const servers: Partial<Record<SystemName, string>> = {};
  const started: ServerUnderTest[] = [];
  const counters = [];
  try {
    for (const system of SYSTEMS) {
      const counter = await startStatementCounter(context.databaseUrl);
      counters.push(counter);
      const server = await startSystem(system, context, counter.url, { workers: false });
      started.push(server);
      servers[system] = server.baseUrl;
      const cases: ProbeCase[] = operations
        .filter((operation) => ANSWERS[system].includes(operation))
        .flatMap((operation): ProbeCase[] => (operation === "Q2" || operation === "Q3" ? [10, 50].map((first) => ({ operation, first })) : [{ operation, first: 50 }]));
      statements[system] = await probeStatements(system, server, counter, cases, context.keys, context.options.quick ? 5 : 20);
      context.log(`  statements per request, ${system}: ${JSON.stringify(statements[system])}`);
    }
    const equivalence = await checkEquivalence(servers, context.keys, operations, context.options.quick ? 2 : 5);
    context.log(equivalence.length === 0 ? "  the three systems answer the same data" : `  answers differ:\n    ${equivalence.join("\n    ")}`);
    return { statements, equivalence };
  } finally {
    await Promise.all(started.map((server) => server.process.stop()));
    await Promise.all(counters.map((counter) => counter.close()));
  }
}

export async function loadPhase(context: BenchContext, profileDir: string | undefined) {
  const { options } = context;
  const servers = {} as Record<SystemName, ServerUnderTest>;
  const idleRssMb: Partial<Record<SystemName, number | null>> = {};
  const runs = new Map<string, MeasuredRun[]>();
  try {
    for (const system of SYSTEMS) servers[system] = await startSystem(system, context, context.databaseUrl, { profileDir: system === "hub" ? profileDir : undefined });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const system of SYSTEMS) idleRssMb[system] = rssMb(servers[system].process.pid);
    for (let round = 1; round <= options.rounds; round++) {
      for (const operation of loadOperations(options)) {
        for (const system of SYSTEMS) {
          if (!ANSWERS[system].includes(operation)) continue;
          const server = servers[system];
          await quietDatabase(context.sql);
          const run = await measure(
            server,
            { system, operation, baseUrl: server.baseUrl, keysFile: context.keysFile, seconds: options.seconds, warmupSeconds: options.warmupSeconds, connections: options.connections, first: 50 },
            context.pinning,
          );
          const key = `${operation}/${system}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          context.log(`  round ${round} ${operation.padEnd(2)} ${system.padEnd(7)} ${String(run.perSecond).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  errors ${run.errors}${run.sampleError ? ` (${run.sampleError.slice(0, 160)})` : ""}`);
        }
      }
    }
    // Registrations lodged in the last M1 run reach the registry within a few seconds.
    if (options.only.includes("M1")) await new Promise((resolve) => setTimeout(resolve, 5_000));
    return { runs, idleRssMb };
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.process.stop(30_000)));
  }
}

/** Two hub instances on the bench database (S1 and the soak). */
export async function startTwoHubs(context: BenchContext): Promise<[ServerUnderTest, ServerUnderTest]> {
  const launch = { databaseUrl: context.databaseUrl, dataDir: context.dataDir, partners: context.partners, pinning: context.pinning };
  const first = await startHubInstance({ ...launch, name: "hub A" });
  const second = await startHubInstance({ ...launch, name: "hub B" });
  return [first, second];
}
