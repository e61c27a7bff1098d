/**
 * SQL statements per request, counted in bench mode: each system's requests, sent one at a time
 * to a server whose database connections go through the statement counter, so every statement in
 * the window belongs to those requests (the hub's background workers are off for the probe). The
 * figure is the median of the requests' counts: the hub's catalog reloads itself through the
 * request pool once a minute, and those statements belong to no operation.
 */
import type { BenchKeys } from "../operations/keys.js";
import { median } from "../report/statistics.js";
import { drawVariables, requestFor, type SystemName } from "../operations/requests.js";
import type { ServerUnderTest } from "../servers/hub.js";
import type { StatementCounter } from "./statement-counter.js";

export interface ProbeCase {
  operation: string;
  first: number;
}

/** Sends `requests` requests of each case; answers the median statements per request, by "Q2" or "Q2@10". */
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
    const counts: number[] = [];
    for (let i = 0; i < requests; i++) {
      const before = counter.statements();
      await send();
      counts.push(counter.statements() - before);
    }
    const label = operation === "Q2" || operation === "Q3" ? `${operation}@${first}` : operation;
    perRequest[label] = median(counts)!;
  }
  return perRequest;
}
