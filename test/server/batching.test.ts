/**
 * DataLoader at work: a list with its relations costs the same number of queries whether it has
 * 2 rows or 40 — never one query per row.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";
import { freshParcel, register, registerInput } from "../registration/registration-factory.js";
import { submitDossier } from "../support/dossier-factory.js";
import { ok } from "../support/graphql.js";
import { startTestHub, type TestHub } from "../support/hub.js";

let database: TestDatabase;
let hub: TestHub;
/** The statements requests send (the workers' pool, which delivers the outbox meanwhile, is left out). */
const queries: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) return;
  hub = await startTestHub(await database.openAnother({ onQuery: (query, pool) => pool === "hub" && queries.push(query) }));
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

describeWithPostgres("a dossier with its relations", () => {
  it("reads the dossier, its timeline, registration and consults in one statement, and answers as field by field", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const { code } = await submitDossier(hub, citizen);
    const relations = `timeline { sequence status at } securityRegistration { id } consultations { id status }`;
    const direct = `query($code: String!) { dossier(code: $code) { code ${relations} } }`;
    // Through a fragment, the resolver still sees what is selected; by id through node(), nothing is read ahead.
    const viaFragment = `query($code: String!) { dossier(code: $code) { code ...R } } fragment R on Dossier { ${relations} }`;
    const onlyCode = `query($code: String!) { dossier(code: $code) { code } }`;
    const reads = async (query: string) => {
      await ok(hub.url, query, { code }, staff); // warm the catalog cache
      queries.length = 0;
      const data = await ok(hub.url, query, { code }, staff);
      return { data, reads: queries.filter((text) => /\bfrom "?dossiers"?\b|dossier_events|consult_bookings/.test(text)) };
    };
    const [a, b, c] = [await reads(direct), await reads(viaFragment), await reads(onlyCode)];
    expect(a.data).toEqual(b.data);
    expect(a.data.dossier).toMatchObject({ code, securityRegistration: null, consultations: [] });
    expect(a.data.dossier.timeline).toHaveLength(1);
    expect(a.reads).toHaveLength(1);
    expect(b.reads).toHaveLength(1);
    expect(c.reads).toHaveLength(1);
    expect(c.reads[0]).not.toMatch(/dossier_events/);
  });
});

describeWithPostgres("a page of dossiers with their relations", () => {
  it("reads each row's timeline, registration and consults in the page's own statement, and answers as one by one", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    for (let i = 0; i < 3; i++) await submitDossier(hub, citizen);
    const fields = `id code timeline { sequence status at actorRole } securityRegistration { id } consultations { id status }`;
    const page = `{ dossiers(first: 3) { totalCount nodes { ${fields} } } }`;
    await ok(hub.url, page, {}, staff); // warm the catalog cache
    queries.length = 0;
    const { dossiers } = await ok(hub.url, page, {}, staff);
    const reads = queries.filter((text) => /\bfrom "?dossiers"?\b|dossier_events|consult_bookings|security_registrations/.test(text));
    expect(reads).toHaveLength(1);
    expect(dossiers.nodes).toHaveLength(3);
    // One by one (the fields' loaders read them), the same answers.
    for (const node of dossiers.nodes as Array<{ id: string; timeline: unknown[] }>) {
      expect(node.timeline.length).toBeGreaterThan(0);
      const one = await ok(hub.url, `query($id: ID!) { node(id: $id) { ... on Dossier { ${fields} } } }`, { id: node.id }, staff);
      expect(one.node).toEqual(node);
    }
  });
});

describeWithPostgres("a page read with the columns its selection asks for", () => {
  it("reads its dossiers' and timelines' columns only, and a selection below that asks for more gets them whole", async () => {
    const officer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const { dossier } = await register(hub, officer, registerInput(freshParcel()));
    const whole = `timeline { sequence dossierId status at actorRole note }`;
    const alone = await ok(hub.url, `query($code: String!) { dossier(code: $code) { id ${whole} } }`, { code: dossier.code }, staff);
    expect(alone.dossier.timeline.length).toBeGreaterThan(0);

    queries.length = 0;
    // The page reads its rows' timelines with `at` alone; the same dossier, reached again below
    // through its registration (after the page's timelines are in the loaders), asks for every column.
    const both = await ok(
      hub.url,
      `{ dossiers(first: 50) { nodes { id timeline { at } securityRegistration { dossier { ${whole} } } } } }`,
      {},
      staff,
    );
    const page = queries.find((text) => /dossier_events/.test(text) && /\blimit\b/i.test(text))!;
    const eventJson = /json_agg\(json_build_object\(([^)]*)\) order by e\.sequence\)/.exec(page)?.[1];
    expect(eventJson).toBe(`'at', e."at"`);
    // And its dossiers with the columns their fields read: the id (the relations read by it) and the cursor's time.
    expect(/^select json_build_object\(([^)]*)\)/.exec(page)?.[1]).toBe(`'id', "dossiers"."id", 'submittedAt', "dossiers"."submitted_at"`);
    const row = (both.dossiers.nodes as Array<{ id: string; timeline: unknown[]; securityRegistration: { dossier: unknown } | null }>).find(
      (node) => node.id === alone.dossier.id,
    )!;
    expect(row.timeline).toEqual(alone.dossier.timeline.map(({ at }: { at: string }) => ({ at })));
    expect(row.securityRegistration!.dossier).toEqual({ timeline: alone.dossier.timeline });
  });
});

describeWithPostgres("a registration lodged (its transaction's statements)", () => {
  it("sends the transaction's notifications in one statement, reads the webhook endpoints once, and numbers the dossier in its insert", async () => {
    const officer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    await register(hub, officer, registerInput(freshParcel())); // warm the catalog cache
    queries.length = 0;
    const { dossier } = await register(hub, officer, registerInput(freshParcel()));
    expect(dossier.code).toMatch(/^HN-\d{4}-\d{6}$/);
    const notifying = queries.filter((text) => /pg_notify/.test(text));
    // A dossier's, the bank's and the outbox's topics, in one statement just before the audit append.
    expect(notifying).toHaveLength(1);
    expect(queries[queries.indexOf(notifying[0]!) + 1]).toMatch(/audit_append/);
    expect(queries.filter((text) => /from "webhook_endpoints"/.test(text))).toHaveLength(1);
    expect(queries.filter((text) => /^select nextval|from "procedures"/.test(text))).toEqual([]);
  });
});
