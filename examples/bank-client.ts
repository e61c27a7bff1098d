/**
 * A bank's integration with the Hanoi partner hub, end to end: look up a parcel, register a
 * mortgage over it, follow it by subscription until the land registry decides, and (with
 * --release) deregister it again. See docs/bank-integrators.md.
 *
 *   npm start                                                   # in another terminal
 *   export BANK_TOKEN=$(npm run --silent token -- --role BANK_OFFICER --org VCB)
 *   npx tsx examples/bank-client.ts [--url http://localhost:4000/graphql] [--release]
 *
 * The default parcel and mortgagor come from the bundled simulator's land book; against the real
 * registry pass --parcel, --mortgagor-name, --mortgagor-id and --mortgagor-address.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:4000/graphql" },
    token: { type: "string" },
    parcel: { type: "string", default: "CT 441141" },
    "mortgagor-name": { type: "string", default: "Pham Thi Linh" },
    "mortgagor-id": { type: "string", default: "001177161517" },
    "mortgagor-address": { type: "string", default: "18 Phuc Dong street, Phuc Dong ward, Long Bien district, Ha Noi" },
    release: { type: "boolean", default: false },
  },
});
// The environment is this script's own configuration, not the hub's.
const token = values.token ?? process.env.BANK_TOKEN;
if (!token) {
  console.error("Give a bank officer's token: BANK_TOKEN=… or --token …");
  process.exit(1);
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

class HubRequestError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

/** One GraphQL request over HTTP; a GraphQL error becomes a HubRequestError carrying its code. */
async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(values.url!, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status >= 500) throw new HubRequestError("HTTP_" + response.status, "the hub is unavailable");
  const body = (await response.json()) as { data?: T; errors?: GraphQLError[] };
  const error = body.errors?.[0];
  if (error) throw new HubRequestError(error.extensions?.code ?? "UNKNOWN", error.message);
  return body.data!;
}

/**
 * Mutations are retried with the SAME idempotency key after a network failure, a 5xx, RATE_LIMITED
 * or UPSTREAM_UNAVAILABLE: the hub answers the first result, never registers twice.
 */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const code = error instanceof HubRequestError ? error.code : "NETWORK";
      const retryable = code === "NETWORK" || code.startsWith("HTTP_5") || code === "RATE_LIMITED" || code === "UPSTREAM_UNAVAILABLE";
      if (!retryable || n === 5) throw error;
      const delay = Math.min(30_000, 500 * 2 ** n) * (0.5 + Math.random() / 2);
      console.log(`  ${code}; retrying in ${Math.round(delay)} ms with the same idempotency key`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const REGISTRATION = `id status kind registrationNumber registeredAt priorityRank rejectionReason
  dossier { code status dueAt } history { sequence status at note }`;

type Registration = { id: string; status: string; registrationNumber: string | null; priorityRank: number | null; rejectionReason: string | null; dossier: { code: string } };
const FINAL = new Set(["REGISTERED", "REJECTED", "SUPPLEMENT_REQUESTED", "DEREGISTERED"]);

const ws = createClient({
  url: values.url!.replace(/^http/, "ws"),
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
});

/**
 * The bank-wide subscription, opened before anything is lodged so no update can slip by. It keeps
 * the latest update of every registration, because the registry may decide before the mutation's
 * answer (and with it the new registration's id) reaches this client.
 */
function followBank() {
  const latest = new Map<string, Registration>();
  let failure: unknown;
  let waiting: { id: string; resolve: (registration: Registration) => void; reject: (error: unknown) => void } | undefined;
  const fail = (error: unknown) => {
    failure = error;
    waiting?.reject(error);
  };
  const settle = () => {
    const update = waiting && latest.get(waiting.id);
    if (update && FINAL.has(update.status)) {
      waiting!.resolve(update);
      waiting = undefined;
    }
  };
  ws.subscribe<{ securityRegistrationUpdated: Registration }>(
    { query: `subscription { securityRegistrationUpdated { ${REGISTRATION} } }` },
    {
      next: ({ data, errors }) => {
        if (errors) return fail(new Error(errors[0]!.message));
        const update = data!.securityRegistrationUpdated;
        latest.set(update.id, update);
        if (update.id === waiting?.id) console.log(`  update: ${update.status}${update.registrationNumber ? ` ${update.registrationNumber}` : ""}`);
        settle();
      },
      error: fail,
      complete: () => {},
    },
  );
  return {
    /** Resolves with the registration once it reaches a final status. */
    decided(lodged: Registration): Promise<Registration> {
      if (FINAL.has(lodged.status)) return Promise.resolve(lodged);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting = { id: lodged.id, resolve, reject };
        settle();
      });
    },
  };
}

async function main() {
  const { viewer } = await request<{ viewer: { organization: { code: string } | null } }>(`{ viewer { organization { code } } }`);
  console.log(`Bank: ${viewer.organization?.code}`);

  const { landParcel } = await request<{ landParcel: any }>(
    `query($serial: String!) { landParcel(certificateSerial: $serial) {
      certificateSerial parcelNumber mapSheetNumber province district ward address areaM2 landUsePurpose
      encumbrances { registrationNumber priorityRank mortgagee { code } } } }`,
    { serial: values.parcel },
  );
  if (!landParcel) throw new Error(`The land registry has no parcel ${values.parcel}`);
  console.log(`Parcel ${landParcel.certificateSerial}: ${landParcel.address}, ${landParcel.encumbrances.length} security(ies) registered`);
  const { encumbrances, ...parcel } = landParcel;

  // Subscribe before registering, so no update can slip by between the two.
  const follow = followBank();
  await new Promise((resolve) => setTimeout(resolve, 200));

  const idempotencyKey = randomUUID(); // one per operation, kept until it has an answer
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const input = {
    mortgagors: [{ kind: "INDIVIDUAL", fullName: values["mortgagor-name"], idNumber: values["mortgagor-id"], address: values["mortgagor-address"] }],
    parcels: [parcel],
    obligation: { contractNumber: `HDTD-${today}`, contractDate: today, amount: "1500000000", currency: "VND" },
    securityContractNumber: `HDTC-${today}`,
    securityContractDate: today,
    resultDelivery: "ELECTRONIC",
  };
  const { registerSecurity } = await withRetries(() =>
    request<{ registerSecurity: Registration }>(
      `mutation($input: RegisterSecurityInput!, $key: String!) { registerSecurity(input: $input, idempotencyKey: $key) { ${REGISTRATION} } }`,
      { input, key: idempotencyKey },
    ),
  );
  const registrationId = registerSecurity.id;
  console.log(`Lodged: dossier ${registerSecurity.dossier.code}, status ${registerSecurity.status}`);

  const decided = await follow.decided(registerSecurity);
  if (decided.status !== "REGISTERED") {
    console.log(`Not registered: ${decided.status} — ${decided.rejectionReason}`);
    return;
  }
  const { securityRegistration } = await request<{ securityRegistration: Registration }>(
    `query($id: ID!) { securityRegistration(id: $id) { ${REGISTRATION} } }`,
    { id: registrationId },
  );
  console.log(`Registered as ${securityRegistration.registrationNumber}, priority rank ${securityRegistration.priorityRank}`);

  if (values.release) {
    const { deregisterSecurity } = await withRetries(() =>
      request<{ deregisterSecurity: Registration }>(
        `mutation($id: ID!, $key: String!) { deregisterSecurity(id: $id, reason: "Loan repaid", idempotencyKey: $key) { ${REGISTRATION} } }`,
        { id: registrationId, key: `release-${idempotencyKey}` },
      ),
    );
    const released = await follow.decided(deregisterSecurity);
    console.log(`Release ${released.status}${released.registrationNumber ? ` as ${released.registrationNumber}` : ""}`);
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => ws.dispose());
