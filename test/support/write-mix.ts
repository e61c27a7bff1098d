/**
 * A partner's load test in miniature (issue 16): many clients at once, each looping over a mix of
 * submitting, receiving, moving and registering dossiers and reading them, spread over the hubs
 * given. Every request has a deadline; the report counts what went unanswered and every error a
 * rule does not explain (races between clients make CONFLICT and INVALID_TRANSITION normal).
 */
import { randomUUID } from "node:crypto";
import { submitInput } from "./dossier-factory.js";
import type { TestHub } from "./hub.js";
import { freshParcel, registerInput } from "../registration/registration-factory.js";

export interface MixReport {
  answered: number;
  /** Requests with no answer before their deadline. */
  unanswered: number;
  /** Errors no rule explains, e.g. "submit: INTERNAL_SERVER_ERROR". */
  unexpected: string[];
  byAction: Record<string, number>;
}

/** What a rule may answer to a client that raced another for the same dossier. */
const RULE_CODES = new Set(["CONFLICT", "INVALID_TRANSITION"]);

interface Tokens {
  citizen: string;
  clerk: string;
  staff: string;
  bank: string;
}

type Action = (hub: TestHub, tokens: Tokens, work: WorkQueues) => Promise<{ errors?: Array<{ extensions: { code: string } }> } | undefined>;

interface WorkQueues {
  submitted: string[];
  received: string[];
  inProcessing: string[];
  codes: Array<{ id: string; code: string; phoneLast4: string }>;
}

export async function runWriteMix(options: { hubs: TestHub[]; clients: number; seconds: number; deadlineMs?: number }): Promise<MixReport> {
  const { hubs, clients, seconds } = options;
  const deadlineMs = options.deadlineMs ?? 20_000;
  const first = hubs[0]!;
  const tokens: Tokens = {
    citizen: await first.token({ role: "CITIZEN" }),
    clerk: await first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" }),
    staff: await first.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }),
    bank: await first.token({ role: "BANK_OFFICER", org: "VCB" }),
  };
  const work: WorkQueues = { submitted: [], received: [], inProcessing: [], codes: [] };
  const report: MixReport = { answered: 0, unanswered: 0, unexpected: [], byAction: {} };
  const until = Date.now() + seconds * 1000;

  const client = async (index: number) => {
    for (let round = 0; Date.now() < until; round++) {
      const hub = hubs[(index + round) % hubs.length]!;
      const [name, action] = pick(index + round);
      report.byAction[name] = (report.byAction[name] ?? 0) + 1;
      try {
        const answer = await withDeadline(action(hub, tokens, work), deadlineMs);
        report.answered++;
        for (const error of answer?.errors ?? []) {
          if (!RULE_CODES.has(error.extensions.code)) report.unexpected.push(`${name}: ${error.extensions.code}`);
        }
      } catch (error) {
        if (error === TIMED_OUT) report.unanswered++;
        else report.unexpected.push(`${name}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return report;
}

const TIMED_OUT = Symbol("timed out");

function withDeadline<T>(pending: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(TIMED_OUT), ms)));
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

async function call(hub: TestHub, token: string | undefined, query: string, variables: Record<string, unknown>) {
  const response = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> };
}

const actions: Record<string, Action> = {
  async submit(hub, tokens, work) {
    const input = submitInput();
    const answer = await call(hub, tokens.citizen, `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id code } }`, { input });
    if (answer.data?.submitDossier) {
      work.submitted.push(answer.data.submitDossier.id);
      work.codes.push({ ...answer.data.submitDossier, phoneLast4: input.applicant.phone.slice(-4) });
    }
    return answer;
  },
  async receive(hub, tokens, work) {
    const id = work.submitted.shift();
    if (!id) return actions.submit!(hub, tokens, work);
    const answer = await call(hub, tokens.clerk, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B01") { id } }`, { id });
    if (!answer.errors) work.received.push(id);
    return answer;
  },
  async transition(hub, tokens, work) {
    const processing = work.inProcessing.shift();
    const id = processing ?? work.received.shift();
    if (!id) return actions.read!(hub, tokens, work);
    const to = processing ? "APPROVED" : "IN_PROCESSING";
    const answer = await call(hub, tokens.staff, `mutation($id: ID!, $to: DossierStatus!) { transitionDossier(id: $id, to: $to) { id } }`, { id, to });
    if (!answer.errors && to === "IN_PROCESSING") work.inProcessing.push(id);
    return answer;
  },
  async register(hub, tokens) {
    const input = registerInput(freshParcel());
    return call(
      hub,
      tokens.bank,
      `mutation($input: RegisterSecurityInput!, $key: String!) { registerSecurity(input: $input, idempotencyKey: $key) { id status } }`,
      { input, key: randomUUID() },
    );
  },
  async read(hub, tokens, work) {
    const known = work.codes[Math.floor(Math.random() * work.codes.length)];
    if (known && Math.random() < 0.5) {
      return call(hub, undefined, `query($code: String!, $last4: String!) { trackDossier(code: $code, phoneLast4: $last4) { status } }`, {
        code: known.code,
        last4: known.phoneLast4,
      });
    }
    return call(hub, tokens.staff, `{ dossiers(first: 20) { nodes { id code status procedure { code } branch { code } } totalCount } }`, {});
  },
};

const weighted: Array<[string, Action]> = (
  [
    ["submit", 3],
    ["receive", 2],
    ["transition", 2],
    ["register", 1],
    ["read", 3],
  ] as const
).flatMap(([name, weight]) => Array<[string, Action]>(weight).fill([name, actions[name]!]));

function pick(turn: number): [string, Action] {
  return weighted[turn % weighted.length]!;
}
