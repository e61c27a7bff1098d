/**
 * /metrics for operators (issue 12), read with a Prometheus text-format parser: operation counters
 * and latency move when operations run, on both transports; the outbox backlog rises while the land
 * registry is down and falls when it returns; the relay and pool are there; an interval worker's
 * failed rounds are counted while a table it needs is gone; METRICS_TOKEN guards it, and production
 * without one does not serve it.
 */
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { describeWithPostgres, type TestDatabase } from "../support/database.js";
import { submitDossier } from "../support/dossier-factory.js";
import { ok, subscribe, wsClient } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "../registration/registration-factory.js";

async function scrape(hub: TestHub, token = "metrics-secret"): Promise<PrometheusFamily[]> {
  const response = await fetch(hub.url.replace("/graphql", "/metrics"), { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return parsePrometheusTextFormat(await response.text());
}

function value(families: PrometheusFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? sample?.count ?? 0);
}

describe("with METRICS_TOKEN", () => {
  let hub: TestHub;
  useTestHub(
    (started) => {
      hub = started;
    },
    { config: testConfig({ METRICS_TOKEN: "metrics-secret", ...fastOutbox }) },
  );

  it("refuses a scrape without the token", async () => {
    expect((await fetch(hub.url.replace("/graphql", "/metrics"))).status).toBe(401);
  });

  it("counts operations by name and outcome, with their latency, over HTTP and WebSocket", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const before = await scrape(hub);
    await ok(hub.url, `query Me { viewer { subject } }`, {}, citizen);
    await ok(hub.url, `query Me { viewer { subject } }`, {}, citizen);
    const client = wsClient(hub.wsUrl, citizen);
    await subscribe(client, `query Me { viewer { subject } }`).next(1);
    await client.dispose();
    const after = await scrape(hub);
    expect(value(after, "hub_graphql_operations_total", { operation: "Me", outcome: "OK" }) - value(before, "hub_graphql_operations_total", { operation: "Me", outcome: "OK" })).toBe(3);
    expect(after.find((f) => f.name === "hub_graphql_operation_seconds")?.type).toBe("HISTOGRAM");
    expect(value(after, "hub_db_statements_total")).toBeGreaterThan(value(before, "hub_db_statements_total"));
    expect(value(after, "hub_relay_listening")).toBe(1);
    expect(after.find((f) => f.name === "hub_db_pool_connections")?.metrics.map((m) => m.labels?.state).sort()).toEqual(["in_use", "size", "waiting"]);
    expect(after.find((f) => f.name === "process_resident_memory_bytes")).toBeDefined();
  });

  it("shows the outbox backlog rising while the land registry is down and falling when it returns", async () => {
    const registry = hub.partners.simulators.landRegistry!;
    const bank = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    const pending = () => scrape(hub).then((families) => value(families, "hub_outbox_backlog", { partner: "land-registry", measure: "pending" }));
    const baseline = await pending();
    registry.faults.failNext(10_000, 503);
    const lodged = await Promise.all([1, 2, 3].map(() => register(hub, bank, registerInput(freshParcel()))));
    expect(await pending()).toBe(baseline + 3);
    await expect.poll(async () => value(await scrape(hub), "hub_partner_call_failures_total", { partner: "land-registry", outcome: "unavailable" })).toBeGreaterThan(0);

    registry.faults.reset();
    for (const { id } of lodged) await waitForStatus(hub, bank, id, ["REGISTERED"]);
    expect(await pending()).toBe(baseline);
  });

  it("counts rate-limit refusals", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen);
    const before = value(await scrape(hub), "hub_rate_limit_refusals_total");
    for (let i = 0; i < 11; i++) await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ trackDossier(code: "${dossier.code}", phoneLast4: "0000") { status } }` }) });
    expect(value(await scrape(hub), "hub_rate_limit_refusals_total")).toBeGreaterThan(before);
  });
});

describe("in production without METRICS_TOKEN", () => {
  let hub: TestHub;
  useTestHub(
    (started) => {
      hub = started;
    },
    { config: testConfig({ NODE_ENV: "production" }) },
  );

  it("does not serve /metrics", async () => {
    expect((await fetch(hub.url.replace("/graphql", "/metrics"))).status).toBe(404);
  });
});

describeWithPostgres("interval workers' failed rounds", () => {
  let hub: TestHub;
  let database: TestDatabase;
  useTestHub(
    (started, db) => {
      hub = started;
      database = db;
    },
    { config: testConfig({ METRICS_TOKEN: "metrics-secret", RETENTION_SWEEP_SECONDS: "1" }) },
  );

  it("are counted by worker while a round cannot run, and stop counting once it can again", async () => {
    const failures = async () => value(await scrape(hub), "hub_worker_round_failures_total", { worker: "retention sweep" });
    expect((await scrape(hub)).find((f) => f.name === "hub_worker_round_failures_total")?.metrics.map((m) => m.labels?.worker).sort()).toEqual(
      ["consult request expiry", "retention sweep", "roster refresh", "shipment reconciliation"],
    );
    expect(await failures()).toBe(0);
    // An operator's mistake from outside: a table the sweep needs is gone for a while.
    const admin = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      await admin`alter table idempotency_keys rename to idempotency_keys_away`;
      await expect.poll(failures, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await admin`alter table idempotency_keys_away rename to idempotency_keys`;
      // A round under way may still fail once; after it, the count holds.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const settled = await failures();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await failures()).toBe(settled);
    } finally {
      await admin.end();
    }
  }, 30_000);
});
