/**
 * A load generator process (started by the bench, pinned to its own core): autocannon against one
 * system with one operation, the variables of every request drawn at random, first a warm-up and
 * then the measured run. Prints MEASURING when the measured run starts and RESULT <json> at the end.
 *   node --import tsx bench/load/generator.ts '<LoadJob as JSON>'
 */
import autocannon from "autocannon";
import { readKeys } from "../operations/keys.js";
import { requestPlan } from "../operations/requests.js";
import { MEASURING_LINE, RESULT_PREFIX, type LoadJob, type LoadResult } from "./job.js";

const job = JSON.parse(process.argv[2]!) as LoadJob;
const plan = requestPlan(job.system, job.operation, readKeys(job.keysFile), { first: job.first });

let graphqlErrors = 0;
let sampleError: string | null = null;

function run(seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: job.baseUrl,
    connections: job.connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: plan.path,
        setupRequest: (request) => {
          const next = plan.next();
          return { ...request, headers: next.headers, body: next.body };
        },
        onResponse: (status, body) => {
          // GraphQL reports failures in a 200 answer: count them as errors too.
          if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
            if (status === 200) graphqlErrors++;
            sampleError ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
}

if (job.warmupSeconds > 0) await run(job.warmupSeconds);
graphqlErrors = 0;
sampleError = null;
console.log(MEASURING_LINE);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await run(job.seconds);
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);

const answer: LoadResult = {
  requests: result.requests.total,
  perSecond: Math.round(result.requests.total / result.duration),
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
  sampleError,
  generatorCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100),
  generatorNode: process.version,
};
console.log(RESULT_PREFIX + JSON.stringify(answer));
