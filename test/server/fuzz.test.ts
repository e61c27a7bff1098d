/**
 * Fuzzing as a property (issue 11, SPEC §6): for every root Query, Mutation and Subscription field
 * of the served schema, fast-check builds calls from the field's argument types — mostly valid
 * values with one or a few made hostile (huge, empty, control characters and NUL, lone surrogates,
 * out-of-range and fractional numbers, malformed instants, dates, decimals, ids and cursors,
 * missing and unknown input fields, empty, long and nested lists) — sends them to a running hub as
 * variables or literals, over HTTP or graphql-ws, with fitting, wrong and broken tokens, and checks:
 * never a 5xx or INTERNAL_SERVER_ERROR, always a SPEC §6 code, no stack, SQL or path in an error,
 * and a mutation that was refused changed no row.
 *
 * FUZZ_SEED (default fixed, for CI) and FUZZ_RUNS (calls per root field) make longer runs:
 *   FUZZ_RUNS=200 FUZZ_SEED=$RANDOM npx vitest run test/server/fuzz.test.ts
 * A failure prints the seed and the shrunk call; the same seed and runs replay it (the hub's state
 * evolves with the calls before it, so replay the whole file, not one field).
 */
import fc from "fast-check";
import type { GraphQLField, GraphQLObjectType } from "graphql";
import { afterAll, describe, it } from "vitest";
import { buildHubSchema } from "../../src/resolvers/index.js";
import { violationsOf } from "../support/fuzz/answer-checks.js";
import { callArbitrary, operationOf, type FuzzCall } from "../support/fuzz/fuzz-calls.js";
import { buildFuzzWorld, type FuzzWorld } from "../support/fuzz/fuzz-world.js";
import type { OperationKind } from "../support/fuzz/operation-text.js";
import { PlausibleValues } from "../support/fuzz/plausible-values.js";
import { changedTables, rowCounter, type RowCounts } from "../support/fuzz/row-counts.js";
import { sendHttp, WebSocketClients, type Answer } from "../support/fuzz/transports.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox } from "../registration/registration-factory.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 10);
/** How long a subscription that neither failed nor completed is left running before it counts as accepted. */
const SUBSCRIPTION_SETTLE_MS = 250;

let hub: TestHub;
let world: FuzzWorld;
let plausible: PlausibleValues;
let countRows: () => Promise<RowCounts>;
let sockets: WebSocketClients;

useTestHub(
  async (started, database) => {
    hub = started;
    world = await buildFuzzWorld(hub);
    // The outbox, polling and expiry workers change rows on their own; stopped, the counts around
    // each refused mutation change only if that mutation changed them.
    await Promise.all(hub.hub.services.workers.map((worker) => worker.stop()));
    plausible = new PlausibleValues(world);
    countRows = await rowCounter(database.handle.db);
    sockets = new WebSocketClients(hub.wsUrl);
  },
  {
    config: testConfig({
      // The limiter would answer RATE_LIMITED to most of a few hundred calls a second: fine by
      // SPEC §6, but then nothing deeper would be fuzzed.
      RATE_LIMIT_PER_SUBJECT: "1000000",
      RATE_LIMIT_PER_ORGANIZATION: "1000000",
      GUESS_LIMIT_PER_IP: "100000",
      ...fastOutbox,
    }),
  },
);
afterAll(() => sockets?.close());

const schema = await buildHubSchema();
const roots: Array<[OperationKind, GraphQLObjectType | null | undefined]> = [
  ["query", schema.getQueryType()],
  ["mutation", schema.getMutationType()],
  ["subscription", schema.getSubscriptionType()],
];
const fields = roots.flatMap(([kind, root]) => Object.values(root?.getFields() ?? {}).map((field) => ({ kind, field })));

/** Sends one call and returns what is wrong with its answer, if anything. */
async function problemsOf(call: FuzzCall, field: GraphQLField<unknown, unknown>): Promise<string[]> {
  const operation = operationOf(call, field);
  const before = call.kind === "mutation" ? await countRows() : undefined;
  const answer =
    call.transport === "http"
      ? await sendHttp(hub.url, operation, call.caller.authorization)
      : await sockets.send(operation, call.caller.authorization, call.kind === "subscription" ? SUBSCRIPTION_SETTLE_MS : 15_000);
  tally(call, answer);
  const problems = violationsOf(answer, [operation.query, ...textsOf(operation.variables)].join("\n"));
  if (before && refused(answer)) {
    // Audit entries and rate-limit counters are written on refusal by design (see row-counts.ts).
    const changed = changedTables(before, await countRows());
    if (changed.length > 0) problems.push(`the refused mutation changed rows: ${changed.join(", ")}`);
  }
  return problems;
}

/** Outcomes per field (FUZZ_STATS=1 prints them): which codes the calls reached, how many succeeded. */
const outcomes = new Map<string, Map<string, number>>();
function tally(call: FuzzCall, answer: Answer) {
  const codes = outcomes.get(call.field) ?? new Map<string, number>();
  const first = answer.errors[0]?.extensions?.code;
  const outcome = answer.closeCode !== undefined ? `close ${answer.closeCode}` : typeof first === "string" ? first : "OK";
  codes.set(outcome, (codes.get(outcome) ?? 0) + 1);
  outcomes.set(call.field, codes);
}
afterAll(() => {
  if (!process.env.FUZZ_STATS) return;
  for (const [field, codes] of outcomes) console.log(`${field}: ${[...codes].map(([code, n]) => `${code} ${n}`).join(", ")}`);
});

function refused(answer: Answer): boolean {
  return answer.errors.length > 0 || (answer.status ?? 200) >= 400 || answer.closeCode !== undefined;
}

/** Every string in a value, raw: what the client itself sent may come back in a coercion message. */
function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => [key, ...textsOf(item)]);
  return [];
}

describe(`fuzzing every root field with hostile input (seed ${SEED}, ${RUNS_PER_FIELD} calls each)`, () => {
  it.each(fields.map(({ kind, field }) => [`${kind} ${field.name}`, kind, field] as const))(
    "%s: a SPEC §6 client error or a result, and a refusal changes nothing",
    async (_name, kind, field) => {
      await fc.assert(
        fc.asyncProperty(callArbitrary(kind, field, world, plausible), async (call) => {
          const problems = await problemsOf(call, field);
          if (problems.length > 0) {
            const { query } = operationOf(call, field);
            throw new Error(`${problems.join("\n")}\nas ${call.caller.label} over ${call.transport}: ${query.slice(0, 500)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_FIELD, interruptAfterTimeLimit: 90_000 },
      );
    },
    150_000,
  );
});
