/**
 * S1: `subscribers` dossierEvents subscribers split evenly over two hub instances (one socket each,
 * in several subscriber processes on the load core), two per dossier (one on each instance), then
 * one change per dossier made through the first instance. Every subscriber must get its one event;
 * latency runs from the event's `at` (taken just before the change's transaction) to arrival.
 * Each instance's RSS is read idle, with its subscribers connected, and after the events.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type postgres from "postgres";
import type { BenchKeys } from "../operations/keys.js";
import { postGraphql } from "../operations/graphql-client.js";
import { percentile } from "../report/statistics.js";
import type { ServerUnderTest } from "../servers/hub.js";
import { launchNode, LOAD_CORE, waitForOutput, type BenchProcess, type Pinning } from "../servers/processes.js";
import { rssMb, watchUsage } from "../servers/proc-stats.js";
import type { SubscriberJob, SubscriberReport } from "./subscriber-process.js";

export interface S1Result {
  subscribers: number;
  connected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  errors: number;
  p50: number | null;
  p99: number | null;
  maxMs: number | null;
  /** From the first move sent to the last delivery. */
  seconds: number;
  instances: Array<{ name: string; idleRssMb: number | null; subscribedRssMb: number | null; afterRssMb: number | null; cpuPercent: number | null }>;
  sampleError: string | null;
}

const entry = fileURLToPath(new URL("./subscriber-process.ts", import.meta.url));
const PER_PROCESS = 2_500;

interface Movable {
  id: string;
  branch: string;
  status: "SUBMITTED" | "RECEIVED" | "IN_PROCESSING";
  last_sequence: number;
}

const toGlobalId = (id: string) => Buffer.from(`Dossier:${id}`).toString("base64url");

/** The one move each dossier makes: the next step of its path, by whoever may make it. */
function moveOf(dossier: Movable, keys: BenchKeys): { token: string; query: string; variables: Record<string, unknown> } {
  const id = toGlobalId(dossier.id);
  if (dossier.status === "SUBMITTED") {
    return { token: keys.tokens.clerkByBranch[dossier.branch]!, query: `mutation($id: ID!, $b: String!) { receiveDossier(id: $id, branchCode: $b) { version } }`, variables: { id, b: dossier.branch } };
  }
  const to = dossier.status === "RECEIVED" ? "IN_PROCESSING" : "APPROVED";
  return { token: keys.tokens.staff, query: `mutation($id: ID!) { transitionDossier(id: $id, to: ${to}) { version } }`, variables: { id } };
}

/** Waits until every delivery arrived, or none arrived for 10 s (the rest are lost), at most 60 s. */
async function deliveriesSettled(count: () => number, expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = -1;
  let lastChange = Date.now();
  while (count() < expected && Date.now() < deadline && Date.now() - lastChange < 10_000) {
    if (count() !== last) [last, lastChange] = [count(), Date.now()];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runS1(sql: postgres.Sql, hubs: [ServerUnderTest, ServerUnderTest], keys: BenchKeys, subscribers: number, pinning: Pinning): Promise<S1Result> {
  const dossiers = await sql<Movable[]>`
    select d.id, b.code as branch, d.status, d.last_sequence from dossiers d join branches b on b.id = d.branch_id
    where d.status in ('SUBMITTED', 'RECEIVED', 'IN_PROCESSING') order by md5(d.id::text) limit ${Math.ceil(subscribers / 2)}`;
  const wanted = Math.min(subscribers, dossiers.length * 2);
  const subscriptions = Array.from({ length: wanted }, (_, i) => {
    const dossier = dossiers[i >> 1]!;
    return { wsUrl: hubs[i % 2]!.graphqlUrl.replace(/^http/, "ws"), dossierId: toGlobalId(dossier.id), afterSequence: dossier.last_sequence };
  });
  const idle = hubs.map((hub) => rssMb(hub.process.pid));

  // Jobs go through files: 2,500 subscriptions are more than one command-line argument may hold.
  const jobs = mkdtempSync(join(tmpdir(), "hub-bench-s1-"));
  const processes: BenchProcess[] = [];
  for (let i = 0; i < subscriptions.length; i += PER_PROCESS) {
    const job: SubscriberJob = { token: keys.tokens.staff, subscriptions: subscriptions.slice(i, i + PER_PROCESS) };
    const file = join(jobs, `subscribers-${i}.json`);
    writeFileSync(file, JSON.stringify(job));
    processes.push(launchNode({ name: `subscribers ${i}`, args: ["--import", "tsx", entry, file], core: LOAD_CORE, pinning, stdin: true }));
  }
  // Listening to all at once: a process that connects first must not print before anyone listens.
  const counts = await Promise.all(processes.map((proc) => waitForOutput(proc, /CONNECTED (\d+)/, 300_000)));
  const connected = counts.reduce((sum, found) => sum + Number(found[1]), 0);
  const delivered = processes.map(() => 0);
  processes.forEach((proc, i) =>
    proc.child.stdout!.on("data", (chunk: Buffer) => {
      const counts = [...chunk.toString().matchAll(/DELIVERED (\d+)/g)];
      if (counts.length > 0) delivered[i] = Number(counts.at(-1)![1]);
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const subscribed = hubs.map((hub) => rssMb(hub.process.pid));

  const usage = hubs.map((hub) => watchUsage(hub.process.pid));
  const started = performance.now();
  const moves = dossiers.slice(0, Math.ceil(wanted / 2));
  let next = 0;
  let moveErrors = 0;
  let sampleError: string | null = null;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < moves.length) {
        const move = moveOf(moves[next++]!, keys);
        await postGraphql(hubs[0].graphqlUrl, move.token, move.query, move.variables).catch((error: unknown) => {
          moveErrors++;
          sampleError ??= String(error);
        });
      }
    }),
  );
  await deliveriesSettled(() => delivered.reduce((sum, n) => sum + n, 0), wanted);
  const reports: SubscriberReport[] = [];
  for (const proc of processes) {
    const result = waitForOutput(proc, /RESULT (.+)/, 60_000);
    proc.child.stdin!.write("report\n");
    reports.push(JSON.parse((await result)[1]!) as SubscriberReport);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = usage.map((stop) => stop().cpuPercent);
  await Promise.all(processes.map((proc) => proc.stop(5_000)));
  rmSync(jobs, { recursive: true, force: true });

  const latencies = reports.flatMap((report) => report.latenciesMs).sort((a, b) => a - b);
  return {
    subscribers: wanted,
    connected,
    delivered: latencies.length,
    lost: wanted - latencies.length,
    duplicates: reports.reduce((sum, report) => sum + report.duplicates, 0),
    errors: moveErrors + reports.reduce((sum, report) => sum + report.errors, 0),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? null,
    seconds: Math.round(seconds * 10) / 10,
    instances: hubs.map((hub, i) => ({ name: hub.name, idleRssMb: idle[i]!, subscribedRssMb: subscribed[i]!, afterRssMb: rssMb(hub.process.pid), cpuPercent: cpu[i]! })),
    sampleError: sampleError ?? reports.find((report) => report.sampleError)?.sampleError ?? null,
  };
}
