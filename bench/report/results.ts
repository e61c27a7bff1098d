/**
 * What one `npm run bench` found, as written to bench/results/<date>-<commit>.json: medians over
 * the rounds per operation and system, the ratios the targets are about, and each target
 * met or not. Nothing here fails the run: targets are read, not asserted.
 */
import type { MeasuredRun } from "../load/run-load.js";
import type { SystemName } from "../operations/requests.js";
import type { SeedReport } from "../seed/seed.js";
import type { SoakResult } from "../soak/soak.js";
import type { S1Result } from "../subscriptions/s1.js";
import { median, ratio } from "./statistics.js";

export interface Figures {
  perSecond: number | null;
  p50: number | null;
  p99: number | null;
  errors: number | null;
  rssMaxMb: number | null;
  cpuPercent: number | null;
  generatorCpuPercent: number | null;
  /** From the hub's own hub_db_statements_total (null: no such counter). */
  counterStatementsPerRequest: number | null;
}

export interface OperationRow {
  operation: string;
  system: SystemName;
  rounds: MeasuredRun[];
  median: Figures;
}

export interface Target {
  what: string;
  met: boolean | null;
  value: string;
}

export interface OutboxLag {
  registrations: number;
  undelivered: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface BenchResults {
  date: string;
  commit: string;
  machine: { cores: number; cpu: string; memoryGb: number; pinning: string };
  nodes: Record<string, string>;
  options: Record<string, unknown>;
  seed: SeedReport;
  equivalence: string[];
  /** Statements per request counted on the wire in the probe phase, per system and case ("Q2@10"). */
  statements: Partial<Record<SystemName, Record<string, number>>>;
  idleRssMb: Partial<Record<SystemName, number | null>>;
  operations: OperationRow[];
  outboxLag: OutboxLag | null;
  s1: S1Result | null;
  soak: SoakResult | null;
  profiles: string[];
  targets: Target[];
}

export function medianFigures(rounds: MeasuredRun[]): Figures {
  const of = (pick: (run: MeasuredRun) => number | null) => median(rounds.map(pick));
  return {
    perSecond: of((r) => r.perSecond),
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    rssMaxMb: of((r) => r.rssMaxMb),
    cpuPercent: of((r) => r.cpuPercent),
    generatorCpuPercent: of((r) => r.generatorCpuPercent),
    counterStatementsPerRequest: of((r) => r.statementsPerRequest),
  };
}

export function rowOf(results: Pick<BenchResults, "operations">, operation: string, system: SystemName): OperationRow | undefined {
  return results.operations.find((row) => row.operation === operation && row.system === system);
}

export const rate = (results: Pick<BenchResults, "operations">, operation: string, system: SystemName) =>
  rowOf(results, operation, system)?.median.perSecond ?? null;

const check = (what: string, value: number | null, met: (value: number) => boolean, shown = (v: number) => String(v)): Target => ({
  what,
  met: value === null ? null : met(value),
  value: value === null ? "n/a" : shown(value),
});

export function evaluateTargets(results: Omit<BenchResults, "targets">): Target[] {
  const targets: Target[] = [];
  const times = (v: number) => `${v}×`;
  for (const q of ["Q1", "Q2", "Q3", "Q4"]) {
    targets.push(check(`${q} hub ≥ 1.0× PostGraphile's req/s`, ratio(rate(results, q, "hub"), rate(results, q, "peer")), (v) => v >= 1, times));
    targets.push(check(`${q} hub ≥ 0.5× the ceiling's req/s`, ratio(rate(results, q, "hub"), rate(results, q, "ceiling")), (v) => v >= 0.5, times));
    const hub = rowOf(results, q, "hub")?.median;
    targets.push(check(`${q} hub p99 ≤ 3× p50`, ratio(hub?.p99 ?? null, hub?.p50 ?? null), (v) => v <= 3, times));
  }
  targets.push(check("T0 hub ≥ 0.7× the ceiling's Q1 req/s", ratio(rate(results, "T0", "hub"), rate(results, "Q1", "ceiling")), (v) => v >= 0.7, times));
  const hubStatements = results.statements.hub;
  for (const q of ["Q2", "Q3"]) {
    const small = hubStatements?.[`${q}@10`];
    const large = hubStatements?.[`${q}@50`];
    targets.push({
      what: `${q} hub statements per request the same with 10 and 50 rows`,
      met: small === undefined || large === undefined ? null : small === large,
      value: small === undefined || large === undefined ? "n/a" : `${small} and ${large}`,
    });
  }
  targets.push(check("M1 hub ≥ 0.5× the ceiling's single-row INSERT", ratio(rate(results, "M1", "hub"), rate(results, "M1", "ceiling")), (v) => v >= 0.5, times));
  if (results.s1) {
    const s1 = results.s1;
    targets.push({ what: `S1 ${s1.subscribers} subscribers, 100% delivered`, met: s1.lost === 0 && s1.duplicates === 0, value: `${s1.delivered}/${s1.subscribers}` });
    targets.push(check("S1 p99 commit-to-client < 250 ms", s1.p99, (v) => v < 250, (v) => `${v} ms`));
  }
  if (results.soak) targets.push({ what: "Soak: no hung request", met: results.soak.hung === 0, value: String(results.soak.hung) });
  return targets;
}
