/**
 * Who may read and change which dossier (SPEC §1), and what personal data each viewer sees.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import type { TestDatabase } from "../support/database.js";
import { applicantInput, receive, submitDossier } from "../support/dossier-factory.js";
import { errorCode, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let database: TestDatabase;

useTestHub(async (started, db) => {
  hub = started;
  database = db;
});

const READ = `query($id: ID!) { dossier(id: $id) { code applicant { fullName idNumber phone } } }`;

describe("reading dossiers", () => {
  it("a citizen cannot read another citizen's dossier, by id, code, list or node", async () => {
    const owner = await hub.token({ role: "CITIZEN", sub: "citizen-owner" });
    const other = await hub.token({ role: "CITIZEN", sub: "citizen-stranger" });
    const dossier = await submitDossier(hub, owner);

    expect((await ok(hub.url, READ, { id: dossier.id }, other)).dossier).toBeNull();
    expect((await ok(hub.url, `query($c: String) { dossier(code: $c) { id } }`, { c: dossier.code }, other)).dossier).toBeNull();
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id: dossier.id }, other)).node).toBeNull();
    expect((await ok(hub.url, `{ dossiers { totalCount } }`, {}, other)).dossiers.totalCount).toBe(0);
    expect(
      await errorCode(hub.url, `mutation($id: ID!) { withdrawDossier(id: $id, reason: "mine now") { id } }`, { id: dossier.id }, other),
    ).toBe("NOT_FOUND");
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id ... on Dossier { code } } }`, { id: dossier.id }, owner)).node.code).toBe(
      dossier.code,
    );
  });

  it("pages a citizen's dossiers newest first with the count of all of them on every page, the empty one past the end too", async () => {
    const citizen = await hub.token({ role: "CITIZEN", sub: "citizen-paging" });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await submitDossier(hub, citizen)).code);
    const PAGE = `query($after: String) { dossiers(first: 2, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } }`;
    const first = (await ok(hub.url, PAGE, {}, citizen)).dossiers;
    expect(first).toMatchObject({ totalCount: 3, nodes: [{ code: codes[2] }, { code: codes[1] }], pageInfo: { hasNextPage: true } });
    const second = (await ok(hub.url, PAGE, { after: first.pageInfo.endCursor }, citizen)).dossiers;
    expect(second).toMatchObject({ totalCount: 3, nodes: [{ code: codes[0] }], pageInfo: { hasNextPage: false } });
    const beyond = (await ok(hub.url, PAGE, { after: second.pageInfo.endCursor }, citizen)).dossiers;
    expect(beyond).toMatchObject({ totalCount: 3, nodes: [], pageInfo: { hasNextPage: false } });
  });

  it("a clerk reads only their branch's dossiers and cannot receive at another branch", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const clerkB01 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    const clerkB02 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B02" });
    const dossier = await submitDossier(hub, citizen, { branchCode: "HN-PASC-B01" });

    expect(
      await errorCode(hub.url, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B02") { id } }`, { id: dossier.id }, clerkB01),
    ).toBe("FORBIDDEN");
    expect(
      await errorCode(hub.url, `mutation($id: ID!) { receiveDossier(id: $id, branchCode: "HN-PASC-B02") { id } }`, { id: dossier.id }, clerkB02),
    ).toBe("NOT_FOUND");
    expect((await ok(hub.url, READ, { id: dossier.id }, clerkB02)).dossier).toBeNull();
    expect((await ok(hub.url, `query($id: ID!) { dossier(id: $id) { status version } }`, { id: dossier.id }, clerkB01)).dossier).toEqual({
      status: "SUBMITTED",
      version: 1,
    });
    const received = await receive(hub, clerkB01, dossier.id, "HN-PASC-B01");
    expect(received.branch.code).toBe("HN-PASC-B01");
  });

  it("masks ID numbers and phones for everyone but the applicant and center staff, and audits whole reads", async () => {
    const citizen = await hub.token({ role: "CITIZEN", sub: "citizen-masking" });
    const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01", sub: "clerk-masking" });
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B05", sub: "staff-masking" });
    const admin = await hub.token({ role: "ADMIN", org: "HN-PASC", sub: "admin-masking" });
    const applicant = applicantInput({ idNumber: "001099012345", phone: "0912000345" });
    const dossier = await submitDossier(hub, citizen, { applicant });

    const whole = { fullName: applicant.fullName, idNumber: "001099012345", phone: "0912000345" };
    const masked = { fullName: applicant.fullName, idNumber: "*********345", phone: "******0345" };
    expect((await ok(hub.url, READ, { id: dossier.id }, citizen)).dossier.applicant).toEqual(whole);
    expect((await ok(hub.url, READ, { id: dossier.id }, staff)).dossier.applicant).toEqual(whole);
    expect((await ok(hub.url, READ, { id: dossier.id }, clerk)).dossier.applicant).toEqual(masked);
    expect((await ok(hub.url, READ, { id: dossier.id }, admin)).dossier.applicant).toEqual(masked);

    const reads = await queryRows<{ actor_subject: string }>(
      database.handle.db,
      sql`select actor_subject from audit_entries where action = 'personalData.read' and entity = 'dossier' order by sequence`,
    );
    const readers = reads.map((r) => r.actor_subject);
    expect(readers).toContain("citizen-masking");
    expect(readers).toContain("staff-masking");
    expect(readers).not.toContain("clerk-masking");
    expect(readers).not.toContain("admin-masking");
  });
});

describe("tokens that do not fit", () => {
  it("a role outside its organization's kind may ask who it is, and nothing else", async () => {
    const misfit = await hub.token({ role: "BANK_OFFICER", org: "HN-PASC" });
    const unknownOrg = await hub.token({ role: "CENTER_STAFF", org: "NOPE", branch: "HN-PASC-B01" });
    for (const token of [misfit, unknownOrg]) {
      expect((await ok(hub.url, `{ viewer { subject roles } }`, {}, token)).viewer.roles).toHaveLength(1);
      expect(await errorCode(hub.url, `{ procedures { code } }`, {}, token)).toBe("FORBIDDEN");
      expect(await errorCode(hub.url, `{ dossiers { totalCount } }`, {}, token)).toBe("FORBIDDEN");
    }
  });

  it("a role without the operation's rule is FORBIDDEN", async () => {
    const lawyer = await hub.token({ role: "LAWYER", org: "TRANANH-LAW", barNumber: "HBA-0001" });
    expect(await errorCode(hub.url, `{ serviceStatistics(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { received } }`, {}, lawyer)).toBe(
      "FORBIDDEN",
    );
  });
});
