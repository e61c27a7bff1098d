/** What the orchestrator asks of one load-generator process, and what it answers. */
import type { SystemName } from "../operations/requests.js";

export interface LoadJob {
  system: SystemName;
  operation: string;
  /** The server's base URL (scheme, host, port). */
  baseUrl: string;
  keysFile: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Page size of Q2 and Q3. */
  first: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Transport errors, timeouts, non-2xx answers and GraphQL `errors` in a 200 answer. */
  errors: number;
  /** One error body, to tell what went wrong. */
  sampleError: string | null;
  /** The generator's own CPU over the measured run, % of one core (near 100: it, not the server, was the limit). */
  generatorCpuPercent: number;
  generatorNode: string;
}

/** Lines on the generator's stdout: the orchestrator starts its server sampling at MEASURING. */
export const MEASURING_LINE = "MEASURING";
export const RESULT_PREFIX = "RESULT ";
