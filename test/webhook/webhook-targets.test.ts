/**
 * SSRF defence (SPEC §8): with the production settings, literal internal addresses (in any
 * spelling), localhost, credentials, other schemes and http: are refused at creation; a name is
 * checked at each attempt against what it resolves to then — one resolving to 127.0.0.1 or the
 * metadata address fails with `target address not allowed`, and the receiver there sees nothing.
 */
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { WebhookSender } from "../../src/services/webhook/webhook-sender.js";
import { isBlockedAddress } from "../../src/services/webhook/webhook-targets.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { gql } from "../support/graphql.js";
import { startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { createEndpoint, deliveriesOf, fastWebhooks, partnerToken, sendTest, startReceiver, waitUntil, type Receiver } from "./webhook-factory.js";

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;

/** Names the test's resolver knows: a partner's host that points inward. */
const names: Record<string, LookupAddress[]> = {
  "hooks.partner.test": [{ address: "127.0.0.1", family: 4 }],
  "metadata.partner.test": [{ address: "203.0.113.7", family: 4 }, { address: "169.254.169.254", family: 4 }],
  "mapped.partner.test": [{ address: "::ffff:127.0.0.1", family: 6 }],
};
const resolver = async (hostname: string) => {
  const found = names[hostname];
  if (!found) throw Object.assign(new Error(`unknown name ${hostname}`), { code: "ENOTFOUND" });
  return found;
};

let database: TestDatabase;
let strict: TestHub;
let receiver: Receiver;

beforeAll(async () => {
  database = await createTestDatabase();
  // The production defaults, except http: so a loopback receiver could be reached were the checks missing.
  strict = await startTestHub(database.handle, {
    config: testConfig({ ...fastWebhooks, WEBHOOK_ALLOW_PRIVATE_TARGETS: "false", WEBHOOK_ALLOW_HTTP: "true" }),
    webhookResolver: resolver,
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.stop();
  await strict?.close();
  await database?.close();
});

describe("the settings", () => {
  it("refuse http: and private targets by default in production, and allow both elsewhere", () => {
    const production = loadConfig({ NODE_ENV: "production" }).webhooks;
    expect(production).toMatchObject({ allowHttp: false, allowPrivateTargets: false, timeoutMs: 15_000, concurrencyPerEndpoint: 4, disableAfterMs: 432_000_000 });
    expect(production.retryScheduleMs).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000].map((s) => s * 1000));
    expect(loadConfig({ NODE_ENV: "development" }).webhooks).toMatchObject({ allowHttp: true, allowPrivateTargets: true });
    expect(() => loadConfig({ WEBHOOK_SECRETS_KEY: "short" })).toThrow(/WEBHOOK_SECRETS_KEY/);
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE_SECONDS: "5,soon" })).toThrow(/WEBHOOK_RETRY_SCHEDULE_SECONDS/);
  });
});

describe("at creation, with the production settings", () => {
  it("refuses internal literal addresses in any spelling, localhost, credentials, other schemes and http:", async () => {
    const production = await startTestHub(await database.openAnother().catch(() => database.handle), {
      config: testConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "false", WEBHOOK_ALLOW_HTTP: "false" }),
    });
    try {
      const partner = await partnerToken(production, "VCB");
      const refused = [
        "http://127.0.0.1/hooks",
        "https://localhost/hooks",
        "https://api.localhost/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://10.0.0.1/hooks",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
        "https://224.0.0.1/",
        "https://2130706433/", // 127.0.0.1 in decimal
        "https://0x7f.0.0.1/", // and in hex
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/", // 169.254.169.254, IPv4-mapped
        "https://[fd00::1]/",
        "https://[fe80::1]/",
        "https://user:secret@hooks.example.com/",
        "http://hooks.example.com/",
        "ftp://hooks.example.com/",
        "not a url",
        `https://hooks.example.com/${"a".repeat(2040)}`,
      ];
      for (const url of refused) {
        const answer = await gql(production.url, CREATE, { input: { url, events: ["SECURITY_REGISTRATION_UPDATED"] } }, partner);
        expect(answer.errors?.[0]?.extensions, url).toMatchObject({ code: "BAD_USER_INPUT", field: "input.url" });
      }
      const accepted = await gql(production.url, CREATE, { input: { url: "https://hooks.example.com/hub", events: ["SECURITY_REGISTRATION_UPDATED"] } }, partner);
      expect(accepted.errors).toBeUndefined();
    } finally {
      await production.close();
    }
  });

  it("knows internal addresses in their spellings", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "169.254.169.254", "100.127.255.255", "::", "::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "fc00::1", "fe80::1%eth0", "ff02::1", "255.255.255.255"]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ["203.0.113.7", "8.8.8.8", "2001:db8::1", "::ffff:8.8.8.8", "172.32.0.1", "100.128.0.1"]) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });
});

describe("at each attempt", () => {
  it("a name resolving to 127.0.0.1 or the metadata address fails with `target address not allowed`, and nothing reaches the receiver there", async () => {
    const partner = await partnerToken(strict, "VCB");
    for (const host of ["hooks.partner.test", "metadata.partner.test", "mapped.partner.test"]) {
      const { endpoint } = await createEndpoint(strict, partner, { url: `http://${host}:${receiver.port}/hooks`, events: ["SECURITY_REGISTRATION_UPDATED"] });
      await sendTest(strict, partner, endpoint.id);
      const attempted = await waitUntil(`an attempt to ${host}`, async () => (await deliveriesOf(strict, partner, endpoint.id)).deliveries.nodes.find((d) => d.attempts >= 1));
      expect(attempted).toMatchObject({ lastError: "target address not allowed", lastResponseStatus: null });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toEqual([]);
  });
});

describe("the sender's lookup", () => {
  it("connects to the address it checked when the rules allow it (the same path, allowed)", async () => {
    const sender = new WebhookSender({ rules: { allowHttp: true, allowPrivateTargets: true }, resolver, timeoutMs: 2_000 });
    const before = receiver.received.length;
    const outcome = await sender.send(`http://hooks.partner.test:${receiver.port}/hooks`, [`whsec_${Buffer.alloc(24, 7).toString("base64")}`], {
      messageId: "msg_lookup",
      body: "{}",
    });
    expect(outcome).toEqual({ ok: true, responseStatus: 204, error: null });
    expect(receiver.received.length).toBe(before + 1);
    const unknown = await sender.send("http://nowhere.partner.test/", ["whsec_" + Buffer.alloc(24).toString("base64")], { messageId: "msg_x", body: "{}" });
    expect(unknown).toEqual({ ok: false, responseStatus: null, error: "host not found" });
  });
});
