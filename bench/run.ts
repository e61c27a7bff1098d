/**
 * `npm run bench`: measures one hub instance on this machine — throughput and latency of the main
 * read, write and public paths under concurrent load, subscription fan-out, and memory. Uses
 * PostgreSQL (DATABASE_URL or the local server) in a throwaway database, or PGlite when neither
 * answers. Prints a table; nothing here asserts a time (targets are judged by reading it).
 */
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../src/config.js";
import { loadOrCreateDevKeys, mintDevToken } from "../src/auth/dev-keys.js";
import { openDatabase, type DatabaseHandle } from "../src/db/client.js";
import { seedCatalog } from "../src/db/seed/catalog.js";
import { createLogger } from "../src/logger.js";
import { startHub } from "../src/server/hub.js";
import { connectPartners } from "../src/server/partners.js";

const SECONDS = Number(process.argv.find((a) => a.startsWith("--seconds="))?.split("=")[1] ?? 8);
const CONCURRENCY = Number(process.argv.find((a) => a.startsWith("--concurrency="))?.split("=")[1] ?? 32);
const SEED_DOSSIERS = 2_000;
const SUBSCRIBERS = 200;

async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; kind: string; drop: () => Promise<void> }> {
  const adminUrl = loadConfig().databaseUrl ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const name = `hub_bench_${Date.now().toString(36)}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString(), pool: { max: 20 } });
    return {
      handle,
      kind: "PostgreSQL",
      drop: async () => {
        await handle.close();
        await admin.unsafe(`drop database "${name}" with (force)`);
        await admin.end();
      },
    };
  } catch {
    await admin.end({ timeout: 1 }).catch(() => {});
    const handle = await openDatabase({ dataDir: null });
    return { handle, kind: "PGlite (in memory)", drop: () => handle.close() };
  }
}

async function post(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return body.data;
}

interface Result {
  scenario: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(scenario: string, request: (i: number) => Promise<unknown>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const i = counter++;
        const t = performance.now();
        try {
          await request(i);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1));
  return { scenario, requests: latencies.length, errors, perSecond: Math.round(latencies.length / elapsed), p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main() {
  const database = await openBenchDatabase();
  await database.handle.migrate();
  await seedCatalog(database.handle.db);
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", LOG_LEVEL: "silent", HUB_DATA_DIR: mkdtempSync(join(tmpdir(), "hub-bench-")) });
  const partners = await connectPartners(config, { postAutoAdvance: false });
  const hub = await startHub({ config, database: database.handle, logger: createLogger("silent"), partners });
  const keys = await loadOrCreateDevKeys(config.dataDir);
  const auth = config.auth as { issuer: string; audience: string };
  const mint = (sub: string, roles: string[], org?: string, branch?: string) =>
    mintDevToken(keys, auth.issuer, auth.audience, { sub, roles, org, branch, ttlSeconds: 3600 });
  const staff = await mint("bench-staff", ["CENTER_STAFF"], "HN-PASC", "HN-PASC-B01");
  const citizen = await mint("bench-citizen", ["CITIZEN"]);

  const submit = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id code } }`;
  const input = (i: number) => ({
    procedureCode: i % 3 === 0 ? "JR-01" : "CP-01",
    channel: "ONLINE",
    branchCode: `HN-PASC-B${String((i % 12) + 1).padStart(2, "0")}`,
    resultDelivery: "AT_COUNTER",
    applicant: { fullName: "Bench Applicant", idNumber: `0010${String(i).padStart(8, "0")}`, phone: `09${String(i).padStart(8, "0")}`, address: "1 Trang Tien, Ha Noi" },
  });

  const seedStarted = performance.now();
  const seeded: Array<{ id: string; code: string }> = [];
  for (let batch = 0; batch < SEED_DOSSIERS; batch += 50) {
    seeded.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => post(hub.url, citizen, submit, { input: input(batch + j) }).then((d) => d.submitDossier)))));
  }
  await Promise.all(
    seeded.slice(0, 1000).map((d, i) =>
      post(hub.url, staff, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B01") { id } }`, { id: d.id }).catch(() => i),
    ),
  );
  const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;

  const results: Result[] = [];
  results.push(
    await load("dossiers(first: 50) with procedure, branch, applicant, timeline (staff)", () =>
      post(hub.url, staff, `{ dossiers(first: 50) { totalCount nodes { code status procedure { code } branch { code } applicant { fullName idNumber } timeline { sequence status at } } } }`),
    ),
  );
  results.push(
    await load("dossier(id) (citizen, own)", (i) => post(hub.url, citizen, `query($id: ID!) { dossier(id: $id) { code status timeline { sequence } } }`, { id: seeded[i % seeded.length]!.id })),
  );
  results.push(
    await load("trackDossier (public)", (i) => {
      const d = seeded[i % seeded.length]!;
      const index = seeded.indexOf(d);
      return post(hub.url, undefined, `query($c: String!, $p: String!) { trackDossier(code: $c, phoneLast4: $p) { status } }`, {
        c: d.code,
        p: `09${String(index).padStart(8, "0")}`.slice(-4),
      });
    }),
  );
  results.push(await load("submitDossier (citizen)", (i) => post(hub.url, citizen, submit, { input: input(SEED_DOSSIERS + i) })));
  let next = 0;
  results.push(
    await load("transitionDossier RECEIVED → IN_PROCESSING (staff)", () => {
      const d = seeded[next++ % 1000]!;
      return post(hub.url, staff, `mutation($id: ID!) { transitionDossier(id: $id, to: IN_PROCESSING) { version } }`, { id: d.id }).catch(() => undefined);
    }),
  );

  // Fan-out: SUBSCRIBERS sockets on one dossier, then one change; time until all have it.
  const target = seeded[1500]!;
  const clients = Array.from({ length: SUBSCRIBERS }, () =>
    createClient({ url: hub.url.replace("http", "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${staff}` } }),
  );
  let received = 0;
  let allReceived: () => void = () => {};
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const ready = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        client.on("connected", () => resolve());
        client.subscribe(
          { query: `subscription($id: ID!) { dossierEvents(dossierId: $id) { sequence } }`, variables: { id: target.id } },
          { next: () => ++received === SUBSCRIBERS && allReceived(), error: () => {}, complete: () => {} },
        );
      }),
  );
  await Promise.all(ready);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const fanOutStart = performance.now();
  await post(hub.url, staff, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B01") { id } }`, { id: target.id });
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  const fanOutMs = (performance.now() - fanOutStart).toFixed(0);
  const rssAfter = process.memoryUsage().rss;
  await Promise.all(clients.map((c) => c.dispose()));

  console.log(`\nHanoi partner hub benchmark — ${database.kind}, Node ${process.version}, ${CONCURRENCY} concurrent clients, ${SECONDS} s per scenario`);
  console.log(`seeded ${SEED_DOSSIERS} dossiers through the API in ${seedSeconds} s\n`);
  console.log("| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) console.log(`| ${r.scenario} | ${r.requests} | ${r.errors} | ${r.perSecond} | ${r.p50} | ${r.p95} | ${r.p99} |`);
  console.log(`\nsubscription fan-out: ${received}/${SUBSCRIBERS} WebSocket subscribers had the event ${fanOutMs} ms after the mutation was sent`);
  console.log(`memory (hub, simulators and load generator in one process): RSS ${mb(rssBefore)} MB after seeding, ${mb(rssAfter)} MB after the load and ${SUBSCRIBERS} sockets; heap ${mb(process.memoryUsage().heapUsed)} MB`);

  await hub.close();
  await partners.close();
  await database.drop();
  rmSync(config.dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
