/**
 * Who receives what (SPEC §8), signed, with thin payloads: a bank's endpoint gets its own
 * registration's decision and its dossier's moves, exactly the SPEC's fields, and another bank's
 * gets nothing of it; the center gets every dossier; a change that rolls back sends nothing; and no
 * recorded body holds a name, ID number, phone, address or amount used here.
 */
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "../../src/db/client.js";
import { lockDossier } from "../../src/db/queries/dossier.js";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "../registration/registration-factory.js";
import { createEndpoint, fastWebhooks, partnerToken, startReceiver, verified, waitUntil, type Receiver } from "./webhook-factory.js";

let hub: TestHub;
let db: Database;
let vcb: Receiver;
let bidv: Receiver;
let center: Receiver;
const secrets: Record<string, string> = {};
const usedInputs: Array<ReturnType<typeof registerInput>> = [];

useTestHub(
  async (started, database) => {
    hub = started;
    db = database.handle.db;
    [vcb, bidv, center] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    const both = ["SECURITY_REGISTRATION_UPDATED", "DOSSIER_STATUS_CHANGED"];
    secrets.vcb = (await createEndpoint(hub, await partnerToken(hub, "VCB"), { url: vcb.url(), events: both })).secret;
    secrets.bidv = (await createEndpoint(hub, await partnerToken(hub, "BIDV"), { url: bidv.url(), events: both })).secret;
    secrets.center = (await createEndpoint(hub, await partnerToken(hub, "HN-PASC"), { url: center.url(), events: ["DOSSIER_STATUS_CHANGED"] })).secret;
  },
  { config: testConfig({ ...fastOutbox, ...fastWebhooks }) },
);
afterAll(async () => {
  await Promise.all([vcb, bidv, center].map((receiver) => receiver?.stop()));
});

const parsed = (receiver: Receiver, secret: string) => receiver.received.map((message) => ({ message, body: verified(message, secret) }));

describe("a bank's endpoint", () => {
  it("gets securityRegistration.updated for its registration's REGISTERED decision and the dossier's dossier.statusChanged, signed, with exactly the SPEC's fields", async () => {
    const bank = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const input = registerInput(freshParcel());
    usedInputs.push(input);
    const lodged = await register(hub, bank, input);
    const registered = await waitForStatus(hub, bank, lodged.id, ["REGISTERED"]);

    const decision = await waitUntil("the REGISTERED message", () =>
      parsed(vcb, secrets.vcb!).find(({ body }) => body.type === "securityRegistration.updated" && body.data.status === "REGISTERED"),
    );
    expect(Object.keys(decision.body.data)).toEqual(["id", "dossierId", "kind", "status", "registrationNumber", "registeredAt", "sequence"]);
    expect(decision.body.data).toEqual({
      id: registered.id,
      dossierId: registered.dossier.id,
      kind: "INITIAL",
      status: "REGISTERED",
      registrationNumber: registered.registrationNumber,
      registeredAt: registered.registeredAt,
      sequence: registered.history.at(-1).sequence,
    });
    expect(decision.message.headers["content-type"]).toBe("application/json");
    expect(String(decision.message.headers["webhook-id"])).toMatch(/^msg_/);
    expect(Object.keys(decision.body)).toEqual(["type", "timestamp", "data"]);

    // Every history event is a message, the creation included, each ordered by its sequence.
    const registrationSequences = await waitUntil("every history event", () => {
      const found = parsed(vcb, secrets.vcb!).filter(({ body }) => body.type === "securityRegistration.updated" && body.data.id === registered.id);
      return found.length >= registered.history.length ? found.map(({ body }) => body.data.sequence as number) : null;
    });
    expect(registrationSequences.sort()).toEqual(registered.history.map((event: { sequence: number }) => event.sequence));

    const { node: dossier } = await ok(hub.url, `query($id: ID!) { node(id: $id) { ... on Dossier { code status timeline { sequence status at } } } }`, { id: registered.dossier.id }, bank);
    const dossierMessages = await waitUntil("every dossier event", () => {
      const found = parsed(vcb, secrets.vcb!).filter(({ body }) => body.type === "dossier.statusChanged" && body.data.id === registered.dossier.id);
      return found.length >= dossier.timeline.length ? found : null;
    });
    for (const { body } of dossierMessages) {
      expect(Object.keys(body.data)).toEqual(["id", "code", "procedureCode", "status", "sequence", "at"]);
      const event = dossier.timeline.find((e: { sequence: number }) => e.sequence === body.data.sequence);
      expect(body.data).toEqual({ id: registered.dossier.id, code: dossier.code, procedureCode: "SR-01", status: event.status, sequence: event.sequence, at: event.at });
      expect(body.timestamp).toBe(event.at);
    }
    expect(dossierMessages.map(({ body }) => body.data.status)).toContain("SUBMITTED");

    // Another bank hears nothing of it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bidv.received.filter((message) => message.body.includes(registered.id) || message.body.includes(registered.dossier.id))).toEqual([]);
    expect(bidv.received).toEqual([]);
  });
});

describe("the service center's endpoint", () => {
  it("gets every dossier's moves; nothing of them reaches a bank", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const dossier = await submitDossier(hub, citizen);
    await receive(hub, staff, dossier.id);
    await transition(hub, staff, dossier.id, "IN_PROCESSING");
    const statuses = await waitUntil("three messages", () => {
      const found = parsed(center, secrets.center!).filter(({ body }) => body.data.id === dossier.id);
      return found.length >= 3 ? found.map(({ body }) => `${body.data.sequence}:${body.data.status}`) : null;
    });
    expect(statuses.sort()).toEqual(["1:SUBMITTED", "2:RECEIVED", "3:IN_PROCESSING"]);
    expect([...vcb.received, ...bidv.received].filter((message) => message.body.includes(dossier.id))).toEqual([]);
  });
});

describe("a change that rolls back", () => {
  it("records no message and sends nothing", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen);
    const uuid = Buffer.from(dossier.id, "base64url").toString("utf8").split(":")[1]!;
    await waitUntil("the SUBMITTED message", () => center.received.some((message) => message.body.includes(dossier.id)));
    const count = async (executor: Parameters<typeof queryRows>[0]) =>
      (await queryRows<{ n: number }>(executor, sql`select count(*)::int as n from webhook_deliveries`))[0]!.n;
    const before = await count(db);
    const seen = center.received.length;

    const failed = db.transaction(async (tx) => {
      const row = (await lockDossier(tx, uuid))!;
      await hub.hub.services.dossier.ledger.move(tx, row, "RECEIVED", { subject: null, role: "SYSTEM" }, { at: new Date() });
      expect(await count(tx)).toBe(before + 1); // recorded in the change's transaction…
      throw new Error("the change fails after its event was written");
    });
    await expect(failed).rejects.toThrow("the change fails");
    expect(await count(db)).toBe(before); // …and gone with it
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(center.received.length).toBe(seen);
  });
});

describe("recorded bodies", () => {
  it("hold no name, ID number, phone, address or amount this file used", async () => {
    const rows = await queryRows<{ body: string }>(db, sql`select body from webhook_deliveries`);
    expect(rows.length).toBeGreaterThan(5);
    const personal = [
      ...usedInputs.flatMap((input) => input.mortgagors.flatMap((party) => [party.fullName, party.idNumber, party.address])),
      "1500000000",
      "HDTD-2025-001",
      "Le Thi Hoa",
      "25 Ly Thuong Kiet",
      "0011900",
      "+84",
    ];
    const everything = [...rows.map((row) => row.body), ...[vcb, bidv, center].flatMap((receiver) => receiver.received.map((message) => message.body))].join("\n");
    for (const value of personal) expect(everything.includes(value), value).toBe(false);
    // Phones of the applicants (09…) and ID numbers (12 digits) in any form.
    expect(everything).not.toMatch(/\b09\d{8}\b/);
    expect(everything).not.toMatch(/\b\d{12}\b/);
  });
});
