/**
 * An open request whose preferred window has passed is cancelled, with a reason the citizen reads,
 * once, and announced to the citizen's subscription like any other change.
 */
import { expect, it } from "vitest";
import { EXPIRED_REQUEST_REASON } from "../../src/services/consult/request-expiry.worker.js";
import { fromHanoiLocal } from "../../src/services/partner/working-calendar.js";
import { ok, subscribe, wsClient } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { BOOKING_FIELDS, requestConsult, workday } from "./consult-factory.js";

let hub: TestHub;
let clock = new Date();

useTestHub(
  (started) => {
    hub = started;
  },
  { now: () => clock },
);

it("cancels requests whose window has passed, once, and tells the citizen", async () => {
  clock = new Date();
  const citizen = await hub.token({ role: "CITIZEN", ttlSeconds: 30 * 86_400 });
  const soonDay = workday(2);
  const soon = await requestConsult(hub, citizen, soonDay);
  const later = await requestConsult(hub, citizen, workday(20));
  const client = wsClient(hub.wsUrl, citizen);
  const changes = subscribe(client, `subscription { consultBookingChanged { id status cancelReason } }`);
  try {
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscription start

    clock = new Date(fromHanoiLocal(soonDay, "17:00").getTime() + 60_000); // just past the first window
    const expiry = hub.hub.services.consult.requestExpiry;
    expect(await expiry.expireOnce()).toBe(1);
    expect(await expiry.expireOnce()).toBe(0);

    const mine = (await ok(hub.url, `{ myConsultBookings { ${BOOKING_FIELDS} } }`, {}, citizen)).myConsultBookings as Array<Record<string, unknown>>;
    expect(mine.find((b) => b.id === soon.id)).toMatchObject({ status: "CANCELLED", cancelReason: EXPIRED_REQUEST_REASON });
    expect(mine.find((b) => b.id === later.id)).toMatchObject({ status: "REQUESTED" });

    const [change] = await changes.next(1);
    expect(change!.data).toEqual({ consultBookingChanged: { id: soon.id, status: "CANCELLED", cancelReason: EXPIRED_REQUEST_REASON } });
  } finally {
    changes.dispose();
    await client.dispose();
  }
});
