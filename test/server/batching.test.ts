/**
 * DataLoader at work: a list with its relations costs the same number of queries whether it has
 * 2 rows or 40 — never one query per row.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { submitDossier } from "../support/dossier-factory.js";
import { ok } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";

let database: TestDatabase;
let hub: TestHub;
const queries: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) return;
  hub = await startTestHub(await database.openAnother({ onQuery: (query) => queries.push(query) }));
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describeWithPostgres("queries per list", () => {
  it("do not grow with the number of rows", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    for (let i = 0; i < 40; i++) await submitDossier(hub, citizen);
    const list = `query($n: Int!) { dossiers(first: $n) { nodes { code procedure { code } branch { code } applicant { idNumber } timeline { sequence status } } } }`;
    const countFor = async (n: number) => {
      await ok(hub.url, list, { n }, staff); // warm the catalog cache
      queries.length = 0;
      const data = await ok(hub.url, list, { n }, staff);
      expect(data.dossiers.nodes).toHaveLength(n);
      return queries.length;
    };
    const few = await countFor(2);
    const many = await countFor(40);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(6);
  });
});
