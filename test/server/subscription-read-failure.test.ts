/**
 * A subscription whose read fails — its table locked past the hub's lock timeout while a change
 * is announced, as a migration or a stuck transaction would hold it — stays open, reads again,
 * and delivers what it missed once the database answers, in order and once.
 */
import postgres from "postgres";
import { expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { subscribe, wsClient } from "../support/graphql.js";
import { startTestHub } from "../support/hub.js";

describeWithPostgres("a subscription's read that fails", () => {
  it("is made again until the database answers; the subscription delivers what it missed and stays open", async () => {
    const database = await createTestDatabase();
    const hub = await startTestHub(await database.openAnother({ pool: { lockTimeoutMs: 200 } }));
    const admin = postgres(database.url!, { max: 1, onnotice: () => {} });
    const locker = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const citizen = await hub.token({ role: "CITIZEN" });
      const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
      const dossier = await submitDossier(hub, citizen);
      const client = wsClient(hub.wsUrl, citizen);
      const follower = subscribe(client, `subscription($id: ID!) { dossierEvents(dossierId: $id, afterSequence: 0) { sequence status } }`, {
        id: dossier.id,
      });
      await follower.next(1);

      let release!: () => void;
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holding = locker.begin(async (tx) => {
        await tx`lock table dossier_events in access exclusive mode`;
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await isLocked;
      // The relay's message for the dossier, as a change would send it: the stream's read meets the
      // lock and fails after 200 ms, again and again while the lock is held.
      const [row] = await admin<Array<{ id: string }>>`select id from dossiers where code = ${dossier.code}`;
      await admin`select pg_notify('hub_events', ${JSON.stringify({ topic: `dossier:${row!.id}`, data: { dossierId: row!.id, sequence: 2 } })})`;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(follower.error).toBeUndefined();
      expect(follower.completed).toBe(false);
      release();
      await holding;

      await receive(hub, clerk, dossier.id);
      await follower.next(2, 10_000);
      expect(follower.results.map((r) => r.data.dossierEvents)).toEqual([
        { sequence: 1, status: "SUBMITTED" },
        { sequence: 2, status: "RECEIVED" },
      ]);
      expect(follower.error).toBeUndefined();
      await client.dispose();
    } finally {
      await Promise.all([admin.end(), locker.end()]);
      await hub.close();
      await database.close();
    }
  }, 30_000);
});
