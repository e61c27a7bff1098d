/**
 * A real hub for a test file: listening on a free port, on the file's own database, in
 * development auth mode with a key pair in a temporary folder. `token()` mints tokens it accepts.
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { loadConfig, type HubConfig } from "../../src/config.js";
import { loadOrCreateDevKeys, mintDevToken } from "../../src/auth/dev-keys.js";
import type { Role } from "../../src/auth/roles.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { startHub, type Hub } from "../../src/server/hub.js";
import { connectPartners, type Partners, type SimulatorSettings } from "../../src/server/partners.js";
import type { HostResolver } from "../../src/services/webhook/index.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

interface TokenRequest {
  role: Role | Role[];
  org?: string;
  branch?: string;
  sub?: string;
  barNumber?: string;
  ttlSeconds?: number;
}

export type MintToken = (request: TokenRequest) => Promise<string>;

export function testConfig(overrides: Record<string, string> = {}, dataDir?: string): HubConfig {
  return loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HUB_DATA_DIR: dataDir ?? mkdtempSync(join(inject("dataRoot"), "hub-")),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // Tests close hundreds of hubs; the drain's readiness window is tested where it matters.
    SHUTDOWN_READINESS_DELAY_MS: "0",
    ...overrides,
  });
}

export function tokenMinter(config: HubConfig): MintToken {
  if (config.auth.mode !== "development") throw new Error("tokenMinter needs development auth");
  const { issuer, audience } = config.auth;
  const keys = loadOrCreateDevKeys(config.dataDir);
  let counter = 0;
  return async (request) => {
    const roles = Array.isArray(request.role) ? request.role : [request.role];
    return mintDevToken(await keys, issuer, audience, {
      sub: request.sub ?? `${roles[0]!.toLowerCase()}-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
      roles,
      org: request.org,
      branch: request.branch,
      barNumber: request.barNumber,
      ttlSeconds: request.ttlSeconds ?? 3600,
    });
  };
}

export interface TestHub {
  hub: Hub;
  partners: Partners;
  url: string;
  wsUrl: string;
  config: HubConfig;
  token: MintToken;
  close(): Promise<void>;
}

/**
 * Starts a hub on `database` with the bundled simulators (shipments advance only when a test says so).
 * Hubs started with the same `config` share its dev keys, so tokens work on both.
 */
export async function startTestHub(
  database: DatabaseHandle,
  options: {
    config?: HubConfig;
    now?: () => Date;
    partners?: Partners;
    simulators?: SimulatorSettings;
    logger?: Logger;
    webhookResolver?: HostResolver;
  } = {},
): Promise<TestHub> {
  const config = options.config ?? testConfig();
  const partners = options.partners ?? (await connectPartners(config, { postAutoAdvance: false, ...options.simulators }));
  const hub = await startHub({
    config,
    database,
    logger: options.logger ?? createLogger(config.logLevel),
    now: options.now,
    partners,
    webhookResolver: options.webhookResolver,
  });
  return {
    hub,
    partners,
    url: hub.url,
    wsUrl: hub.url.replace(/^http/, "ws"),
    config,
    token: config.auth.mode === "development" ? tokenMinter(config) : () => Promise.reject(new Error("this hub uses an identity provider")),
    async close() {
      await hub.close();
      // Partners passed in belong to the caller (e.g. shared by two hubs).
      if (!options.partners) await partners.close();
    },
  };
}

/**
 * The usual test file: its own database and one hub on it for the whole file, handed to `ready`
 * before the tests run and closed after them.
 */
export function useTestHub(
  ready: (hub: TestHub, database: TestDatabase) => void | Promise<void>,
  options: Parameters<typeof startTestHub>[1] = {},
): void {
  let database: TestDatabase | undefined;
  let hub: TestHub | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await startTestHub(database.handle, options);
    await ready(hub, database);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });
}

/**
 * A second instance of the same deployment on the same database, through a connection of its own:
 * same config (keys, data folder, link secret) and the same partner simulators.
 */
export async function startSecondInstance(first: TestHub, database: TestDatabase): Promise<TestHub> {
  return startTestHub(await database.openAnother(), { config: first.config, partners: first.partners });
}

/** Like useTestHub, with a second instance of the same deployment on the same database (PostgreSQL). */
export function useTwoInstances(ready: (first: TestHub, second: TestHub) => void | Promise<void>): void {
  let database: TestDatabase | undefined;
  let first: TestHub | undefined;
  let second: TestHub | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestHub(database.handle);
    second = await startSecondInstance(first, database);
    await ready(first, second);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.close();
  });
}
