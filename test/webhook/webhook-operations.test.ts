/**
 * Operating webhooks: /metrics counts attempts by outcome and the pending backlog per endpoint; the
 * delivery log is forgotten after RETENTION_HOURS like the idempotency records (pending deliveries stay).
 */
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { queryRows, type Database } from "../../src/db/client.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { createEndpoint, fastWebhooks, partnerToken, sendTest, startReceiver, waitUntil, type Receiver } from "./webhook-factory.js";

let hub: TestHub;
let db: Database;
let receiver: Receiver;

useTestHub(
  async (started, database) => {
    hub = started;
    db = database.handle.db;
    receiver = await startReceiver((n) => (n === 0 ? 500 : 204));
  },
  { config: testConfig({ ...fastWebhooks, RETENTION_HOURS: "24", RETENTION_SWEEP_SECONDS: "1" }) },
);
afterAll(() => receiver.stop());

it("counts attempts by outcome and the backlog per endpoint at /metrics", async () => {
  const partner = await partnerToken(hub, "VNPOST-HN");
  const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
  await sendTest(hub, partner, endpoint.id);
  await waitUntil("a success after a failure", () => receiver.received.length >= 2);
  await waitUntil("the attempts counted", async () => {
    const text = await (await fetch(hub.url.replace(/\/graphql$/, "/metrics"))).text();
    return /hub_webhook_attempts_total\{outcome="success"\} 1/.test(text) && /hub_webhook_attempts_total\{outcome="http_error"\} 1/.test(text);
  });
  const dead = await createEndpoint(hub, partner, { url: "http://127.0.0.1:9/", events: ["DELIVERY_UPDATED"] });
  await sendTest(hub, partner, dead.endpoint.id);
  const text = await (await fetch(hub.url.replace(/\/graphql$/, "/metrics"))).text();
  expect(text).toContain(`hub_webhook_backlog{endpoint="${dead.endpoint.id}"} 1`);
});

it("forgets finished deliveries older than the retention; pending and younger ones stay", async () => {
  const partner = await partnerToken(hub, "HN-PASC");
  const { endpoint } = await createEndpoint(hub, partner, { url: receiver.url(), events: ["DELIVERY_UPDATED"] });
  const [old, pending, young] = [await sendTest(hub, partner, endpoint.id), await sendTest(hub, partner, endpoint.id), await sendTest(hub, partner, endpoint.id)];
  const uuid = (id: string) => Buffer.from(id, "base64url").toString("utf8").split(":")[1]!;
  await waitUntil("all three sent", async () => (await queryRows(db, sql`select 1 from webhook_deliveries where status = 'SUCCEEDED' and id in (${uuid(old.id)}, ${uuid(pending.id)}, ${uuid(young.id)})`)).length === 3);
  await db.execute(sql`update webhook_deliveries set created_at = now() - interval '25 hours' where id in (${uuid(old.id)}, ${uuid(pending.id)})`);
  await db.execute(sql`update webhook_deliveries set status = 'PENDING', next_attempt_at = now() + interval '1 day' where id = ${uuid(pending.id)}`);
  await expect.poll(async () => (await queryRows(db, sql`select 1 from webhook_deliveries where id = ${uuid(old.id)}`)).length, { timeout: 5_000 }).toBe(0);
  expect(await queryRows(db, sql`select 1 from webhook_deliveries where id in (${uuid(pending.id)}, ${uuid(young.id)})`)).toHaveLength(2);
});
