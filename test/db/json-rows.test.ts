/**
 * A dossier's relations read in one statement as JSON (src/db/queries/json-rows.ts) come out exactly
 * as drizzle decodes the same rows selected column by column: Dates, numerics beyond a double's
 * precision, text arrays, jsonb and nulls — and only the relations asked for are read. So do a
 * week of available slots and their lawyers, read as one JSON row.
 */
import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { searchAvailableSlots } from "../../src/db/queries/consult.js";
import { dossierRelations, eventProjection, type EventColumn } from "../../src/db/queries/dossier.js";
import { consultBookings, consultSlots, lawyers } from "../../src/db/schema/consult.js";
import { dossierEvents, dossiers } from "../../src/db/schema/dossier.js";
import { securityRegistrations } from "../../src/db/schema/registration.js";
import { book, newLawyer, publish, slot, staffToken, workday } from "../consult/consult-factory.js";
import { freshParcel, register, registerInput } from "../registration/registration-factory.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let db: Database;
useTestHub((started, database) => {
  hub = started;
  db = database.handle.db;
});

it("decodes the timeline, the registration and the consults as drizzle does, amounts beyond 2^53 included", async () => {
  const officer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  const amount = "98765432109876543210";
  const registration = await register(hub, officer, registerInput(freshParcel(), { obligation: { contractNumber: "HD-1", contractDate: "2025-05-30", amount, currency: "VND" } }));
  const { token: lawyer } = await newLawyer(hub);
  const [first, second] = await publish(hub, lawyer, [slot(workday(8), "09:00", "09:30"), slot(workday(8), "10:00", "10:30")]);
  const staff = await staffToken(hub);
  await book(hub, staff, first!.id, { dossierCode: registration.dossier.code });
  await book(hub, staff, second!.id, { dossierCode: registration.dossier.code });

  const [dossier] = await db.select().from(dossiers).where(eq(dossiers.code, registration.dossier.code));
  const other = (await db.select().from(dossiers)).find((row) => row.id !== dossier!.id);
  const ids = [dossier!.id, ...(other ? [other.id] : [])];
  const all = await dossierRelations(db, ids, { parts: new Set(["events", "registration", "bookings"]) });

  const relations = all.get(dossier!.id)!;
  const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossier!.id)).orderBy(dossierEvents.sequence);
  const [stored] = await db.select().from(securityRegistrations).where(eq(securityRegistrations.dossierId, dossier!.id));
  const bookings = await db.select().from(consultBookings).where(eq(consultBookings.dossierId, dossier!.id)).orderBy(consultBookings.createdAt, consultBookings.id);
  expect(relations.events).toEqual(events);
  expect(relations.registration).toEqual(stored);
  expect(relations.registration!.obligationAmount).toBe(amount);
  expect(relations.registration!.createdAt).toBeInstanceOf(Date);
  expect(relations.bookings).toEqual(bookings);
  expect(relations.bookings).toHaveLength(2);
  expect(events.length).toBeGreaterThan(0);

  // A timeline cut to some columns carries those alone, decoded the same; a column the table lacks is a programming error.
  const cut = (await dossierRelations(db, [dossier!.id], { parts: new Set(["events"]), eventColumns: eventProjection(["status", "at"]) })).get(dossier!.id)!;
  expect(cut.events).toEqual(events.map(({ status, at }) => ({ status, at })));
  expect(() => eventProjection(["status", "nope" as EventColumn])).toThrow(/no column nope/);
  expect(eventProjection(["at", "status", "at"])).toBe(eventProjection(["status", "at"]));

  // Only what is asked for is read; a dossier without a registration or consults has none.
  const timelineOnly = (await dossierRelations(db, [dossier!.id], { parts: new Set(["events"]) })).get(dossier!.id)!;
  expect(timelineOnly).toEqual({ events });
  if (other) expect(all.get(other.id)).toMatchObject({ registration: null, bookings: [] });
});

it("decodes available slots and their lawyers, each lawyer once, as drizzle does", async () => {
  const { token: lawyer } = await newLawyer(hub);
  const day = workday(9);
  await publish(hub, lawyer, [slot(day, "09:00", "09:30"), slot(day, "10:00", "10:30", "ONLINE")]);
  const window = { from: new Date(`${day}T00:00:00+07:00`), to: new Date(`${day}T23:59:00+07:00`), limit: 500 };
  const { slots, lawyers: found } = await searchAvailableSlots(db, window);
  expect(slots).toHaveLength(2);
  expect(slots).toEqual(await db.select().from(consultSlots).where(inArray(consultSlots.id, slots.map((s) => s.id))).orderBy(consultSlots.startsAt));
  expect(found).toEqual(await db.select().from(lawyers).where(eq(lawyers.id, slots[0]!.lawyerId)));
  expect((await searchAvailableSlots(db, { ...window, mode: "PHONE" })).slots).toEqual([]);
});
