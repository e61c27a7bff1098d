/**
 * Appointments on receipt from the working calendar, with the hub's clock set to chosen instants:
 * across a weekend, across the 30 April – 2 May 2025 holidays, and into the next year; lateness,
 * and an apology with a new appointment that keeps the dossier counted as late.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHanoiLocal } from "../../src/services/dossier/working-calendar.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { errorCode, ok } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";

let database: TestDatabase;
let hub: TestHub;
let clock = new Date();
let citizen: string;
let clerk: string;
let staff: string;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = await startTestHub(database.handle, { now: () => clock });
  citizen = await hub.token({ role: "CITIZEN", ttlSeconds: 10 * 365 * 86_400 });
  clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function receivedAt(day: string, time: string, procedureCode: string) {
  clock = fromHanoiLocal(day, time);
  const dossier = await submitDossier(hub, citizen, { procedureCode });
  return receive(hub, clerk, dossier.id);
}

describe("dueAt on receipt", () => {
  it("counts working days across a weekend (CP-06, 5 days from Thursday 5 June 2025)", async () => {
    const dossier = await receivedAt("2025-06-05", "09:30", "CP-06");
    expect(dossier.dueAt).toBe(fromHanoiLocal("2025-06-12", "17:00").toISOString());
  });

  it("skips 30 April – 2 May 2025 and counts Saturday 26 April, which was worked (CP-06 from Friday 25 April)", async () => {
    // Sat 26 Apr (1), Mon 28 (2), Tue 29 (3), Wed 30 – Fri 2 May holidays, Mon 5 May (4), Tue 6 May (5)
    const dossier = await receivedAt("2025-04-25", "10:00", "CP-06");
    expect(dossier.dueAt).toBe(fromHanoiLocal("2025-05-06", "17:00").toISOString());
  });

  it("runs into the next year: JR-01 (10 days) received 24 December 2026 is due in January 2027", async () => {
    const dossier = await receivedAt("2026-12-24", "11:00", "JR-01");
    expect(dossier.dueAt).toBe(fromHanoiLocal("2027-01-08", "17:00").toISOString());
  });
});

describe("overdue and apologies", () => {
  it("is overdue while unfinished past dueAt, and stays late after an apology with a new appointment", async () => {
    const dossier = await receivedAt("2025-06-02", "09:00", "CP-06"); // due Mon 9 June 17:00
    expect(dossier.overdue).toBe(false);
    clock = fromHanoiLocal("2025-06-10", "08:00");
    const read = `query($id: ID!) { dossier(id: $id) { overdue dueAt apology } }`;
    expect((await ok(hub.url, read, { id: dossier.id }, staff)).dossier.overdue).toBe(true);
    const late = await ok(hub.url, `{ dossiers(filter: { overdue: true }) { nodes { id } } }`, {}, staff);
    expect(late.dossiers.nodes.map((n: { id: string }) => n.id)).toContain(dossier.id);

    const newDueAt = fromHanoiLocal("2025-06-13", "17:00").toISOString();
    const rescheduled = await ok(
      hub.url,
      `mutation($id: ID!, $at: DateTime!) { rescheduleDossier(id: $id, newDueAt: $at, apology: "We are sorry: the survey took longer.") { dueAt apology overdue timeline { note } } }`,
      { id: dossier.id, at: newDueAt },
      staff,
    );
    expect(rescheduled.rescheduleDossier).toMatchObject({ dueAt: newDueAt, overdue: true, apology: "We are sorry: the survey took longer." });
    expect(rescheduled.rescheduleDossier.timeline.at(-1).note).toContain("New appointment");

    clock = fromHanoiLocal("2025-06-11", "10:00");
    for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(hub, staff, dossier.id, to);
    expect((await ok(hub.url, read, { id: dossier.id }, staff)).dossier.overdue).toBe(true);
  });

  it("refuses a new appointment earlier than the current one, or from anyone but center staff", async () => {
    clock = new Date();
    const dossier = await receivedAt(new Date().toISOString().slice(0, 10), "08:00", "CP-06");
    clock = new Date();
    const mutation = `mutation($id: ID!, $at: DateTime!) { rescheduleDossier(id: $id, newDueAt: $at, apology: "Sorry") { id } }`;
    expect(await errorCode(hub.url, mutation, { id: dossier.id, at: new Date(Date.now() + 60_000).toISOString() }, staff)).toBe("BAD_USER_INPUT");
    expect(await errorCode(hub.url, mutation, { id: dossier.id, at: new Date(Date.now() + 30 * 86_400_000).toISOString() }, clerk)).toBe("FORBIDDEN");
  });
});
