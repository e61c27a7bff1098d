/**
 * SQL statements per request, counted in bench mode: each system's requests, sent one at a time
 * to a server whose database connections go through the statement counter, so every statement in
 * the window belongs to those requests (the hub's background workers are off for the probe).
 */
import type { BenchKeys } from "../operations/keys.js";
import { drawVariables, requestFor, type SystemName } from "../operations/requests.js";
import type { ServerUnderTest } from "../servers/hub.js";
import type { StatementCounter } from "./statement-counter.js";

export interface ProbeCase {
  operation: string;
  first: number;
}

/** Sends `requests` requests of each case; answers statements per request, by "Q2" or "Q2@10". */
export async function probeStatements(
  system: SystemName,
  server: ServerUnderTest,
  counter: StatementCounter,
  cases: ProbeCase[],
  keys: BenchKeys,
  requests: number,
): Promise<Record<string, number>> {
  const perRequest: Record<string, number> = {};
  for (const { operation, first } of cases) {
    const send = async () => {
      const request = requestFor(system, operation, drawVariables(operation, keys, { first }));
      const response = await fetch(server.baseUrl + request.path, { method: "POST", headers: request.headers, body: request.body });
      const text = await response.text();
      if (!response.ok || text.includes('"errors":[')) throw new Error(`${system} ${operation}: ${response.status} ${text.slice(0, 300)}`);
    };
    await send(); // prepared statements and caches warm, outside the count
    const before = counter.statements();
    for (let i = 0; i < requests; i++) await send();
    const label = operation === "Q2" || operation === "Q3" ? `${operation}@${first}` : operation;
    perRequest[label] = Math.round(((counter.statements() - before) / requests) * 100) / 100;
  }
  return perRequest;
}
