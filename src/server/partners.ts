/**
 * The hub's three partner systems, each reached over HTTP through its adapter. A partner whose
 * URL is not configured is replaced by its bundled simulator on loopback (SPEC §3), so the same
 * adapter code runs in development, tests and production.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { HubConfig } from "../config.js";
import { createBarRosterClient, type BarRosterClient } from "../integrations/bar-roster/client.js";
import { fetchSimulatedRoster, startBarRosterSimulator, type BarRosterSimulator } from "../integrations/bar-roster/simulator.js";
import type { RosterMember } from "../integrations/bar-roster/types.js";
import { createLandRegistryClient, type LandRegistryClient } from "../integrations/land-registry/client.js";
import { startLandRegistrySimulator, type LandRegistrySimulator } from "../integrations/land-registry/simulator.js";
import { PartnerCalls } from "../integrations/partner-calls.js";
import { createPostClient, type PostClient } from "../integrations/post/client.js";
import { startPostSimulator, type PostSimulator } from "../integrations/post/simulator.js";

export interface Partners {
  /** Every call to the three, bounded per partner and observed (/metrics). */
  calls: PartnerCalls;
  landRegistry: LandRegistryClient;
  post: PostClient;
  barRoster: BarRosterClient;
  /** The whole roster — only the bundled simulator can list it (demo provisioning). */
  listRoster?: () => Promise<RosterMember[]>;
  /** The secret the post signs its webhooks with (the configured one, or the simulator's). */
  postWebhookSecret: string;
  /** The bundled simulators that were started (none for a partner whose URL is configured). */
  simulators: {
    landRegistry?: LandRegistrySimulator;
    post?: PostSimulator;
    barRoster?: BarRosterSimulator;
  };
  close(): Promise<void>;
}

export interface SimulatorSettings {
  /** Post simulator: how often a shipment moves one step (default one minute). */
  postStepMs?: number;
  postAutoAdvance?: boolean;
}

export async function connectPartners(config: HubConfig, settings: SimulatorSettings = {}): Promise<Partners> {
  const timeoutMs = config.partnerTimeoutMs;
  const calls = new PartnerCalls(config.partnerConcurrency);
  const simulators: Partners["simulators"] = {};

  let landRegistryUrl = config.landRegistry.url;
  if (!landRegistryUrl) {
    // Kept beside the hub's own data: a hub restarted over it finds its registrations known to the registry.
    simulators.landRegistry = await startLandRegistrySimulator({
      token: config.landRegistry.token,
      stateFile: join(config.dataDir, "land-registry-simulator.json"),
    });
    landRegistryUrl = simulators.landRegistry.url;
  }

  let postUrl = config.post.url;
  const postWebhookSecret = config.post.webhookSecret ?? `whsec_${randomBytes(24).toString("base64")}`;
  if (!postUrl) {
    simulators.post = await startPostSimulator({
      token: config.post.token,
      webhookSecret: postWebhookSecret,
      stepMs: settings.postStepMs,
      autoAdvance: settings.postAutoAdvance,
    });
    postUrl = simulators.post.url;
  }

  let barRosterUrl = config.barRoster.url;
  if (!barRosterUrl) {
    simulators.barRoster = await startBarRosterSimulator({ token: config.barRoster.token });
    barRosterUrl = simulators.barRoster.url;
  }

  return {
    calls,
    landRegistry: createLandRegistryClient({ baseUrl: landRegistryUrl, token: config.landRegistry.token, timeoutMs, calls }),
    post: createPostClient({ baseUrl: postUrl, token: config.post.token, timeoutMs, calls }),
    barRoster: createBarRosterClient({ baseUrl: barRosterUrl, token: config.barRoster.token, timeoutMs, calls }),
    listRoster: simulators.barRoster
      ? () => fetchSimulatedRoster({ baseUrl: barRosterUrl, token: config.barRoster.token, timeoutMs })
      : undefined,
    postWebhookSecret,
    simulators,
    async close() {
      await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
    },
  };
}
