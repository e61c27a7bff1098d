/**
 * Where one hub process's memory goes, on a chosen Node with chosen flags (issue 19): the production
 * build (`node dist/main.js`, NODE_ENV=production) over a throwaway database seeded as the bench
 * seeds it, with the bench's partner simulators in their own process. It reads the hub's RSS from
 * /proc and V8's heap spaces from its /metrics (prom-client's nodejs_heap_space_*), idle, after
 * each load (autocannon, the bench's T0 and Q2 documents and variables), and with N graphql-ws
 * subscribers open. Run `npm run build` first.
 *   npx tsx scripts/hub-memory.ts [--node=PATH] [--flags="--max-semi-space-size=8"] [--seconds=10] [--subscribers=1000] [--scale=2000]
 *   npx tsx scripts/hub-memory.ts --node="$(scripts/node24.sh --bin)" --flags=
 * --flags replaces the flags of `npm run start:prod` (without it, those are used, as the bench does).
 * Prints one JSON line per phase and a Markdown row at the end. Figures on a shared machine are noisy:
 * compare runs made one after the other.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { collectKeys } from "../bench/operations/keys.js";
import { requestPlan } from "../bench/operations/requests.js";
import { createBenchDatabase } from "../bench/seed/bench-database.js";
import { seedBenchDatabase } from "../bench/seed/seed.js";
import { hubFlags, startHubInstance } from "../bench/servers/hub.js";
import { startPartnerSimulators } from "../bench/servers/partners.js";
import { rssMb, watchUsage } from "../bench/servers/proc-stats.js";
import { detectPinning, nodeVersionOf, serverNode } from "../bench/servers/processes.js";

const { values } = parseArgs({
  options: {
    node: { type: "string" },
    flags: { type: "string" },
    seconds: { type: "string", default: "10" },
    subscribers: { type: "string", default: "1000" },
    scale: { type: "string", default: "2000" },
    connections: { type: "string", default: "32" },
  },
});
if (values.node) process.env.BENCH_NODE = values.node;
if (values.flags !== undefined) process.env.BENCH_HUB_FLAGS = values.flags;
const seconds = Number(values.seconds);
const subscribers = Number(values.subscribers);
const scale = Number(values.scale);
// The hub is started with the bench's environment plus these: /metrics open to the probe, and one
// token may hold all the probe's sockets and requests (the limits are not what is measured here).
const METRICS_TOKEN = "hub-memory-probe";
Object.assign(process.env, {
  METRICS_TOKEN,
  WS_MAX_CONNECTIONS_PER_SUBJECT: "10000",
  RATE_LIMIT_PER_SUBJECT: "10000000",
  RATE_LIMIT_PER_ORGANIZATION: "10000000",
});

interface Sample {
  phase: string;
  rssMb: number | null;
  rssMaxMb?: number | null;
  /** RSS split as /proc/<pid>/status gives it: anonymous (heaps, malloc) and file-backed (the binary, libraries). */
  rssAnonMb: number | null;
  rssFileMb: number | null;
  threads: number | null;
  /** V8 heap spaces, MB: used / size (committed), from the hub's /metrics. */
  spaces: Record<string, string>;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  requests?: number;
  errors?: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function sample(baseUrl: string, pid: number, phase: string, extra: Partial<Sample> = {}): Promise<Sample> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const metric = (name: string, label?: string) => {
    const pattern = new RegExp(`^${name}${label ? `\\{[^}]*space="${label}"[^}]*\\}` : "(?:\\{[^}]*\\})?"} (\\S+)`, "m");
    const found = pattern.exec(text);
    return found ? Number(found[1]) : 0;
  };
  const spaceNames = [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{[^}]*space="([^"]+)"/gm)].map((m) => m[1]!);
  const spaces: Record<string, string> = {};
  for (const space of spaceNames) {
    const size = metric("nodejs_heap_space_size_total_bytes", space);
    if (size > 0) spaces[space] = `${mb(metric("nodejs_heap_space_size_used_bytes", space))}/${mb(size)}`;
  }
  const status = (() => {
    try {
      return readFileSync(`/proc/${pid}/status`, "utf8");
    } catch {
      return "";
    }
  })();
  const field = (name: string) => {
    const found = new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status);
    return found ? Number(found[1]) : null;
  };
  const kb = (value: number | null) => (value === null ? null : Math.round(value / 1024));
  return {
    phase,
    rssMb: rssMb(pid),
    rssAnonMb: kb(field("RssAnon")),
    rssFileMb: kb(field("RssFile")),
    threads: field("Threads"),
    spaces,
    heapUsedMb: mb(metric("nodejs_heap_size_used_bytes")),
    heapTotalMb: mb(metric("nodejs_heap_size_total_bytes")),
    externalMb: mb(metric("nodejs_external_memory_bytes")),
    ...extra,
  };
}

async function load(baseUrl: string, operation: string, keys: Awaited<ReturnType<typeof collectKeys>>) {
  const plan = requestPlan("hub", operation, keys, { first: 50 });
  let graphqlErrors = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: Number(values.connections),
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: plan.path,
        setupRequest: (request) => ({ ...request, ...plan.next() }),
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"errors":[')) graphqlErrors++;
        },
      },
    ],
  });
  return { requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx + graphqlErrors };
}

async function subscribe(graphqlUrl: string, token: string, dossierIds: string[], count: number): Promise<Client[]> {
  const wsUrl = graphqlUrl.replace(/^http/, "ws");
  const clients: Client[] = [];
  const one = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
      clients.push(client);
      client.on("connected", () => resolve());
      client.on("closed", (event) => reject(new Error(`socket closed: ${JSON.stringify(event)}`)));
      client.subscribe(
        { query: `subscription($id: ID!) { dossierEvents(dossierId: $id) { sequence } }`, variables: { id } },
        { next: () => {}, error: () => {}, complete: () => {} },
      );
    });
  for (let i = 0; i < count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => one(dossierIds[(i + j) % dossierIds.length]!)));
  }
  return clients;
}

/** A dossier's global id, as the hub gives it (and S1 makes it). */
const toGlobalId = (id: string) => Buffer.from(`Dossier:${id}`).toString("base64url");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const pinning = detectPinning();
  const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres", false);
  const dataDir = mkdtempSync(join(tmpdir(), "hub-memory-"));
  let partners: Awaited<ReturnType<typeof startPartnerSimulators>> | undefined;
  try {
    const seed = await seedBenchDatabase(database.sql, scale);
    const keys = await collectKeys(database.sql, seed.scale, dataDir, 3600);
    // Dossiers to follow (their global ids, as S1 makes them).
    const ids = (await database.sql<{ id: string }[]>`select id from dossiers order by random() limit ${subscribers}`).map((row) => row.id);
    partners = await startPartnerSimulators(scale, pinning);
    const hub = await startHubInstance({ name: "hub", databaseUrl: database.url, dataDir, partners, pinning });
    const pid = hub.process.pid;
    const who = { node: nodeVersionOf(pid), binary: serverNode(), flags: hubFlags().join(" ") };
    console.log(JSON.stringify(who));
    const samples: Sample[] = [];
    const record = (s: Sample) => {
      samples.push(s);
      console.log(JSON.stringify(s));
    };
    await pause(3_000);
    record(await sample(hub.baseUrl, pid, "idle"));
    for (const operation of ["T0", "Q2"]) {
      const usage = watchUsage(pid);
      const counts = await load(hub.baseUrl, operation, keys);
      record(await sample(hub.baseUrl, pid, `after ${operation}`, { rssMaxMb: usage().rssMaxMb, ...counts }));
    }
    const clients = await subscribe(hub.graphqlUrl, keys.tokens.staff, ids.map(toGlobalId), subscribers);
    await pause(3_000);
    record(await sample(hub.baseUrl, pid, `${clients.length} subscribers`));
    await Promise.all(clients.map((client) => client.dispose()));
    await hub.process.stop();
    const [idle, t0, q2, subs] = samples;
    console.log(
      `| ${who.node} | ${who.flags || "(none)"} | ${idle!.rssMb} | ${t0!.rssMaxMb} | ${q2!.rssMaxMb} | ${subs!.rssMb} | ${idle!.spaces.new_space ?? idle!.spaces.new} → ${q2!.spaces.new_space ?? q2!.spaces.new} |`,
    );
  } finally {
    await partners?.process.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
