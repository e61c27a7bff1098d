/**
 * The soak's load (issue 16), one process on the load core: `clients` concurrent clients, each
 * looping the hub's everyday write mix against two instances on one database — a citizen submits a
 * dossier, the branch's post clerk receives it, center staff move it on, a bank officer registers a
 * security (the outbox delivers meanwhile), and reads by staff and clerks — each request to either
 * instance at random. A request with no answer within `hungMs` is counted as hung (it must be 0).
 *   node --import tsx soak-client.ts '<SoakJob as JSON>'
 */
import { readKeys } from "../operations/keys.js";
import { GraphqlFailure, postGraphql } from "../operations/graphql-client.js";
import { drawVariables } from "../operations/requests.js";
import { percentile } from "../report/statistics.js";

export interface SoakJob {
  graphqlUrls: string[];
  keysFile: string;
  seconds: number;
  clients: number;
  hungMs: number;
}

export interface SoakStep {
  requests: number;
  errors: number;
  hung: number;
  p50: number | null;
  p99: number | null;
  sampleError: string | null;
}

export interface SoakReport {
  requests: number;
  perSecond: number;
  errors: number;
  hung: number;
  steps: Record<string, SoakStep>;
  node: string;
}

const job = JSON.parse(process.argv[2]!) as SoakJob;
const keys = readKeys(job.keysFile);
const latencies = new Map<string, number[]>();
const steps = new Map<string, SoakStep>();
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

async function step<T>(name: string, token: string, query: string, variables: Record<string, unknown>): Promise<T | null> {
  const stats = steps.get(name) ?? { requests: 0, errors: 0, hung: 0, p50: null, p99: null, sampleError: null };
  steps.set(name, stats);
  const started = performance.now();
  try {
    const data = await postGraphql<T>(pick(job.graphqlUrls), token, query, variables, job.hungMs);
    (latencies.get(name) ?? latencies.set(name, []).get(name)!).push(performance.now() - started);
    return data;
  } catch (error) {
    if (error instanceof GraphqlFailure && error.hung) stats.hung++;
    else stats.errors++;
    stats.sampleError ??= String(error).slice(0, 300);
    return null;
  } finally {
    stats.requests++;
  }
}

async function oneRound(client: number, round: number): Promise<void> {
  const branch = pick(keys.branches);
  const submitted = await step<{ submitDossier: { id: string; code: string } }>(
    "submitDossier (citizen)",
    keys.tokens.citizen,
    `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id code } }`,
    {
      input: {
        procedureCode: "CP-01",
        channel: "ONLINE",
        branchCode: branch,
        resultDelivery: "AT_COUNTER",
        applicant: { fullName: "Soak Applicant", idNumber: `0880${String(client).padStart(3, "0")}${String(round % 100_000).padStart(5, "0")}`, phone: "0912345678", address: "1 Trang Tien, Ha Noi" },
      },
    },
  );
  if (submitted) {
    const { id, code } = submitted.submitDossier;
    await step("receiveDossier (post clerk)", keys.tokens.clerkByBranch[branch]!, `mutation($id: ID!, $b: String!) { receiveDossier(id: $id, branchCode: $b) { version } }`, { id, b: branch });
    await step("transitionDossier → IN_PROCESSING (staff)", keys.tokens.staff, `mutation($id: ID!) { transitionDossier(id: $id, to: IN_PROCESSING) { version } }`, { id });
    await step("dossier(code) (staff)", keys.tokens.staff, `query($c: String!) { dossier(code: $c) { code status timeline { sequence status at } } }`, { c: code });
  }
  const registration = drawVariables("M1", keys, { first: 50 });
  await step("registerSecurity (bank officer)", registration.token!, `mutation($key: String!, $input: RegisterSecurityInput!) { registerSecurity(idempotencyKey: $key, input: $input) { id status } }`, registration.variables);
  await step("dossiers(first: 20) (post clerk)", keys.tokens.clerkByBranch[branch]!, `{ dossiers(first: 20) { totalCount nodes { code status } } }`, {});
}

const deadline = performance.now() + job.seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: job.clients }, async (_, client) => {
    for (let round = 0; performance.now() < deadline; round++) await oneRound(client, round);
  }),
);
const elapsed = (performance.now() - started) / 1000;

for (const [name, stats] of steps) {
  const sorted = (latencies.get(name) ?? []).sort((a, b) => a - b);
  stats.p50 = round1(percentile(sorted, 0.5));
  stats.p99 = round1(percentile(sorted, 0.99));
}
const all = [...steps.values()];
const requests = all.reduce((sum, s) => sum + s.requests, 0);
const report: SoakReport = {
  requests,
  perSecond: Math.round(requests / elapsed),
  errors: all.reduce((sum, s) => sum + s.errors, 0),
  hung: all.reduce((sum, s) => sum + s.hung, 0),
  steps: Object.fromEntries(steps),
  node: process.version,
};
console.log(`RESULT ${JSON.stringify(report)}`);

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
