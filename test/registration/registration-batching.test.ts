/**
 * DataLoader at work on registrations: a list with its relations costs the same number of database
 * queries, and the same number of registry calls, whether it has 2 rows or 20.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { ok } from "../support/graphql.js";
import { startTestHub, testConfig, type TestHub } from "../support/hub.js";
import { freshParcel, register, registerInput } from "./registration-factory.js";

let database: TestDatabase;
let hub: TestHub;
const queries: string[] = [];

describeWithPostgres("queries per registration list", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // No worker: only the list's own queries are counted.
    hub = await startTestHub(await database.openAnother({ onQuery: (query, pool) => pool === "hub" && queries.push(query) }), {
      config: testConfig({ HUB_WORKERS: "off" }),
    });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  it("do not grow with the number of rows", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const parcel = freshParcel();
    for (let i = 0; i < 20; i++) await register(hub, vcb, registerInput(parcel));

    const list = `query($n: Int!) { securityRegistrations(first: $n) { nodes {
      id mortgagee { code } mortgagors { idNumber } obligation { amount } subject { id } history { status }
      parcels { certificateSerial encumbrances { priorityRank } }
      dossier { code procedure { code } securityRegistration { id } timeline { sequence } } } } }`;
    const registry = hub.partners.simulators.landRegistry!;
    const countFor = async (n: number) => {
      await ok(hub.url, list, { n }, vcb); // warm the catalog cache
      queries.length = 0;
      const readsBefore = registry.parcelReadCount;
      const data = await ok(hub.url, list, { n }, vcb);
      expect(data.securityRegistrations.nodes).toHaveLength(n);
      return { queries: queries.length, registryCalls: registry.parcelReadCount - readsBefore };
    };
    const few = await countFor(2);
    const many = await countFor(20);
    expect(many).toEqual(few);
    expect(many.registryCalls).toBe(1);
  });

  it("reads each row's dossier and history in the page's own statement, as the rows' fields would read them", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const fields = `id dossier { code status timeline { sequence } } history { sequence status at note }`;
    const page = `{ securityRegistrations(first: 5) { totalCount nodes { ${fields} } } }`;
    await ok(hub.url, page, {}, vcb); // warm the catalog cache
    queries.length = 0;
    const nodes = (await ok(hub.url, page, {}, vcb)).securityRegistrations.nodes as Array<{ id: string }>;
    const reads = queries.filter((text) => /"?(dossiers|dossier_events|registration_events|security_registrations)"?\b/.test(text) && !/audit/.test(text));
    expect(reads).toHaveLength(2); // the page with its dossiers and histories, then the dossiers' timelines
    // One by one (no read-ahead: the fields' loaders read them), the same answers.
    for (const node of nodes) {
      const one = await ok(hub.url, `query($id: ID!) { securityRegistration(id: $id) { ${fields} } }`, { id: node.id }, vcb);
      expect(one.securityRegistration).toEqual(node);
    }
  });
});
