/**
 * The hub's own count of SQL statements, from its Prometheus endpoint (issue 12):
 * `hub_db_statements_total`, every statement its pools send (requests' and workers'). Production
 * serves /metrics only with a token: the bench's hubs get METRICS_TOKEN. Absent (the peer, the
 * ceiling): null, reported as "n/a".
 */
export const STATEMENT_COUNTER = "hub_db_statements_total";

/** The METRICS_TOKEN the bench starts its hubs with. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token";

export async function readStatementCounter(baseUrl: string): Promise<number | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return null;
    const text = await response.text();
    // Sum over label sets, if the counter has any (`name{...} value` or `name value`).
    let total: number | null = null;
    for (const line of text.split("\n")) {
      if (!line.startsWith(STATEMENT_COUNTER)) continue;
      const rest = line.slice(STATEMENT_COUNTER.length);
      if (rest[0] !== " " && rest[0] !== "{") continue;
      const value = Number(line.trim().split(/\s+/).at(-1));
      if (Number.isFinite(value)) total = (total ?? 0) + value;
    }
    return total;
  } catch {
    return null;
  }
}
