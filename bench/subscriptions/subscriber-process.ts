/**
 * A subscriber process of S1 (several run at once, on the load core): one graphql-ws client, and so
 * one WebSocket, per subscriber, each following one dossier on one hub instance from its current
 * sequence (so an event that beats the subscription is replayed, not lost). Prints CONNECTED when
 * every client is connected, DELIVERED <n> as events arrive; on a line "report" on stdin prints RESULT with each delivery's
 * commit-to-client latency (now minus the event's `at`) and exits.
 *   node --import tsx subscriber-process.ts <file holding a SubscriberJob as JSON>
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface SubscriberJob {
  token: string;
  subscriptions: Array<{ wsUrl: string; dossierId: string; afterSequence: number }>;
}

export interface SubscriberReport {
  connected: number;
  latenciesMs: number[];
  /** Deliveries beyond the first per subscriber (there must be none: one event each). */
  duplicates: number;
  errors: number;
  sampleError: string | null;
  node: string;
}

const SUBSCRIPTION = `subscription($id: ID!, $after: Int) { dossierEvents(dossierId: $id, afterSequence: $after) { sequence status at } }`;
const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as SubscriberJob;
const report: SubscriberReport = { connected: 0, latenciesMs: [], duplicates: 0, errors: 0, sampleError: null, node: process.version };
const clients: Client[] = [];

async function subscribeOne({ wsUrl, dossierId, afterSequence }: SubscriberJob["subscriptions"][number]): Promise<void> {
  let delivered = 0;
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${job.token}` },
  });
  clients.push(client);
  await new Promise<void>((resolve) => {
    client.on("connected", () => resolve());
    client.on("closed", () => resolve());
    client.subscribe(
      { query: SUBSCRIPTION, variables: { id: dossierId, after: afterSequence } },
      {
        next: (message) => {
          const at = (message.data as { dossierEvents?: { at: string } } | null)?.dossierEvents?.at;
          if (++delivered > 1) report.duplicates++;
          else if (at) report.latenciesMs.push(Date.now() - Date.parse(at));
        },
        error: (error) => {
          report.errors++;
          report.sampleError ??= JSON.stringify(error).slice(0, 300);
        },
        complete: () => {},
      },
    );
  });
  report.connected++;
}

// In batches, so thousands of handshakes do not all land on the hub in the same instant.
for (let i = 0; i < job.subscriptions.length; i += 100) {
  await Promise.all(job.subscriptions.slice(i, i + 100).map(subscribeOne));
}
console.log(`CONNECTED ${report.connected}`);

// Progress, so the bench knows when deliveries have stopped arriving.
let told = -1;
setInterval(() => {
  if (report.latenciesMs.length === told) return;
  told = report.latenciesMs.length;
  console.log(`DELIVERED ${told}`);
}, 250).unref();

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "report") return;
  console.log(`RESULT ${JSON.stringify(report)}`);
  void Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
});
