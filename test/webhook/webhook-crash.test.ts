/**
 * A hub killed with SIGKILL after the commit and before the attempt (SPEC §8): the message is in
 * the database with the change, and after a restart it arrives, with the webhook-id recorded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { expect, inject, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { loadOrCreateDevKeys, mintDevToken } from "../../src/auth/dev-keys.js";
import { queryRows } from "../../src/db/client.js";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";
import { ok } from "../support/graphql.js";
import { startTestHub, testConfig } from "../support/hub.js";
import { submitInput } from "../support/dossier-factory.js";
import { fastWebhooks, startReceiver, verified, waitUntil } from "./webhook-factory.js";

async function startChildHub(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = /(http:\/\/localhost:\d+\/graphql)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

describeWithPostgres("a hub killed between the commit and the attempt", () => {
  it("delivers the message after a restart, with the same webhook-id", { timeout: 90_000 }, async () => {
    const database = await createTestDatabase();
    const receiver = await startReceiver();
    const dataDir = mkdtempSync(join(inject("dataRoot"), "webhook-crash-"));
    // Its workers off: the change commits, and the process dies before any attempt could be made.
    const { child, url } = await startChildHub({
      DATABASE_URL: database.url!,
      HUB_DATA_DIR: dataDir,
      PORT: "0",
      NODE_ENV: "development",
      HUB_DEMO_DATA: "off",
      HUB_WORKERS: "off",
      LOG_LEVEL: "warn",
    });
    try {
      const keys = await loadOrCreateDevKeys(dataDir);
      const mint = (roles: string[], org?: string) => mintDevToken(keys, "hanoi-hub-dev", "hanoi-hub", { sub: `crash-${roles[0]}`, roles, org, ttlSeconds: 600 });
      const partner = await mint(["PARTNER_APP"], "HN-PASC");
      const { createWebhookEndpoint } = await ok(
        url,
        `mutation($url: String!) { createWebhookEndpoint(input: { url: $url, events: [DOSSIER_STATUS_CHANGED] }) { secret } }`,
        { url: receiver.url() },
        partner,
      );
      const { submitDossier } = await ok(url, `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`, { input: submitInput() }, await mint(["CITIZEN"]));
      const [recorded] = await queryRows<{ messageId: string; status: string }>(database.handle.db, sql`select message_id as "messageId", status from webhook_deliveries`);
      expect(recorded).toMatchObject({ status: "PENDING" });

      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      expect(receiver.received).toEqual([]);

      // The restart: the same deployment (database, data folder and its secrets key), workers on.
      const restarted = await startTestHub(await database.openAnother(), { config: testConfig({ ...fastWebhooks }, dataDir) });
      try {
        await waitUntil("the message", () => receiver.received.length >= 1);
        const message = receiver.received[0]!;
        expect(message.headers["webhook-id"]).toBe(recorded!.messageId);
        expect(verified(message, createWebhookEndpoint.secret).data).toMatchObject({ id: submitDossier.id, status: "SUBMITTED", sequence: 1 });
      } finally {
        await restarted.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await receiver.stop();
      await database.close();
    }
  });
});
