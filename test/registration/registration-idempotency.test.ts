import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { RetentionWorker } from "../../src/services/limits/retention.worker.js";
import { describeWithPostgres, type TestDatabase } from "../support/database.js";
import { errorCode, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, tryRegister, waitForStatus } from "./registration-factory.js";

let hub: TestHub;
let database: TestDatabase;

describeWithPostgres("idempotency keys under concurrent retries", () => {
  useTestHub((started, db) => {
    [hub, database] = [started, db];
  }, { config: testConfig(fastOutbox) });

  const count = async (token: string) => (await ok(hub.url, `{ securityRegistrations { totalCount } }`, {}, token)).securityRegistrations.totalCount;

  it("answers 10 racing identical requests with one registration, in the hub and at the registry", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const before = await count(vcb);
    const parcel = freshParcel();
    const input = registerInput(parcel);
    const key = randomUUID();

    const responses = await Promise.all(Array.from({ length: 10 }, () => tryRegister(hub, vcb, input, key)));

    expect(responses.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    const ids = new Set(responses.map((r) => r.data.registerSecurity.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    await waitForStatus(hub, vcb, id!, ["REGISTERED"]);
    expect(await count(vcb)).toBe(before + 1);
    const atRegistry = hub.partners.simulators.landRegistry!.registrations().filter((r) => r.parcels.includes(parcel.certificateSerial));
    expect(atRegistry).toHaveLength(1);

    // A retry long after the first answer still gets the same registration, now as it stands.
    const later = await register(hub, vcb, input, key);
    expect(later).toMatchObject({ id, status: "REGISTERED" });
  });

  it("refuses the key with a different request, racing or not, and changes nothing", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const key = randomUUID();
    const input = registerInput(freshParcel());
    const different = { ...input, securityContractNumber: "HDTC-2025-999" };

    const [first, second] = await Promise.all([tryRegister(hub, vcb, input, key), tryRegister(hub, vcb, different, key)]);
    const outcomes = [first, second].map((r) => r.errors?.[0]?.extensions.code ?? "OK").sort();
    expect(outcomes).toEqual(["IDEMPOTENCY_KEY_REUSED", "OK"]);
    const before = await count(vcb);

    const reused = await tryRegister(hub, vcb, first.errors ? input : different, key);
    expect(reused.errors?.[0]?.extensions.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await count(vcb)).toBe(before);

    // The same key for another operation is a different request too.
    const winner = (first.data ?? second.data).registerSecurity;
    await waitForStatus(hub, vcb, winner.id, ["REGISTERED"]);
    const asRelease = await errorCode(
      hub.url,
      `mutation($id: ID!, $key: String!) { deregisterSecurity(id: $id, reason: "repaid", idempotencyKey: $key) { id } }`,
      { id: winner.id, key },
      vcb,
    );
    expect(asRelease).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("scopes keys to the bank: another bank's identical key is its own request", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const bidv = await hub.token({ role: "BANK_OFFICER", org: "BIDV" });
    const key = `loan-${randomUUID()}`;
    const input = registerInput(freshParcel());
    const [ours, theirs] = await Promise.all([register(hub, vcb, input, key), register(hub, bidv, input, key)]);
    expect(ours.id).not.toBe(theirs.id);
    expect([ours.mortgagee.code, theirs.mortgagee.code]).toEqual(["VCB", "BIDV"]);
  });

  it("treats key order and explicit nulls as the same request", async () => {
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const key = randomUUID();
    const input = registerInput(freshParcel());
    const first = await register(hub, vcb, input, key);
    const reordered = Object.fromEntries(Object.entries({ ...input, deliveryAddress: null }).reverse());
    expect((await register(hub, vcb, reordered, key)).id).toBe(first.id);
  });

  it("keeps keys at least 24 hours: the retention sweep forgets only older ones", async () => {
    const retentionHours = hub.config.retentionHours;
    expect(retentionHours).toBeGreaterThanOrEqual(24);
    const retention = new RetentionWorker({ db: database.handle.db, logger: createLogger("silent"), settings: { retentionHours, sweepIntervalMs: 60_000 } });
    const vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const key = randomUUID();
    const input = registerInput(freshParcel());
    const first = await register(hub, vcb, input, key);
    const age = (hours: number) =>
      queryRows(database.handle.db, sql`update idempotency_keys set created_at = now() - ${hours} * interval '1 hour' where key = ${key} returning key`);

    await age(25);
    await retention.sweep();
    expect((await register(hub, vcb, input, key)).id).toBe(first.id);
    const different = { ...input, securityContractNumber: "HDTC-2025-777" };
    expect(await errorCode(hub.url, `mutation($input: RegisterSecurityInput!, $key: String!) { registerSecurity(input: $input, idempotencyKey: $key) { id } }`, { input: different, key }, vcb)).toBe("IDEMPOTENCY_KEY_REUSED");

    await age(retentionHours + 1);
    expect((await retention.sweep()).idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect((await register(hub, vcb, different, key)).id).not.toBe(first.id);
  });
});
