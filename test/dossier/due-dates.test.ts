/**
 * Appointments on receipt from the working calendar, with the hub's clock set to chosen instants:
 * across a weekend, across the 30 April – 2 May 2025 holidays, and into the next year; lateness,
 * and an apology with a new appointment that keeps the dossier counted as late.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDossier } from "../../src/db/queries/dossier.js";
import { fromHanoiLocal } from "../../src/services/partner/working-calendar.js";
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

/** An SR-01 dossier as a bank lodges it (banks go through registerSecurity), received at a counter at that time. */
async function securityRegistrationReceivedAt(day: string, time: string) {
  clock = fromHanoiLocal(day, time);
  const { services } = hub.hub;
  const procedure = (await services.partner.catalog.get()).proceduresByCode.get("SR-01")!;
  const bank = (await services.partner.catalog.get()).organizationsByCode.get("VCB")!;
  const dossier = await database.handle.db.transaction((tx) =>
    services.dossier.ledger.open(
      tx,
      {
        procedureId: procedure.id,
        channel: "ONLINE",
        branchId: null,
        applicantSubject: null,
        applicantFullName: "Pham Van Duc",
        applicantIdNumber: "001080012345",
        applicantPhone: "0912000111",
        applicantAddress: "3 Trang Tien, Hoan Kiem",
        submittedBySubject: "bank-officer-due-dates",
        submittedByRole: "BANK_OFFICER",
        submittedByOrgId: bank.id,
        resultDelivery: "ELECTRONIC",
        deliveryAddress: null,
      },
      { subject: "bank-officer-due-dates", role: "BANK_OFFICER" },
      { at: clock },
    ),
  );
  // Received as the land-registry integration receives them (people may not move SR dossiers).
  const catalog = await services.partner.catalog.get();
  const received = await database.handle.db.transaction(async (tx) =>
    services.dossier.dossiers.receiveLocked(tx, (await lockDossier(tx, dossier.id))!, null, { subject: "land-registry", role: "SYSTEM" }, catalog),
  );
  return { dueAt: received.dueAt!.toISOString() };
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

  it("takes the 15:00 same-day cut-off of security registrations from the catalog (SR-01, Decree 99/2022 art. 16)", async () => {
    // Before 15:00 on a working day: 17:00 the same day; at 15:00 or later: 17:00 the next working day;
    // on a Saturday: the next working day, whatever the time.
    expect((await securityRegistrationReceivedAt("2025-06-10", "14:59")).dueAt).toBe(fromHanoiLocal("2025-06-10", "17:00").toISOString());
    expect((await securityRegistrationReceivedAt("2025-06-10", "15:00")).dueAt).toBe(fromHanoiLocal("2025-06-11", "17:00").toISOString());
    expect((await securityRegistrationReceivedAt("2025-06-14", "09:00")).dueAt).toBe(fromHanoiLocal("2025-06-16", "17:00").toISOString());
    // Tuesday 29 April 2025 after the cut-off: 30 April – 2 May are holidays, so Monday 5 May.
    expect((await securityRegistrationReceivedAt("2025-04-29", "16:00")).dueAt).toBe(fromHanoiLocal("2025-05-05", "17:00").toISOString());
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

  it("an apology given before the due time counts the dossier late in the field, the filter and the statistics alike", async () => {
    const dossier = await receivedAt("2025-07-01", "09:00", "CP-06"); // due Tue 8 July 17:00
    clock = fromHanoiLocal("2025-07-02", "10:00");
    const statistics = `{ serviceStatistics(from: "2025-07-01T00:00:00+07:00", to: "2025-07-02T00:00:00+07:00") { received finished overdueOpen } }`;
    expect((await ok(hub.url, statistics, {}, staff)).serviceStatistics).toEqual({ received: 1, finished: 0, overdueOpen: 0 });

    await ok(
      hub.url,
      `mutation($id: ID!, $at: DateTime!) { rescheduleDossier(id: $id, newDueAt: $at, apology: "The survey team is short-staffed.") { id } }`,
      { id: dossier.id, at: fromHanoiLocal("2025-07-15", "17:00").toISOString() },
      staff,
    );
    expect((await ok(hub.url, `query($id: ID!) { dossier(id: $id) { overdue } }`, { id: dossier.id }, staff)).dossier.overdue).toBe(true);
    const late = await ok(hub.url, `{ dossiers(filter: { overdue: true }, first: 100) { nodes { id } } }`, {}, staff);
    expect(late.dossiers.nodes.map((n: { id: string }) => n.id)).toContain(dossier.id);
    expect((await ok(hub.url, statistics, {}, staff)).serviceStatistics).toEqual({ received: 1, finished: 0, overdueOpen: 1 });
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
