/**
 * What disables an endpoint (SPEC §8): a 410 Gone at once; failing without a success for
 * WEBHOOK_DISABLE_AFTER_SECONDS (set short here), with a reason; its pending deliveries end FAILED,
 * nothing new is recorded for it, test and redelivery are CONFLICT; turning it on clears the reason.
 */
import { describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { submitDossier } from "../support/dossier-factory.js";
import { createEndpoint, deliveriesOf, ENDPOINT_FIELDS, fastWebhooks, partnerToken, sendTest, receiversForFile, waitUntil } from "./webhook-factory.js";

let hub: TestHub;
let partner: string;
const receiverWith = receiversForFile();

useTestHub(
  async (started) => {
    hub = started;
    partner = await partnerToken(hub, "HN-PASC");
  },
  { config: testConfig({ ...fastWebhooks, WEBHOOK_RETRY_SCHEDULE_SECONDS: "1,1,1,1,1", WEBHOOK_DISABLE_AFTER_SECONDS: "2" }) },
);

const ENABLE = `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: true }) { ${ENDPOINT_FIELDS} } }`;

describe("disabling", () => {
  it("410 Gone disables the endpoint at once; its deliveries end FAILED; test and redelivery are CONFLICT; nothing new is recorded", async () => {
    const receiver = await receiverWith(() => 410);
    const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DOSSIER_STATUS_CHANGED"] });
    const first = await sendTest(hub, partner, endpoint.id);
    const log = await waitUntil("the endpoint disabled", async () => {
      const found = await deliveriesOf(hub, partner, endpoint.id);
      return found.enabled ? null : found;
    });
    expect(log.disabledReason).toMatch(/410/);
    expect(log.deliveries.nodes[0]).toMatchObject({ status: "FAILED", attempts: 1, lastResponseStatus: 410 });
    expect(receiver.received).toHaveLength(1);
    expect(await errorCode(hub.url, `mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, { id: endpoint.id }, partner)).toBe("CONFLICT");
    expect(await errorCode(hub.url, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: first.id }, partner)).toBe("CONFLICT");
    await submitDossier(hub, await hub.token({ role: "CITIZEN" }));
    expect((await deliveriesOf(hub, partner, endpoint.id)).deliveries.totalCount).toBe(1);

    // Turned on again: the reason is cleared, and messages flow.
    receiver.answer = () => 204;
    const enabled = (await ok(hub.url, ENABLE, { id: endpoint.id }, partner)).updateWebhookEndpoint;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null });
    const again = (await ok(hub.url, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { messageId status } }`, { id: first.id }, partner)).redeliverWebhook;
    expect(again.messageId).toBe(first.messageId);
    await waitUntil("the redelivery", () => receiver.received.length === 2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(first.messageId);
  });

  it("failing without a success for the disable window disables the endpoint with a reason, and ends its pending deliveries FAILED", async () => {
    const receiver = await receiverWith(() => 500);
    const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DOSSIER_STATUS_CHANGED"] });
    await sendTest(hub, partner, endpoint.id);
    await sendTest(hub, partner, endpoint.id);
    const log = await waitUntil("the endpoint disabled", async () => {
      const found = await deliveriesOf(hub, partner, endpoint.id);
      return found.enabled ? null : found;
    });
    expect(log.disabledReason).toMatch(/failed since/);
    expect(log.deliveries.nodes.map((d) => d.status)).toEqual(["FAILED", "FAILED"]);
    expect(log.deliveries.nodes.every((d) => d.nextAttemptAt === null)).toBe(true);

    const admin = await hub.token({ role: "ADMIN", org: "HN-PASC" });
    const trail = (await ok(hub.url, `query($id: ID!) { auditTrail(entity: "webhookEndpoint", entityId: $id) { nodes { action actorSubject } } }`, { id: endpoint.id }, admin)).auditTrail.nodes;
    expect(trail).toContainEqual({ action: "webhookEndpoint.disabled", actorSubject: null });

    const enabled = (await ok(hub.url, ENABLE, { id: endpoint.id }, partner)).updateWebhookEndpoint;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null });
  });
});
