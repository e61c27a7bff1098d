/**
 * `npm run bench -- <flags>`: what to measure and how long. Defaults are the issue's (50,000
 * dossiers, 3 rounds); `--quick` is a smoke run small enough for a test or CI.
 */
import { parseArgs } from "node:util";

export const OPERATIONS = ["T0", "Q1", "Q2", "Q3", "Q4", "M1", "S1"] as const;
export type OperationName = (typeof OPERATIONS)[number];

export interface BenchOptions {
  /** General dossiers seeded; everything else scales with it (see seed/scale.ts). */
  scale: number;
  rounds: number;
  /** Length of one measured run, after `warmupSeconds` of the same load. */
  seconds: number;
  warmupSeconds: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  only: OperationName[];
  /** S1: subscribers over the two instances. */
  subscribers: number;
  /** Issue 16's soak of the write mix, in seconds (0: skipped). */
  soakSeconds: number;
  soakClients: number;
  /** Run the hub under `node --cpu-prof` and keep the profiles in bench/results/. */
  profile: boolean;
  quick: boolean;
  /** Where the throwaway databases are made (a server URL; the database in it is ignored). */
  databaseUrl: string;
  /** Keep the bench database after the run (for looking at it). */
  keepDatabase: boolean;
  /** Write bench/results/*.json and append to docs/benchmark.md. */
  record: boolean;
}

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: "string" },
      rounds: { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      only: { type: "string" },
      subscribers: { type: "string" },
      soak: { type: "string" },
      "soak-clients": { type: "string" },
      profile: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      "keep-database": { type: "boolean", default: false },
      "no-record": { type: "boolean", default: false },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const only = values.only ? values.only.split(",").map((name) => name.trim().toUpperCase()) : [...OPERATIONS];
  const unknown = only.filter((name) => !(OPERATIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown operation(s) ${unknown.join(", ")}; choose from ${OPERATIONS.join(", ")}`);

  return {
    scale: count("scale", values.scale, quick ? 2_000 : 50_000, 500),
    rounds: count("rounds", values.rounds, quick ? 1 : 3, 1),
    seconds: count("seconds", values.seconds, quick ? 2 : 10, 1),
    warmupSeconds: count("warmup", values.warmup, quick ? 1 : 3, 0),
    connections: count("connections", values.connections, quick ? 8 : 32, 1),
    only: only as OperationName[],
    subscribers: count("subscribers", values.subscribers, quick ? 200 : 10_000, 2),
    soakSeconds: count("soak", values.soak, quick ? 5 : 60, 0),
    soakClients: count("soak-clients", values["soak-clients"], quick ? 8 : 48, 1),
    profile: values.profile ?? false,
    quick,
    databaseUrl: env.BENCH_DATABASE_URL || LOCAL_SERVER,
    keepDatabase: values["keep-database"] ?? false,
    record: !(values["no-record"] ?? false),
  };
}

function count(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return value;
}
