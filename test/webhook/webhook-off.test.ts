/**
 * Production without WEBHOOK_SECRETS_KEY (SPEC §8): the hub starts, says once in its log that
 * webhooks are off, records no messages, lists no endpoints, and refuses every webhook mutation
 * with FORBIDDEN and a message saying why.
 */
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { createTestDatabase } from "../support/database.js";
import { gql, ok } from "../support/graphql.js";
import { startTestHub, testConfig } from "../support/hub.js";
import { submitDossier } from "../support/dossier-factory.js";

it("in production without a secrets key, webhooks are off: FORBIDDEN with the reason, an empty list, no messages, one log line", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const database = await createTestDatabase();
  const hub = await startTestHub(database.handle, { config: testConfig({ NODE_ENV: "production" }), logger: createLogger("info", sink) });
  try {
    const partner = await hub.token({ role: "PARTNER_APP", org: "HN-PASC" });
    const answer = await gql(
      hub.url,
      `mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/", events: [DOSSIER_STATUS_CHANGED] }) { secret } }`,
      {},
      partner,
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(answer.errors?.[0]?.message).toMatch(/WEBHOOK_SECRETS_KEY/);
    expect((await ok(hub.url, `{ webhookEndpoints { id } }`, {}, partner)).webhookEndpoints).toEqual([]);

    await submitDossier(hub, await hub.token({ role: "CITIZEN" }));
    const [row] = await queryRows<{ n: number }>(database.handle.db, sql`select count(*)::int as n from webhook_deliveries`);
    expect(row!.n).toBe(0);
    expect(lines.filter((line) => line.includes("webhooks are off"))).toHaveLength(1);
  } finally {
    await hub.close();
    await database.close();
  }
});
