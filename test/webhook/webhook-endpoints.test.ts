/**
 * Managing endpoints (SPEC §8): a PARTNER_APP its own organization's, ADMIN any; nobody else; a
 * foreign endpoint NOT_FOUND (null through node); event types by organization kind; at most 10;
 * secrets shown once and stored sealed; every change in the audit trail.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, type Database } from "../../src/db/client.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { createEndpoint, ENDPOINT_FIELDS, fastWebhooks, partnerToken } from "./webhook-factory.js";

let hub: TestHub;
let db: Database;
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
const LIST = `query($code: String) { webhookEndpoints(organizationCode: $code) { ${ENDPOINT_FIELDS} } }`;
const url = (n: number | string) => `https://hooks.example.com/hub/${n}`;

useTestHub(
  async (started, database) => {
    hub = started;
    db = database.handle.db;
  },
  { config: testConfig(fastWebhooks) },
);

describe("a partner application", () => {
  it("creates an endpoint for its own organization; the secret is whsec_ with at least 24 bytes, shown once, stored sealed", async () => {
    const partner = await partnerToken(hub, "TCB");
    const { endpoint, secret } = await createEndpoint(hub, partner, { url: url("tcb"), events: ["SECURITY_REGISTRATION_UPDATED", "DOSSIER_STATUS_CHANGED"], description: "core banking" });
    expect(endpoint).toMatchObject({ url: url("tcb"), description: "core banking", enabled: true, disabledReason: null, organization: { code: "TCB", kind: "BANK" } });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    const listed = (await ok(hub.url, LIST, {}, partner)).webhookEndpoints;
    expect(listed.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const stored = await queryRows<{ sealed: string }>(db, sql`select secret_sealed as sealed from webhook_endpoints`);
    for (const row of stored) expect(row.sealed).not.toContain(secret.slice(6));
    const { node } = await ok(hub.url, `query($id: ID!) { node(id: $id) { id ... on WebhookEndpoint { url } } }`, { id: endpoint.id }, partner);
    expect(node).toEqual({ id: endpoint.id, url: url("tcb") });
  });

  it("may subscribe only to what its organization's kind may receive", async () => {
    const bank = await partnerToken(hub, "AGRIBANK");
    const refused = await gql(hub.url, CREATE, { input: { url: url(1), events: ["DELIVERY_UPDATED"] } }, bank);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.events" });
    const registry = await partnerToken(hub, "HN-LRO");
    for (const events of [["SECURITY_REGISTRATION_UPDATED"], ["DOSSIER_STATUS_CHANGED"], ["CONSULT_BOOKING_CHANGED"], ["DELIVERY_UPDATED"]]) {
      expect(await errorCode(hub.url, CREATE, { input: { url: url(2), events } }, registry)).toBe("BAD_USER_INPUT");
    }
    const bar = await partnerToken(hub, "HBA");
    await createEndpoint(hub, bar, { url: url("hba"), events: ["CONSULT_BOOKING_CHANGED"] });
    const post = await partnerToken(hub, "VNPOST-HN");
    await createEndpoint(hub, post, { url: url("post"), events: ["DOSSIER_STATUS_CHANGED", "DELIVERY_UPDATED"] });
    expect(await errorCode(hub.url, CREATE, { input: { url: url(3), events: [] } }, post)).toBe("BAD_USER_INPUT");
  });

  it("has at most 10 endpoints: the eleventh is BAD_USER_INPUT", async () => {
    const partner = await partnerToken(hub, "BIDV");
    for (let i = 0; i < 10; i++) await createEndpoint(hub, partner, { url: url(`bidv-${i}`), events: ["SECURITY_REGISTRATION_UPDATED"] });
    expect(await errorCode(hub.url, CREATE, { input: { url: url("bidv-10"), events: ["SECURITY_REGISTRATION_UPDATED"] } }, partner)).toBe("BAD_USER_INPUT");
    expect((await ok(hub.url, LIST, {}, partner)).webhookEndpoints).toHaveLength(10);
  });

  it("cannot see or change another organization's endpoint: NOT_FOUND, null through node, absent from its list", async () => {
    const own = await partnerToken(hub, "VCB");
    const other = await partnerToken(hub, "TCB");
    const { endpoint } = await createEndpoint(hub, own, { url: url("vcb"), events: ["SECURITY_REGISTRATION_UPDATED"] });
    const id = endpoint.id;
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id }, other)).node).toBeNull();
    expect((await ok(hub.url, LIST, {}, other)).webhookEndpoints.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await ok(hub.url, LIST, { code: "VCB" }, other)).webhookEndpoints).toEqual([]);
    const mutations: Array<[string, Record<string, unknown>]> = [
      [`mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }`, { id }],
      [`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id }],
      [`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id }],
      [`mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, { id }],
    ];
    for (const [query, variables] of mutations) expect(await errorCode(hub.url, query, variables, other)).toBe("NOT_FOUND");
    expect(await errorCode(hub.url, CREATE, { input: { url: url(4), events: ["SECURITY_REGISTRATION_UPDATED"], organizationCode: "VCB" } }, other)).toBe("BAD_USER_INPUT");
  });

  it("updates, turns off and on (clearing the reason), and deletes; each change is in the audit trail", async () => {
    const partner = await partnerToken(hub, "HN-PASC");
    const { endpoint } = await createEndpoint(hub, partner, { url: url("center"), events: ["DOSSIER_STATUS_CHANGED"] });
    await db.execute(sql`update webhook_endpoints set enabled = false, disabled_reason = 'the endpoint answered 410 Gone' where url = ${url("center")}`);
    const update = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { ${ENDPOINT_FIELDS} } }`;
    const enabled = (await ok(hub.url, update, { id: endpoint.id, input: { enabled: true, events: ["DELIVERY_UPDATED"], url: url("center-2") } }, partner)).updateWebhookEndpoint;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, events: ["DELIVERY_UPDATED"], url: url("center-2") });
    const off = (await ok(hub.url, update, { id: endpoint.id, input: { enabled: false } }, partner)).updateWebhookEndpoint;
    expect(off).toMatchObject({ enabled: false, disabledReason: null });
    expect(await errorCode(hub.url, `mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, { id: endpoint.id }, partner)).toBe("CONFLICT");
    const rotated = (await ok(hub.url, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }`, { id: endpoint.id }, partner)).rotateWebhookSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect((await ok(hub.url, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: endpoint.id }, partner)).deleteWebhookEndpoint).toBe(true);
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id: endpoint.id }, partner)).node).toBeNull();

    const admin = await hub.token({ role: "ADMIN", org: "HN-PASC" });
    const trail = (await ok(hub.url, `query($id: ID!) { auditTrail(entity: "webhookEndpoint", entityId: $id, first: 50) { nodes { action outcome organizationCode } } }`, { id: endpoint.id }, admin))
      .auditTrail.nodes;
    expect(trail.map((entry: { action: string }) => entry.action)).toEqual([
      "createWebhookEndpoint",
      "updateWebhookEndpoint",
      "updateWebhookEndpoint",
      "sendTestWebhook",
      "rotateWebhookSecret",
      "deleteWebhookEndpoint",
    ]);
    expect(trail.find((entry: { action: string }) => entry.action === "sendTestWebhook").outcome).toBe("CONFLICT");
  });
});

describe("ADMIN", () => {
  it("manages any organization's endpoints and must name the organization when creating", async () => {
    const admin = await hub.token({ role: "ADMIN", org: "HN-PASC" });
    const missing = await gql(hub.url, CREATE, { input: { url: url("admin"), events: ["CONSULT_BOOKING_CHANGED"] } }, admin);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.organizationCode" });
    const { endpoint } = await createEndpoint(hub, admin, { url: url("law"), events: ["CONSULT_BOOKING_CHANGED"], organizationCode: "TRANANH-LAW" });
    expect(endpoint.organization).toEqual({ code: "TRANANH-LAW", kind: "LAW_FIRM" });
    const firm = (await ok(hub.url, LIST, { code: "TRANANH-LAW" }, admin)).webhookEndpoints;
    expect(firm.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    expect((await ok(hub.url, LIST, {}, admin)).webhookEndpoints.length).toBeGreaterThan(10);
    expect((await ok(hub.url, LIST, {}, await partnerToken(hub, "TRANANH-LAW"))).webhookEndpoints.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
  });
});

describe("everyone else", () => {
  it("a BANK_OFFICER, a LAWYER and a CITIZEN cannot manage or list endpoints", async () => {
    const tokens = [
      await hub.token({ role: "BANK_OFFICER", org: "VCB" }),
      await hub.token({ role: "LAWYER", org: "TRANANH-LAW", barNumber: "HBA-0001" }),
      await hub.token({ role: "CITIZEN" }),
    ];
    const { endpoint } = await createEndpoint(hub, await partnerToken(hub, "VCB"), { url: url("vcb-2"), events: ["SECURITY_REGISTRATION_UPDATED"] });
    for (const token of tokens) {
      expect(await errorCode(hub.url, LIST, {}, token)).toBe("FORBIDDEN");
      expect(await errorCode(hub.url, CREATE, { input: { url: url(5), events: ["SECURITY_REGISTRATION_UPDATED"] } }, token)).toBe("FORBIDDEN");
      expect(await errorCode(hub.url, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: endpoint.id }, token)).toBe("FORBIDDEN");
      expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id: endpoint.id }, token)).node).toBeNull();
    }
  });
});
