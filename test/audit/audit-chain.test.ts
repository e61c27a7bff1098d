/**
 * The audit chain across instances and against tampering (issue 11): many writers on two hubs make
 * one gap-free line; the hub's own work is recorded without an actor; `npm run audit:verify`, run
 * as operators run it, names an edited entry and a deleted one.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { verifyAuditChain } from "../../src/services/audit/verify-chain.js";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";
import { dispatch, resultReadyByPost, sendWebhook } from "../support/delivery-factory.js";
import { submitDossier } from "../support/dossier-factory.js";
import { ok } from "../support/graphql.js";
import { startSecondInstance, startTestHub, testConfig } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "../registration/registration-factory.js";

const TRAIL = `query($entity: String, $entityId: ID) { auditTrail(entity: $entity, entityId: $entityId, first: 100) {
  nodes { action actorSubject actorRoles outcome entityId } } }`;

async function verifyByScript(url: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/audit-verify.ts"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test" },
      timeout: 20_000,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describeWithPostgres("the audit chain", () => {
  it("stays one gap-free line with 60 concurrent writers on two instances, records the hub's own work, and catches tampering", async () => {
    const database = await createTestDatabase();
    const first = await startTestHub(database.handle, { config: testConfig(fastOutbox) });
    const second = await startSecondInstance(first, database);
    try {
      const citizen = await first.token({ role: "CITIZEN" });
      const admin = await first.token({ role: "ADMIN", org: "HN-PASC" });
      await Promise.all(Array.from({ length: 60 }, (_, i) => submitDossier(i % 2 ? second : first, citizen)));
      // The land registry's decision and the post's webhook: the hub's own work, no actor.
      const bank = await first.token({ role: "BANK_OFFICER", org: "VCB" });
      const lodged = await register(first, bank, registerInput(freshParcel()), randomUUID());
      await waitForStatus(first, bank, lodged.id, ["REGISTERED"]);
      const decisions = (await ok(first.url, TRAIL, { entity: "securityRegistration", entityId: lodged.id }, admin)).auditTrail.nodes;
      expect(decisions.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(["registerSecurity", "landRegistry.registered"]));
      expect(decisions.find((entry: { action: string }) => entry.action === "landRegistry.registered")).toMatchObject({ actorSubject: null, actorRoles: [] });
      const tokens = {
        citizen,
        clerk: await first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" }),
        staff: await first.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }),
      };
      const ready = await resultReadyByPost(first, tokens);
      const shipment = await dispatch(first, tokens.clerk, ready.id);
      expect((await sendWebhook(first, { trackingNumber: shipment.trackingNumber, status: "IN_TRANSIT", at: new Date().toISOString() })).status).toBe(200);
      expect((await sendWebhook(first, { trackingNumber: shipment.trackingNumber, status: "IN_TRANSIT", at: new Date().toISOString() }, { secret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAA" })).status).toBe(401);
      const deliveries = (await ok(first.url, TRAIL, { entity: "delivery" }, admin)).auditTrail.nodes;
      expect(deliveries).toContainEqual(expect.objectContaining({ action: "post.webhook", actorSubject: null, outcome: "OK" }));
      expect(deliveries).toContainEqual(expect.objectContaining({ action: "post.webhook", actorSubject: null, outcome: "UNAUTHENTICATED" }));
      const intact = await verifyAuditChain(database.handle.db);
      expect(intact.broken).toBeNull();
      expect(intact.verified).toBeGreaterThanOrEqual(64);
      expect(await verifyByScript(database.url!)).toMatchObject({ code: 0 });

      // An insider edits one entry, then deletes another.
      const sql = postgres(database.url!, { max: 1, onnotice: () => {} });
      const [original] = await sql<{ actor_subject: string }[]>`select actor_subject from audit_entries where sequence = 10`;
      await sql`update audit_entries set actor_subject = 'someone-else' where sequence = 10`;
      const edited = await verifyByScript(database.url!);
      expect(edited.code).toBe(1);
      expect(edited.output).toContain("BROKEN at entry 10 (altered)");

      await sql`update audit_entries set actor_subject = ${original!.actor_subject} where sequence = 10`;
      expect(await verifyByScript(database.url!)).toMatchObject({ code: 0 });
      await sql`delete from audit_entries where sequence = 30`;
      const deleted = await verifyByScript(database.url!);
      expect(deleted.code).toBe(1);
      expect(deleted.output).toContain("BROKEN at entry 30 (missing)");
      await sql.end();
    } finally {
      await second.close();
      await first.close();
      await database.close();
    }
  }, 90_000);
});
