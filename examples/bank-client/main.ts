/**
 * The bank example on @hanoi-hub/client (see docs/bank-integrators.md §9):
 *
 *   npm start                                                   # in another terminal
 *   export BANK_TOKEN=$(npm run --silent token -- --role BANK_OFFICER --org VCB)
 *   npx tsx examples/bank-client/main.ts [--url http://localhost:4000/graphql] [--release]
 *
 * The default parcel and mortgagor come from the bundled simulator's land book; against the real
 * registry pass --parcel, --mortgagor-name, --mortgagor-id and --mortgagor-address.
 *
 * With --webhook-port and BANK_WEBHOOK_SECRET it also listens for the hub's webhooks and prints the
 * decisions that arrive there. Register the endpoint once with the bank's PARTNER_APP token
 * (CreateWebhookEndpoint with url http://127.0.0.1:<port>/ and events [SECURITY_REGISTRATION_UPDATED];
 * development allows http and loopback, see docs/webhooks.md) and pass the secret its answer holds.
 * test/client/partner-app-operations.test.ts runs exactly that against a hub.
 */
import { parseArgs } from "node:util";
import { createHubClient } from "@hanoi-hub/client";
import { runBankFlow } from "./bank-flow.js";
import { startWebhookReceiver } from "./webhook-receiver.js";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:4000/graphql" },
    token: { type: "string" },
    parcel: { type: "string", default: "CT 441141" },
    "mortgagor-name": { type: "string", default: "Pham Thi Linh" },
    "mortgagor-id": { type: "string", default: "001177161517" },
    "mortgagor-address": { type: "string", default: "18 Phuc Dong street, Phuc Dong ward, Long Bien district, Ha Noi" },
    release: { type: "boolean", default: false },
    "webhook-port": { type: "string" },
  },
});
// The environment is this script's own configuration, not the hub's.
const token = values.token ?? process.env.BANK_TOKEN;
if (!token) {
  console.error("Give a bank officer's token: BANK_TOKEN=… or --token …");
  process.exit(1);
}

const hub = createHubClient({
  url: values.url,
  token,
  onRetry: ({ attempt, delayMs, error, idempotencyKey }) =>
    console.log(`  attempt ${attempt}: ${error.code}; retrying in ${delayMs} ms${idempotencyKey ? ` with the same key ${idempotencyKey}` : ""}`),
});

const webhookSecret = process.env.BANK_WEBHOOK_SECRET;
const receiver =
  values["webhook-port"] && webhookSecret
    ? await startWebhookReceiver(Number(values["webhook-port"]), {
        secrets: [webhookSecret],
        onRegistrationUpdated: (update) => console.log(`  webhook: ${update.id} ${update.status} ${update.registrationNumber ?? ""}`),
      })
    : undefined;

try {
  await runBankFlow(hub, {
    certificateSerial: values.parcel,
    mortgagor: { kind: "INDIVIDUAL", fullName: values["mortgagor-name"], idNumber: values["mortgagor-id"], address: values["mortgagor-address"] },
    release: values.release,
  });
} catch (error) {
  // A HubError says which code; after NETWORK_ERROR its idempotencyKey lets a later run retry safely.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await hub.close();
  receiver?.close();
}
