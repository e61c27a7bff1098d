/**
 * A rolling restart (issue 12): the hub runs as a child process on PostgreSQL; with a burst of
 * requests in flight — some waiting on a slowed land registry — and a subscription open, it gets
 * SIGTERM twice. Every request is answered 200 with its data, /readyz says 503 meanwhile, the
 * WebSocket is closed with 1001 (going away) so graphql-ws clients reconnect elsewhere, and the
 * process exits 0 — the second signal changes nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { inject, expect, it } from "vitest";
import WebSocket from "ws";
import { projectRoot } from "../../src/config.js";
import { loadOrCreateDevKeys, mintDevToken } from "../../src/auth/dev-keys.js";
import { loadBundledLandBook } from "../../src/integrations/land-registry/land-book.js";
import { startLandRegistrySimulator } from "../../src/integrations/land-registry/simulator.js";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";

async function startChildHub(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const found = /(http:\/\/localhost:\d+\/graphql)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

describeWithPostgres("SIGTERM to a hub serving requests and a subscription", () => {
  it("answers everything in flight, says not ready, closes sockets with 1001, and exits 0", { timeout: 90_000 }, async () => {
    const database = await createTestDatabase();
    const registry = await startLandRegistrySimulator({ token: "registry-token" });
    const dataDir = mkdtempSync(join(inject("dataRoot"), "drain-"));
    const { child, url, output } = await startChildHub({
      DATABASE_URL: database.url!,
      HUB_DATA_DIR: dataDir,
      PORT: "0",
      NODE_ENV: "development",
      HUB_DEMO_DATA: "off",
      LOG_LEVEL: "info",
      LAND_REGISTRY_URL: registry.url,
      LAND_REGISTRY_TOKEN: "registry-token",
      SHUTDOWN_GRACE_SECONDS: "8",
      SHUTDOWN_READINESS_DELAY_MS: "1500",
    });
    try {
      const keys = await loadOrCreateDevKeys(dataDir);
      const token = await mintDevToken(keys, "hanoi-hub-dev", "hanoi-hub", { sub: "bank-drain", roles: ["BANK_OFFICER"], org: "VCB", ttlSeconds: 600 });
      const post = (query: string, variables: Record<string, unknown> = {}) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) }).then(
          async (response) => ({ status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } }),
        );
      const serial = loadBundledLandBook().parcels[0]!.certificateSerial;
      expect((await post(`{ procedures { code } }`)).status).toBe(200);

      // A subscriber, on the raw protocol so the close code is seen as it comes.
      const closed = new Promise<number>((resolve) => {
        const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
        socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
        socket.on("message", (data) => {
          if (JSON.parse(String(data)).type === "connection_ack") {
            socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { securityRegistrationUpdated { id } }" } }));
          }
        });
        socket.on("close", (code) => resolve(code));
      });

      registry.faults.latencyMs = 2_000;
      const burst = [
        ...Array.from({ length: 40 }, () => post(`{ procedures { code name } dossiers(first: 10) { totalCount } }`)),
        ...Array.from({ length: 8 }, () => post(`query($s: String!) { landParcel(certificateSerial: $s) { certificateSerial areaM2 } }`, { s: serial })),
      ];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill("SIGTERM"); // a second signal starts no second shutdown

      const readiness = await fetch(url.replace("/graphql", "/readyz"));
      expect(readiness.status).toBe(503);

      const answers = await Promise.all(burst);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      for (const answer of answers) {
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data).toBeTruthy();
      }
      expect([1001, 1012]).toContain(await closed);
      expect(await exited).toBe(0);
      expect(output()).toContain("draining");
      expect(output()).toContain("already draining");
    } finally {
      child.kill("SIGKILL");
      await registry.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
