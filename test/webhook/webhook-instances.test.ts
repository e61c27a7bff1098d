/**
 * Never lost, never doubled (SPEC §8): two instances on one database, a healthy receiver, 50
 * changes made through both — 50 messages, none twice.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { startSecondInstance, startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { submitDossier } from "../support/dossier-factory.js";
import { createEndpoint, fastWebhooks, partnerToken, startReceiver, verified, waitUntil, type Receiver } from "./webhook-factory.js";

describeWithPostgres("two instances on one database", () => {
  let database: TestDatabase;
  let first: TestHub;
  let second: TestHub;
  let receiver: Receiver;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestHub(database.handle, { config: testConfig(fastWebhooks) });
    second = await startSecondInstance(first, database);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.stop();
    await second?.close();
    await first?.close();
    await database?.close();
  });

  it("50 changes through both: 50 messages, none twice", { timeout: 60_000 }, async () => {
    const { secret } = await createEndpoint(first, await partnerToken(first, "HN-PASC"), { url: receiver.url(), events: ["DOSSIER_STATUS_CHANGED"] });
    const citizen = await first.token({ role: "CITIZEN" });
    const submitted = await Promise.all(Array.from({ length: 50 }, (_, i) => submitDossier(i % 2 === 0 ? first : second, citizen)));
    await waitUntil("50 messages", () => receiver.received.length >= 50, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for a double to show
    expect(receiver.received).toHaveLength(50);
    const ids = receiver.received.map((message) => String(message.headers["webhook-id"]));
    expect(new Set(ids).size).toBe(50);
    const dossiers = receiver.received.map((message) => verified(message, secret).data.id);
    expect(new Set(dossiers)).toEqual(new Set(submitted.map((dossier) => dossier.id)));
  });
});
