/** The run as Markdown: printed at the end and appended to docs/benchmark.md. */
import { ANSWERS, SYSTEMS, type SystemName } from "../operations/requests.js";
import { rate, rowOf, type BenchResults } from "./results.js";
import { ratio } from "./statistics.js";

const SYSTEM_NAMES: Record<SystemName, string> = { hub: "hub", peer: "PostGraphile 4", ceiling: "ceiling" };
const OPERATION_NAMES: Record<string, string> = {
  T0: "T0 `{ __typename }`",
  Q1: "Q1 dossier by code (staff)",
  Q2: "Q2 branch's 50 dossiers (clerk)",
  Q3: "Q3 bank's 50 registrations (officer)",
  Q4: "Q4 a week of LAND slots (citizen)",
  M1: "M1 registerSecurity / ceiling: 1-row INSERT",
};

const show = (value: number | null | undefined, suffix = "") => (value === null || value === undefined ? "n/a" : `${value}${suffix}`);

function statementsCell(results: BenchResults, system: SystemName, operation: string): string {
  const probe = results.statements[system];
  if (!probe) return "n/a";
  if (operation === "Q2" || operation === "Q3") return `${show(probe[`${operation}@10`])} / ${show(probe[`${operation}@50`])}`;
  return show(probe[operation]);
}

export function operationsTable(results: BenchResults): string {
  const lines = [
    "| operation | system | req/s | p50 ms | p99 ms | errors | SQL statements per request (probe; Q2/Q3: 10 / 50 rows) | hub counter stmts/req | RSS max MB | CPU % | hub ÷ peer | hub ÷ ceiling |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const operation of Object.keys(OPERATION_NAMES)) {
    for (const system of SYSTEMS) {
      if (!ANSWERS[system].includes(operation)) continue;
      const row = rowOf(results, operation, system);
      if (!row) continue;
      const m = row.median;
      const hub = system === "hub";
      // T0 has no ceiling of its own: the target compares it with the ceiling's Q1.
      const ceilingRate = operation === "T0" ? rate(results, "Q1", "ceiling") : rate(results, operation, "ceiling");
      lines.push(
        `| ${OPERATION_NAMES[operation]} | ${SYSTEM_NAMES[system]} | ${show(m.perSecond)} | ${show(m.p50)} | ${show(m.p99)} | ${show(m.errors)} | ` +
          `${statementsCell(results, system, operation)} | ${hub ? show(m.counterStatementsPerRequest) : ""} | ${show(m.rssMaxMb)} | ${show(m.cpuPercent)} | ` +
          `${hub ? show(ratio(m.perSecond, rate(results, operation, "peer")), "×") : ""} | ${hub ? show(ratio(m.perSecond, ceilingRate), "×") : ""} |`,
      );
    }
  }
  return lines.join("\n");
}

export function renderMarkdown(results: BenchResults): string {
  const o = results.options as { scale: number; rounds: number; seconds: number; warmupSeconds: number; connections: number };
  const out: string[] = [];
  out.push(`### ${results.date.slice(0, 10)} — commit ${results.commit}`);
  out.push("");
  out.push(
    `${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memoryGb} GB; ${results.machine.pinning}. ` +
      `Node: ${Object.entries(results.nodes).map(([who, version]) => `${who} ${version}`).join(", ")}. ` +
      `Scale ${o.scale.toLocaleString("en")} dossiers (seeded in ${results.seed.seconds} s: ${Object.entries(results.seed.rows).map(([t, n]) => `${n.toLocaleString("en")} ${t}`).join(", ")}); ` +
      `${o.rounds} round(s) of ${o.seconds} s after ${o.warmupSeconds} s of warm-up, ${o.connections} connections; medians.`,
  );
  out.push("");
  out.push(operationsTable(results));
  out.push("");
  const idle = results.idleRssMb;
  out.push(`- Idle RSS after start: hub ${show(idle.hub)} MB, PostGraphile ${show(idle.peer)} MB, ceiling ${show(idle.ceiling)} MB.`);
  out.push(
    `- Statements per request are counted on the wire between each server and PostgreSQL (Query and Execute messages), requests one at a time, the hub's workers off, ` +
      `the median of the requests' counts (the hub's catalog reloads itself once a minute); the hub's own counter ` +
      `(\`hub_db_statements_total\` on /metrics, workers included) is read around each measured run: under load, ` +
      `concurrent requests share their audit and rate-limit statements.`,
  );
  if (results.outboxLag) {
    const lag = results.outboxLag;
    out.push(`- M1 outbox lag (registration stored → land registry's answer applied): p50 ${show(lag.p50Ms, " ms")}, p99 ${show(lag.p99Ms, " ms")} over ${lag.registrations} registrations, ${lag.undelivered} undelivered at the end.`);
  }
  if (results.s1) {
    const s = results.s1;
    out.push(
      `- S1: ${s.subscribers.toLocaleString("en")} dossierEvents subscribers over two instances (${s.connected} connected), one event each caused through the first: ` +
        `${s.delivered}/${s.subscribers} delivered, ${s.lost} lost, ${s.duplicates} duplicates, ${s.errors} errors; commit-to-client p50 ${show(s.p50, " ms")}, p99 ${show(s.p99, " ms")}, max ${show(s.maxMs, " ms")}. ` +
        `RSS per instance idle / with its subscribers / after: ${s.instances.map((i) => `${show(i.idleRssMb)} / ${show(i.subscribedRssMb)} / ${show(i.afterRssMb)} MB`).join("; ")}.`,
    );
  }
  if (results.soak) {
    const k = results.soak;
    out.push(
      `- Soak (issue 16): ${k.clients} clients for ${k.seconds} s over two instances: ${k.requests.toLocaleString("en")} requests, ${k.perSecond} req/s, ` +
        `**${k.hung} hung** (no answer within 30 s), ${k.errors} errors; both instances answering afterwards: ${k.instances.every((i) => i.answersAfter) ? "yes" : "NO"}; ` +
        `RSS max ${k.instances.map((i) => `${show(i.rssMaxMb)} MB`).join(" / ")}.`,
    );
    for (const [name, step] of Object.entries(k.steps)) {
      out.push(`  - ${name}: ${step.requests} requests, p50 ${show(step.p50, " ms")}, p99 ${show(step.p99, " ms")}, ${step.errors} errors, ${step.hung} hung${step.sampleError ? ` (e.g. ${step.sampleError.slice(0, 120)})` : ""}`);
    }
  }
  if (results.equivalence.length > 0) out.push(`- Answers that differed between the systems: ${results.equivalence.slice(0, 5).join("; ")}`);
  else out.push("- The three systems answered the same data for the same variables (the ceiling byte-for-byte the hub's JSON, keys sorted).");
  if (results.profiles.length > 0) out.push(`- CPU profiles: ${results.profiles.join(", ")}`);
  out.push("");
  out.push("| target | value | met |");
  out.push("| --- | ---: | :---: |");
  for (const target of results.targets) out.push(`| ${target.what} | ${target.value} | ${target.met === null ? "n/a" : target.met ? "yes" : "**no**"} |`);
  return out.join("\n");
}
