/**
 * What operators see at GET /metrics (issue 12), in Prometheus' text format through prom-client:
 * the process (default metrics), GraphQL operations by name and outcome with their latency, the
 * pool, the relay, live subscriptions, the outbox backlog per partner, partner calls, rate-limit
 * refusals and interval workers' failed rounds. One registry per hub, so several hubs in one process (tests) count apart.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client.js";
import { outboxBacklog } from "../db/queries/backlog.js";
import { webhookBacklog } from "../db/queries/webhook.js";
import { encodeGlobalId } from "../global-id.js";
import type { PartnerCalls } from "../integrations/partner-calls.js";
import type { EventRelay } from "../realtime/relay.js";
import type { HubWorker } from "../services/hub-worker.js";
import type { RateLimiter } from "../services/limits/rate-limiter.js";
import type { HubContext } from "./context.js";

export interface MetricsSources {
  database: DatabaseHandle;
  relay: EventRelay;
  limiter: RateLimiter;
  partners: PartnerCalls;
  /** Operations running over WebSockets now (subscriptions, mostly). */
  liveOperations: () => number;
  /** Webhook attempts so far by outcome (none while webhooks are off). */
  webhookAttempts: () => ReadonlyMap<string, number>;
  /** The hub's background workers (interval workers report failed rounds). */
  workers: readonly HubWorker[];
}

export interface HubMetrics {
  registry: Registry;
  /** Counts one operation's outcome (its first error's code, or OK) and latency. */
  operationDone(name: string, outcome: string, seconds: number): void;
  apolloPlugin: ApolloServerPlugin<HubContext>;
}

export function createMetrics(sources: MetricsSources): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const operations = new Counter({
    name: "hub_graphql_operations_total",
    help: "GraphQL operations by operation name and outcome (OK or the SPEC §6 code of the first error).",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "hub_graphql_operation_seconds",
    help: "GraphQL operation latency, from request to response.",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const partnerCalls = new Histogram({
    name: "hub_partner_call_seconds",
    help: "Calls to partner systems by partner and outcome (ok, unavailable, rejected).",
    labelNames: ["partner", "outcome"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const partnerFailures = new Counter({
    name: "hub_partner_call_failures_total",
    help: "Partner calls that failed (unavailable: retried later; rejected: final).",
    labelNames: ["partner", "outcome"],
    registers: [registry],
  });
  sources.partners.observe(({ partner: name, outcome, seconds }) => {
    const partner = name.replace(/\s+/g, "-"); // "land registry" → land-registry, as the outbox backlog names it
    partnerCalls.observe({ partner, outcome }, seconds);
    if (outcome !== "ok") partnerFailures.inc({ partner, outcome });
  });

  gauge(registry, "hub_db_pool_connections", "Pool permits in use and callers waiting for one.", ["state"], (set) => {
    const stats = sources.database.stats();
    set({ state: "in_use" }, stats.inUse);
    set({ state: "waiting" }, stats.waiting);
    set({ state: "size" }, stats.size);
  });
  counterFrom(registry, "hub_db_statements_total", "SQL statements sent by this instance's pool.", () => sources.database.stats().statements);
  gauge(registry, "hub_relay_listening", "1 while the relay's LISTEN connection holds.", [], (set) => set({}, sources.relay.stats.listening ? 1 : 0));
  counterFrom(registry, "hub_relay_listen_reconnects_total", "Times LISTEN was re-established after a loss.", () => sources.relay.stats.reconnects);
  counterFrom(registry, "hub_relay_catch_ups_total", "Catch-up passes over live topics after LISTEN came back.", () => sources.relay.stats.catchUps);
  gauge(registry, "hub_subscriptions_live", "Operations running over WebSockets now.", [], (set) => set({}, sources.liveOperations()));
  counterFrom(registry, "hub_rate_limit_refusals_total", "Requests refused with RATE_LIMITED.", () => sources.limiter.refusals);
  gauge(
    registry,
    "hub_outbox_backlog",
    "Messages waiting for a partner, and the age in seconds of the oldest.",
    ["partner", "measure"],
    async (set) => {
      for (const row of await outboxBacklog(sources.database.db)) {
        set({ partner: row.partner, measure: "pending" }, row.pending);
        set({ partner: row.partner, measure: "oldest_age_seconds" }, row.oldestAgeSeconds);
      }
    },
  );

  new Counter({
    name: "hub_webhook_attempts_total",
    help: "Webhook delivery attempts by outcome (success, http_error, timeout, not_allowed, network_error).",
    labelNames: ["outcome"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, count] of sources.webhookAttempts()) this.inc({ outcome }, count);
    },
  });
  new Counter({
    name: "hub_worker_round_failures_total",
    help: "Rounds of interval workers (retention sweep, roster refresh, consult request expiry, shipment reconciliation) that failed; the next round tries again.",
    labelNames: ["worker"],
    registers: [registry],
    collect() {
      this.reset();
      for (const worker of sources.workers) if (worker.rounds) this.inc({ worker: worker.rounds.name }, worker.rounds.failures);
    },
  });
  gauge(registry, "hub_webhook_backlog", "Webhook deliveries pending per endpoint (its global id).", ["endpoint"], async (set) => {
    for (const row of await webhookBacklog(sources.database.db)) set({ endpoint: encodeGlobalId("WebhookEndpoint", row.endpointId) }, row.pending);
  });

  const operationDone = (name: string, outcome: string, seconds: number) => {
    operations.inc({ operation: name, outcome });
    latency.observe({ operation: name }, seconds);
  };
  return {
    registry,
    operationDone,
    apolloPlugin: {
      async requestDidStart({ request }) {
        const started = performance.now();
        return {
          async willSendResponse({ response, operationName }) {
            const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
            const code = errors?.[0]?.extensions?.code;
            operationDone(operationName ?? request.operationName ?? "anonymous", typeof code === "string" ? code : "OK", (performance.now() - started) / 1000);
          },
        };
      },
    },
  };
}

type Labels = Record<string, string>;

/** A gauge whose value is read when scraped. */
function gauge(registry: Registry, name: string, help: string, labelNames: string[], read: (set: (labels: Labels, value: number) => void) => void | Promise<void>) {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      await read((labels, value) => this.set(labels, value));
    },
  });
}

/** A counter that mirrors a running total kept elsewhere, read when scraped. */
function counterFrom(registry: Registry, name: string, help: string, read: () => number) {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
