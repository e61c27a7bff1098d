/**
 * The relay never misses an event (issue 12): LISTEN connections are cut from outside while changes
 * commit, and every live subscriber — dossierEvents, registration updates, consult changes, on both
 * instances — still gets each event once, in order. On embedded PGlite, whose one connection can lose
 * its LISTEN too, the watchdog notices and the subscriber catches up the same way.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { expect, it } from "vitest";
import { newLawyer, requestConsult, workday } from "../consult/consult-factory.js";
import { openDatabase } from "../../src/db/client.js";
import { seedCatalog } from "../../src/db/seed/catalog.js";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { subscribe, wsClient } from "../support/graphql.js";
import { startSecondInstance, startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput } from "../registration/registration-factory.js";

const EVENTS = `subscription($id: ID!) { dossierEvents(dossierId: $id, afterSequence: 0) { sequence status } }`;
const FAST_WATCHDOG = { LISTEN_CHECK_INTERVAL_MS: "100", ...fastOutbox };

/** Waits until `instances` hubs listen again, then terminates their LISTEN backends. */
async function cutListeners(url: string, instances: number): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const listening = `select pid from pg_stat_activity where datname = current_database() and application_name = 'hub-listen'`;
  try {
    await expect.poll(async () => (await admin.unsafe(listening)).length, { timeout: 5_000 }).toBe(instances);
    await admin.unsafe(`select pg_terminate_backend(pid) from (${listening}) as listeners`);
  } finally {
    await admin.end();
  }
}

const sequencesOf = (results: Array<{ data?: any }>) => results.map((result) => result.data.dossierEvents.sequence as number);

describeWithPostgres("LISTEN cut from outside", () => {
  it("loses no dossier event, registration update or consult change on either instance, and repeats none", async () => {
    const database = await createTestDatabase();
    const first = await startTestHub(database.handle, { config: testConfig(FAST_WATCHDOG) });
    const second = await startSecondInstance(first, database);
    const clients = [] as Array<ReturnType<typeof wsClient>>;
    try {
      const citizen = await first.token({ role: "CITIZEN" });
      const clerk = await first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
      const staff = await first.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
      const bank = await first.token({ role: "BANK_OFFICER", org: "VCB" });
      const dossier = await submitDossier(first, citizen);

      const follow = (hub: TestHub, token: string, query: string, variables: Record<string, unknown> = {}) => {
        const client = wsClient(hub.wsUrl, token);
        clients.push(client);
        return subscribe(client, query, variables);
      };
      const dossierFollowers = [follow(first, citizen, EVENTS, { id: dossier.id }), follow(second, citizen, EVENTS, { id: dossier.id })];
      const bankFollowers = [first, second].map((hub) => follow(hub, bank, `subscription { securityRegistrationUpdated { id status } }`));
      const { member, token: lawyer } = await newLawyer(first);
      const consultFollowers = [first, second].map((hub) => follow(hub, lawyer, `subscription { consultBookingChanged { id status } }`));
      await Promise.all(dossierFollowers.map((f) => f.next(1)));
      await new Promise((resolve) => setTimeout(resolve, 300)); // every subscription has begun listening

      // Cut LISTEN on both instances before each change, and make the change through the other instance.
      const registrations: string[] = [];
      const day = workday(5);
      const steps: Array<() => Promise<unknown>> = [
        () => receive(second, clerk, dossier.id),
        () => register(second, bank, registerInput(freshParcel())).then((r) => registrations.push(r.id)),
        () => transition(second, staff, dossier.id, "IN_PROCESSING"),
        () => requestConsult(second, citizen, day, { topic: member.practiceAreas[0] }),
        () => transition(second, staff, dossier.id, "APPROVED"),
      ];
      for (const [cuts, step] of steps.entries()) {
        // The last cut's LISTEN is back on both instances first: a cut that lands while a relay is
        // still reconnecting is absorbed by that reconnect, and the count below would fall short
        // (seen on Node 24, whose faster steps left less time between cuts).
        for (const hub of [first, second]) {
          await expect.poll(() => hub.hub.relay.stats.reconnects, { timeout: 10_000 }).toBeGreaterThanOrEqual(cuts);
        }
        await cutListeners(database.url!, 2);
        await step();
      }

      for (const follower of dossierFollowers) {
        await follower.next(4, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(sequencesOf(follower.results)).toEqual([1, 2, 3, 4]);
      }
      for (const follower of bankFollowers) {
        await expect.poll(() => follower.results.map((r) => r.data.securityRegistrationUpdated.id), { timeout: 10_000 }).toContain(registrations[0]);
      }
      for (const follower of consultFollowers) {
        await expect.poll(() => follower.results.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(follower.results).toHaveLength(1);
      }
      // Registration updates are state: never the same state twice, never an older one after a newer.
      for (const follower of bankFollowers) {
        const seen = follower.results.map((r) => `${r.data.securityRegistrationUpdated.id}:${r.data.securityRegistrationUpdated.status}`);
        expect(new Set(seen).size).toBe(seen.length);
      }
      await expect.poll(() => first.hub.relay.stats.reconnects, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
      expect(first.hub.relay.stats.catchUps).toBe(first.hub.relay.stats.reconnects);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
      await second.close();
      await first.close();
      await database.close();
    }
  }, 60_000);
});

it("on embedded PGlite, a LISTEN lost on its one connection is noticed and caught up", async () => {
  // PGlite whatever the run's database: its connection is the one the hub listens on.
  const database = await openDatabase({ dataDir: null });
  await database.migrate();
  await seedCatalog(database.db);
  const hub = await startTestHub(database, { config: testConfig(FAST_WATCHDOG) });
  try {
    const citizen = await hub.token({ role: "CITIZEN" });
    const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const dossier = await submitDossier(hub, citizen);
    const client = wsClient(hub.wsUrl, citizen);
    const follower = subscribe(client, EVENTS, { id: dossier.id });
    await follower.next(1);
    await database.db.execute(sql`unlisten *`);
    await receive(hub, clerk, dossier.id);
    await follower.next(2, 10_000);
    expect(sequencesOf(follower.results)).toEqual([1, 2]);
    expect(hub.hub.relay.stats.catchUps).toBeGreaterThanOrEqual(1);
    await client.dispose();
  } finally {
    await hub.close();
    await database.close();
  }
});
