/**
 * `npm start`'s consult demo data: every member of the bundled roster becomes a Lawyer, with slots
 * for the coming working days, a booking and an open request by the demo citizen.
 */
import "reflect-metadata";
import { expect, it } from "vitest";
import { seedConsultDemo } from "../../src/server/demo/consult-demo.js";
import { demoRoster } from "../../src/integrations/bar-roster/demo-roster.js";
import { type TestDatabase } from "../support/database.js";
import { ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let database: TestDatabase;

useTestHub(async (started, db) => {
  hub = started;
  database = db;
});

it("provisions the whole roster, slots for the coming days, a booking and a request; once", async () => {
  await seedConsultDemo(database.handle.db, hub.hub.services);
  await seedConsultDemo(database.handle.db, hub.hub.services);

  const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  const now = new Date();
  const data = await ok(
    hub.url,
    `query($from: DateTime!, $to: DateTime!) {
      lawyers { barNumber verified }
      availableSlots(filter: { from: $from, to: $to }) { id }
    }`,
    { from: now.toISOString(), to: new Date(now.getTime() + 14 * 86_400_000).toISOString() },
    staff,
  );
  expect(data.lawyers).toHaveLength(demoRoster().length);
  expect(data.lawyers.filter((l: { verified: boolean }) => !l.verified).map((l: { barNumber: string }) => l.barNumber).sort()).toEqual([
    "HBA-0099",
    "HBA-0100",
    "HBA-0117",
  ]);
  // 8 slots a day for 5 working days, one of them booked by the demo citizen.
  expect(data.availableSlots).toHaveLength(39);

  const citizen = await hub.token({ role: "CITIZEN", sub: "citizen-demo" });
  const mine = await ok(hub.url, `{ myConsultBookings { status } }`, {}, citizen);
  expect(mine.myConsultBookings.map((b: { status: string }) => b.status).sort()).toEqual(["CONFIRMED", "REQUESTED"]);
});
