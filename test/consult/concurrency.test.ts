/**
 * Races decided by PostgreSQL itself (real connections, real HTTP): one winner per slot, one
 * lawyer per request, and no two periods of one lawyer overlapping however the requests interleave.
 */
import "reflect-metadata";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { idOf } from "../../src/schema/node.js";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { gql, type GraphQLResponse } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";
import { BOOK, bookInput, hanoi, newLawyer, publish, PUBLISH, requestConsult, slot, TAKE, workday } from "./consult-factory.js";

let database: TestDatabase;
let hub: TestHub;

function outcomes(responses: GraphQLResponse[]) {
  const codes = responses.map((r) => (r.errors ? r.errors[0]!.extensions.code : "OK"));
  return { ok: codes.filter((c) => c === "OK").length, conflict: codes.filter((c) => c === "CONFLICT").length, all: codes };
}

describeWithPostgres("consult races", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await startTestHub(database.handle);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  it("20 citizens booking one slot at once: exactly 1 CONFIRMED, 19 CONFLICT", async () => {
    const { token: lawyer } = await newLawyer(hub);
    const [open] = await publish(hub, lawyer, [slot(workday(8), "09:00", "09:30")]);
    const citizens = await Promise.all(Array.from({ length: 20 }, () => hub.token({ role: "CITIZEN" })));

    const responses = await Promise.all(citizens.map((token) => gql(hub.url, BOOK, { slotId: open!.id, input: bookInput() }, token)));
    const result = outcomes(responses);
    expect(result, JSON.stringify(result.all)).toMatchObject({ ok: 1, conflict: 19 });
    expect(responses.find((r) => !r.errors)!.data.bookConsultSlot.status).toBe("CONFIRMED");

    const rows = await queryRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from consult_bookings where slot_id = ${idOf("ConsultSlot", open!.id)} and status = 'CONFIRMED'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("8 lawyers taking one request at once: exactly 1 gets it, 7 CONFLICT", async () => {
    const lawyers = await Promise.all(Array.from({ length: 8 }, () => newLawyer(hub, { practiceAreas: ["FAMILY"] })));
    const day = workday(9);
    const request = await requestConsult(hub, await hub.token({ role: "CITIZEN" }), day, { topic: "FAMILY" });

    const responses = await Promise.all(
      lawyers.map(({ token }, i) =>
        gql(hub.url, TAKE, { id: request.id, startsAt: hanoi(day, `${String(9 + i).padStart(2, "0")}:00`), endsAt: hanoi(day, `${String(9 + i).padStart(2, "0")}:30`) }, token),
      ),
    );
    const result = outcomes(responses);
    expect(result, JSON.stringify(result.all)).toMatchObject({ ok: 1, conflict: 7 });
  });

  it("one lawyer taking two requests at overlapping times at once: the database refuses the second", async () => {
    const { token: lawyer } = await newLawyer(hub, { practiceAreas: ["BUSINESS"] });
    const day = workday(10);
    const citizen = () => hub.token({ role: "CITIZEN" });
    const [a, b] = await Promise.all([
      requestConsult(hub, await citizen(), day, { topic: "BUSINESS" }),
      requestConsult(hub, await citizen(), day, { topic: "BUSINESS" }),
    ]);
    const responses = await Promise.all([
      gql(hub.url, TAKE, { id: a!.id, startsAt: hanoi(day, "10:00"), endsAt: hanoi(day, "10:45") }, lawyer),
      gql(hub.url, TAKE, { id: b!.id, startsAt: hanoi(day, "10:30"), endsAt: hanoi(day, "11:00") }, lawyer),
    ]);
    const result = outcomes(responses);
    expect(result, JSON.stringify(result.all)).toMatchObject({ ok: 1, conflict: 1 });
    const rows = await queryRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from consult_slots s join consult_slots t on s.lawyer_id = t.lawyer_id and s.id < t.id
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(t.starts_at, t.ends_at)`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("two overlapping publications at once: one is stored, the other refused whole", async () => {
    const { member, token: lawyer } = await newLawyer(hub);
    const day = workday(11);
    const responses = await Promise.all([
      gql(hub.url, PUBLISH, { slots: [slot(day, "08:00", "08:30"), slot(day, "09:00", "10:00")] }, lawyer),
      gql(hub.url, PUBLISH, { slots: [slot(day, "09:30", "10:30", "ONLINE"), slot(day, "11:00", "11:30")] }, lawyer),
    ]);
    const result = outcomes(responses);
    expect(result, JSON.stringify(result.all)).toMatchObject({ ok: 1, conflict: 1 });
    const rows = await queryRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from consult_slots s join lawyers l on l.id = s.lawyer_id where l.bar_number = ${member.barNumber}`,
    );
    expect(rows[0]!.n).toBe(2);
  });
});
