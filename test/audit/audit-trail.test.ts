/**
 * The tamper-evident audit trail (issue 11): who did and saw what, in one hash chain, served to
 * ADMIN only. Mutations are recorded in their own transaction, refusals with their code, whole
 * reads of personal data in one statement per operation, refused access, and the hub's own work
 * (registry decisions, post webhooks) without an actor.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { appendAuditEntries } from "../../src/db/queries/audit.js";
import { canonicalContent, entryHash } from "../../src/services/audit/chain.js";
import { verifyAuditChain } from "../../src/services/audit/verify-chain.js";
import type { TestDatabase } from "../support/database.js";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { errorCode, gql, ok, subscribe, wsClient } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let database: TestDatabase;
const tokens: Record<"admin" | "staff" | "clerk" | "citizen" | "bank", string> = {} as never;

useTestHub(
  async (started, db) => {
    hub = started;
    database = db;
    tokens.admin = await hub.token({ role: "ADMIN", org: "HN-PASC", sub: "admin-audit" });
    tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01", sub: "staff-audit" });
    tokens.clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01", sub: "clerk-audit" });
    tokens.citizen = await hub.token({ role: "CITIZEN", sub: "citizen-audit" });
    tokens.bank = await hub.token({ role: "BANK_OFFICER", org: "VCB", sub: "bank-audit" });
  },
  // No background workers: the statements counted below are the requests' own.
  { config: testConfig({ HUB_WORKERS: "off" }) },
);

const TRAIL = `query($entity: String, $entityId: ID, $first: Int, $after: String) {
  auditTrail(entity: $entity, entityId: $entityId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { sequence at actorSubject actorRoles organizationCode action entity entityId requestId outcome previousHash hash }
  } }`;

async function trailOf(entityId: string) {
  return (await ok(hub.url, TRAIL, { entity: "dossier", entityId, first: 100 }, tokens.admin)).auditTrail.nodes as Array<Record<string, any>>;
}

async function post(query: string, variables: Record<string, unknown>, token: string, requestId: string) {
  const response = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-request-id": requestId },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> };
}

describe("what the trail records", () => {
  it("each accepted mutation with its actor, organization and request id, and each refused one with its code", async () => {
    const dossier = await submitDossier(hub, tokens.citizen);
    await receive(hub, tokens.clerk, dossier.id);
    const refused = await post(`mutation($id: ID!) { transitionDossier(id: $id, to: RETURNED) { id } }`, { id: dossier.id }, tokens.staff, "req-refused-1");
    expect(refused.errors![0]!.extensions.code).toBe("INVALID_TRANSITION");
    await post(`mutation($id: ID!) { transitionDossier(id: $id, to: IN_PROCESSING) { id } }`, { id: dossier.id }, tokens.staff, "req-moved-1");

    const entries = (await trailOf(dossier.id)).filter((entry) => entry.action !== "personalData.read");
    expect(entries.map((e) => [e.action, e.actorSubject, e.outcome])).toEqual([
      ["submitDossier", "citizen-audit", "OK"],
      ["receiveDossier", "clerk-audit", "OK"],
      ["transitionDossier", "staff-audit", "INVALID_TRANSITION"],
      ["transitionDossier", "staff-audit", "OK"],
    ]);
    expect(entries[1]).toMatchObject({ actorRoles: ["POST_CLERK"], organizationCode: "VNPOST-HN", entity: "dossier", entityId: dossier.id });
    expect(entries[2]!.requestId).toBe("req-refused-1");
    expect(entries[3]!.requestId).toBe("req-moved-1");
  });

  it("a refused access (FORBIDDEN, or a bad token), as access.denied", async () => {
    const dossier = await submitDossier(hub, tokens.citizen);
    expect(await errorCode(hub.url, `{ auditTrail { totalCount } }`, {}, tokens.staff)).toBe("FORBIDDEN");
    const forged = `${tokens.staff.slice(0, -4)}AAAA`;
    expect((await gql(hub.url, `{ viewer { subject } }`, {}, forged)).status).toBe(401);
    expect(await errorCode(hub.url, `mutation($id: ID!) { rescheduleDossier(id: $id, newDueAt: "2030-01-01T00:00:00Z", apology: "x") { id } }`, { id: dossier.id }, tokens.clerk)).toBe("FORBIDDEN");

    const denied = (await ok(hub.url, TRAIL, { entity: "operation", first: 100 }, tokens.admin)).auditTrail.nodes;
    expect(denied).toContainEqual(expect.objectContaining({ action: "access.denied", actorSubject: "staff-audit", outcome: "FORBIDDEN" }));
    const token = (await ok(hub.url, TRAIL, { entity: "token", first: 100 }, tokens.admin)).auditTrail.nodes;
    expect(token).toContainEqual(expect.objectContaining({ action: "access.denied", actorSubject: null, outcome: "UNAUTHENTICATED" }));
    expect(await trailOf(dossier.id)).toContainEqual(expect.objectContaining({ action: "rescheduleDossier", actorSubject: "clerk-audit", outcome: "FORBIDDEN" }));
  });

  it("a page of whole personal data as one entry per row, appended in one statement whatever the page size", async () => {
    for (let i = 0; i < 12; i++) await submitDossier(hub, tokens.citizen);
    const list = `query($n: Int) { dossiers(first: $n) { nodes { id applicant { idNumber } } } }`;
    await ok(hub.url, list, { n: 1 }, tokens.staff); // warm up
    const statementsFor = async (n: number) => {
      const before = database.handle.stats().statements;
      await ok(hub.url, list, { n }, tokens.staff);
      return database.handle.stats().statements - before;
    };
    const [few, many] = [await statementsFor(2), await statementsFor(12)];
    expect(many).toBe(few);

    const { nodes } = (await ok(hub.url, list, { n: 3 }, tokens.staff)).dossiers;
    const reads = (await trailOf(nodes[0].id)).filter((entry) => entry.action === "personalData.read");
    expect(reads.at(-1)).toMatchObject({ actorSubject: "staff-audit", entity: "dossier", outcome: "OK" });
  });

  it("concurrent reads share appends: one entry per read, each with its own actor and request id, in fewer statements", async () => {
    const dossier = await submitDossier(hub, tokens.citizen);
    const read = `query($id: ID!) { node(id: $id) { ... on Dossier { applicant { idNumber } } } }`;
    const staff = await Promise.all(
      Array.from({ length: 40 }, (_, i) => hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01", sub: `staff-${i}` })),
    );
    const statementsBefore = database.handle.stats().statements;
    await post(read, { id: dossier.id }, staff[0]!, "read-alone");
    const alone = database.handle.stats().statements - statementsBefore;

    const before = database.handle.stats().statements;
    const answers = await Promise.all(staff.map((token, i) => post(read, { id: dossier.id }, token, `read-${i}`)));
    const together = database.handle.stats().statements - before;
    expect(answers.every((answer) => answer.data?.node?.applicant?.idNumber)).toBe(true);
    // Embedded PGlite runs one statement at a time in this process: nothing is in flight for others to join.
    if (database.url) expect(together).toBeLessThan(40 * alone);
    else expect(together).toBeLessThanOrEqual(40 * alone);

    const reads = (await trailOf(dossier.id)).filter((entry) => entry.action === "personalData.read" && entry.requestId.startsWith("read-"));
    const byRequest = new Map(reads.map((entry) => [entry.requestId, entry.actorSubject]));
    expect(reads).toHaveLength(41);
    expect(byRequest.get("read-alone")).toBe("staff-0");
    for (let i = 0; i < 40; i++) expect(byRequest.get(`read-${i}`)).toBe(`staff-${i}`);
    expect((await verifyAuditChain(database.handle.db)).broken).toBeNull();
  });

  it("mutations over a WebSocket, with the operation's own request id", async () => {
    const client = wsClient(hub.wsUrl, tokens.citizen);
    const input = { procedureCode: "CP-01", channel: "ONLINE", branchCode: "HN-PASC-B01", resultDelivery: "AT_COUNTER",
      applicant: { fullName: "Tran Van Ws", idNumber: "001190099887", phone: "0912345678", address: "1 Hang Bai" } };
    const submitted = subscribe(client, `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`, { input });
    const [result] = await submitted.next(1);
    await client.dispose();
    const [entry] = await trailOf(result!.data.submitDossier.id);
    expect(entry).toMatchObject({ action: "submitDossier", actorSubject: "citizen-audit", outcome: "OK" });
    expect(entry!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves the trail to ADMIN only, oldest first, in pages that link up", async () => {
    expect(await errorCode(hub.url, TRAIL, {}, tokens.bank)).toBe("FORBIDDEN");
    const first = (await ok(hub.url, TRAIL, { first: 3 }, tokens.admin)).auditTrail;
    const second = (await ok(hub.url, TRAIL, { first: 3, after: first.pageInfo.endCursor }, tokens.admin)).auditTrail;
    const sequences = [...first.nodes, ...second.nodes].map((entry: { sequence: number }) => entry.sequence);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6]);
    expect(second.nodes[0].previousHash).toBe(first.nodes[2].hash);
    expect(first.totalCount).toBeGreaterThan(6);
    expect(await errorCode(hub.url, TRAIL, { after: "not-a-cursor" }, tokens.admin)).toBe("BAD_USER_INPUT");
  });

  it("refuses a filter with a NUL as BAD_USER_INPUT naming it, not a 500 from the query (found by fuzzing)", async () => {
    for (const [variables, field] of [[{ entity: "dossier\u0000" }, "entity"], [{ entity: "dossier", entityId: "x\u0000" }, "entityId"]] as const) {
      const response = await gql(hub.url, TRAIL, variables, tokens.admin);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect((await ok(hub.url, TRAIL, { entity: "no such entity" }, tokens.admin)).auditTrail.totalCount).toBe(0);
  });

  it("holds no personal data beyond who acted", async () => {
    const phone = "0987654329";
    const idNumber = "001190055511";
    const dossier = await submitDossier(hub, tokens.citizen, { applicant: { fullName: "Pham Thi Audit", idNumber, phone, address: "9 Trang Thi" } });
    await ok(hub.url, `query($id: ID!) { dossier(id: $id) { applicant { idNumber phone } } }`, { id: dossier.id }, tokens.staff);
    const rows = await queryRows<Record<string, unknown>>(database.handle.db, sql`select * from audit_entries`);
    const dump = JSON.stringify(rows);
    for (const secret of [phone, idNumber, "Pham Thi Audit", "9 Trang Thi"]) expect(dump).not.toContain(secret);
  });
});

describe("the chain", () => {
  it("is computed the same in Node as by the database, for awkward values too", async () => {
    const awkward = { actorSubject: 'quote" back\\slash \u0001 tiếng Việt 𝄞', actorRoles: ["ADMIN", "CENTER_STAFF"], organizationCode: null };
    const [row] = await queryRows<{ hash: string }>(
      database.handle.db,
      sql`select audit_entry_hash(${"f".repeat(64)}, 42, '2026-12-06T01:02:03.456Z'::timestamptz, ${awkward.actorSubject},
        ${sql.raw("array['ADMIN','CENTER_STAFF']")}, null, 'transitionDossier', 'dossier', null, 'req-1', 'OK') as hash`,
    );
    const entry = { sequence: 42, at: new Date("2026-12-06T01:02:03.456Z"), ...awkward, action: "transitionDossier", entity: "dossier", entityId: null, requestId: "req-1", outcome: "OK" };
    expect(row!.hash).toBe(entryHash("f".repeat(64), entry));
    expect(canonicalContent(entry)).toContain('"ADMIN,CENTER_STAFF"');
  });

  it("takes an append of a thousand entries in one statement, in their order, each chained onto the one before", async () => {
    const [before] = await queryRows<{ sequence: number }>(database.handle.db, sql`select sequence from audit_head`);
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      actorSubject: `reader-${i}`,
      actorRoles: i % 2 ? ["CENTER_STAFF"] : [],
      organizationCode: null,
      action: "personalData.read",
      entity: "dossier",
      entityId: `bulk-${i}`,
      requestId: "bulk",
      outcome: "OK",
    }));
    await appendAuditEntries(database.handle.db, entries);
    const rows = await queryRows<{ sequence: string; actor_subject: string; roles: string; empty: boolean }>(
      database.handle.db,
      sql`select sequence, actor_subject, array_to_string(actor_roles, ',') as roles, actor_roles = '{}' as empty
        from audit_entries where request_id = 'bulk' order by sequence`,
    );
    expect(rows.map((row) => Number(row.sequence))).toEqual(entries.map((_, i) => Number(before!.sequence) + 1 + i));
    expect(rows.map((row) => row.actor_subject)).toEqual(entries.map((entry) => entry.actorSubject));
    expect(rows[1]).toMatchObject({ roles: "CENTER_STAFF", empty: false });
    expect(rows[0]).toMatchObject({ roles: "", empty: true });
    expect((await verifyAuditChain(database.handle.db)).broken).toBeNull();
  });

  it("verifies end to end after everything above", async () => {
    const report = await verifyAuditChain(database.handle.db);
    expect(report.broken).toBeNull();
    expect(report.verified).toBeGreaterThan(10);
  });
});
