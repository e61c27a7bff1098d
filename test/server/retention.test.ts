/**
 * The retention sweep (issue 11): rate-limit counters and upload links never used are forgotten
 * after RETENTION_HOURS by the hub's own worker, on its schedule; what is younger stays.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import type { TestDatabase } from "../support/database.js";
import { idOf } from "../../src/schema/node.js";

let hub: TestHub;
let database: TestDatabase;

useTestHub(
  (started, db) => {
    hub = started;
    database = db;
  },
  { config: testConfig({ RETENTION_HOURS: "24", RETENTION_SWEEP_SECONDS: "1" }) },
);

it("forgets rate-limit rows and unused upload links older than the retention, and keeps younger ones", async () => {
  const citizen = await hub.token({ role: "CITIZEN" });
  const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  const dossier = await receive(hub, clerk, (await submitDossier(hub, citizen)).id);
  const declare = `mutation($id: ID!, $sha: String!) {
    createDocumentUpload(dossierId: $id, kind: "APPLICATION_FORM", fileName: "scan.pdf", contentType: "application/pdf", sizeBytes: 10, sha256: $sha) { document { id } } }`;
  const upload = async () => (await ok(hub.url, declare, { id: dossier.id, sha: "a".repeat(64) }, clerk)).createDocumentUpload.document.id as string;
  const [stale, fresh] = [idOf("Document", await upload()), idOf("Document", await upload())];
  const db = database.handle.db;
  await queryRows(db, sql`update documents set created_at = now() - interval '25 hours' where id = ${stale}`);
  const [oldKey, newKey] = [`test:${randomUUID()}`, `test:${randomUUID()}`];
  await queryRows(db, sql`insert into rate_limit_counters values (${oldKey}, now() - interval '25 hours', 3), (${newKey}, now(), 3)`);

  await expect.poll(async () => (await queryRows(db, sql`select 1 from documents where id = ${stale}`)).length, { timeout: 5_000 }).toBe(0);
  await expect.poll(async () => (await queryRows(db, sql`select 1 from rate_limit_counters where key = ${oldKey}`)).length, { timeout: 5_000 }).toBe(0);
  expect(await queryRows(db, sql`select 1 from documents where id = ${fresh}`)).toHaveLength(1);
  expect(await queryRows(db, sql`select 1 from rate_limit_counters where key = ${newKey}`)).toHaveLength(1);
});
