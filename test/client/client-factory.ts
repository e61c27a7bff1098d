/**
 * Clients of the package under test (imported from its source), pointed at a test hub, with
 * retry and reconnect waits short enough for tests. Closed together after the file.
 */
import { afterAll } from "vitest";
import { createHubClient, type HubClient, type HubClientOptions } from "../../clients/typescript/src/index.js";
import type { TestHub } from "../support/hub.js";

const quickRetry = { baseDelayMs: 20, maxDelayMs: 100 };
const quickReconnect = { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 20 };

const opened: HubClient[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((client) => client.close()));
});

/** A client of `hub` (or of `options.url`, e.g. a proxy in front of it) with `token`. */
export function hubClient(hub: TestHub, token?: HubClientOptions["token"], options: Partial<HubClientOptions> = {}): HubClient {
  const client = createHubClient({ url: hub.url, token, retry: quickRetry, reconnect: quickReconnect, ...options });
  opened.push(client);
  return client;
}

/** The first `count` events of a subscription. */
export async function take<T>(events: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await events.next();
    if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}

/** Clients of the dossier audiences at branch HN-PASC-B01: a citizen (`citizenSub`), a post clerk and a center staff member. */
export async function dossierClients(hub: TestHub, citizenSub: string): Promise<Record<"citizen" | "clerk" | "staff", HubClient>> {
  return {
    citizen: hubClient(hub, await hub.token({ role: "CITIZEN", sub: citizenSub })),
    clerk: hubClient(hub, await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" })),
    staff: hubClient(hub, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" })),
  };
}
