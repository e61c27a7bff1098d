/**
 * The hub's configuration: read from the environment once, validated, typed.
 * Nothing else in the code base reads process.env (SPEC §7 names the variables).
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

interface PartnerSettings {
  url: string | undefined;
  token: string | undefined;
}

/** The request pool and the limits every hub connection sets (issue 16: nothing waits forever). */
export interface DatabasePoolSettings {
  /** DATABASE_POOL_MAX: connections per instance for requests (see README, "Sizing the pool"). */
  max: number;
  /** DATABASE_WORKER_POOL_MAX: connections per instance for background workers (application_name hub-worker). */
  workerMax: number;
  /** How long a query or transaction waits for a free connection before it fails. */
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** A pool query inside a transaction throws at once (everywhere but production, where it is logged). */
  strictTransactions: boolean;
}

/** What one GraphQL operation may ask for (src/server/operation-limits.ts). */
export interface OperationLimitSettings {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Fields weighted by how many times they resolve (lists by their page size). */
  maxCost: number;
  /** Schema introspection: on outside production, off in production unless GRAPHQL_INTROSPECTION=true. */
  introspection: boolean;
  /** "Did you mean …" in validation errors: shown outside production only. */
  fieldSuggestions: boolean;
}

/** Limits kept in PostgreSQL, so they hold across instances (src/services/limits/). */
export interface RateLimitSettings {
  windowSeconds: number;
  /** Authenticated operations per token subject per window. */
  perSubject: number;
  /** Authenticated operations per organization per window. */
  perOrganization: number;
  /** Wrong receipt-code guesses (trackDossier, rateService) per client IP per guess window. */
  guessesPerIp: number;
  guessWindowSeconds: number;
}

export interface WebSocketSettings {
  /** Open sockets per token subject on one instance; the excess is closed with 4429 at connection_init. */
  maxConnectionsPerSubject: number;
  /** Subscriptions running at once on one socket. */
  maxSubscriptionsPerConnection: number;
  /** How long a socket may stay open without connection_init (closed with 4408). */
  initTimeoutMs: number;
}

/** Webhooks to partner systems (SPEC §7, §8). */
interface WebhookSettings {
  /** WEBHOOK_SECRETS_KEY (32 bytes); unset: made in the data folder outside production, webhooks off in production. */
  secretsKey: Buffer | undefined;
  /** The waits between a message's attempts: the first attempt at once, then one after each wait. */
  retryScheduleMs: number[];
  timeoutMs: number;
  concurrencyPerEndpoint: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterMs: number;
  allowHttp: boolean;
  allowPrivateTargets: boolean;
  /** Idle wait between looks for due deliveries when nothing wakes the worker. */
  pollIntervalMs: number;
  /** Attempts in flight at once in one instance, over all endpoints. */
  batchSize: number;
}

export interface HubConfig {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** PUBLIC_URL; when unset the hub uses http://localhost:<the port it listens on>. */
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePool: DatabasePoolSettings;
  /** SHUTDOWN_GRACE_SECONDS: how long a SIGTERM waits for requests, sockets and workers before closing what is left. */
  shutdownGraceMs: number;
  /**
   * SHUTDOWN_READINESS_DELAY_MS: on a drain, how long /readyz says 503 while the hub still serves
   * everything, so load balancers stop sending before the listener closes (within the grace).
   */
  shutdownReadinessDelayMs: number;
  /** How long startup waits for an unreachable database, trying again, before it gives up. */
  databaseStartupTimeoutMs: number;
  /** METRICS_TOKEN: /metrics wants this bearer token; unset, /metrics is open in development and off in production. */
  metricsToken: string | undefined;
  /** How often the relay's LISTEN connection is asked whether it still listens (a loss by close is seen at once). */
  listenCheckMs: number;
  /** How old the in-memory catalog (organizations, branches, procedures, calendar) may get before it is reloaded in the background. */
  catalogRefreshMs: number;
  graphql: OperationLimitSettings;
  rateLimits: RateLimitSettings;
  webSocket: WebSocketSettings;
  /** CORS_ORIGINS: origins allowed to call from a browser; none by default (never `*`). */
  corsOrigins: string[];
  /** TRUST_PROXY: Express's "trust proxy" — which proxies' X-Forwarded-For to believe for the client IP. Unset: none. */
  trustProxy: boolean | number | string;
  /** RETENTION_HOURS: how long idempotency records, rate-limit rows and unused upload links are kept (≥ 24). */
  retentionHours: number;
  /** RETENTION_SWEEP_SECONDS: how often the retention worker looks for what to forget. */
  retentionSweepMs: number;
  auth:
    | { mode: "jwks"; jwksUrl: string; issuer: string | undefined; audience: string | undefined }
    | { mode: "development"; issuer: string; audience: string };
  landRegistry: PartnerSettings;
  /** simulatorStepSeconds: how long the bundled post simulator keeps a parcel in each status (POST_SIMULATOR_STEP_SECONDS). */
  post: PartnerSettings & { webhookSecret: string | undefined; simulatorStepSeconds: number };
  barRoster: PartnerSettings;
  uploadUrlTtlSeconds: number;
  uploadMaxBytes: number;
  postPollIntervalSeconds: number;
  /** LINK_SIGNING_SECRET: signs upload and download links; unset, one is made once in the data folder. Instances serving one another's links must share it. */
  linkSigningSecret: string | undefined;
  /** How long one call to a partner system may take before it counts as failed (retryable). */
  partnerTimeoutMs: number;
  /** PARTNER_CONCURRENCY: calls in flight at once to each partner; the excess waits (the outbox's rows in the outbox). */
  partnerConcurrency: number;
  logLevel: string;
  /** Outbox and polling workers in this process; off only for tools and some tests. */
  runWorkers: boolean;
  /** Seed the demo data (organizations are always seeded) on an empty database. */
  seedDemoData: boolean;
  /** The land-registry outbox worker's pace (tests make it fast). */
  registrationOutbox: {
    /** How often the worker looks for due rows when nothing woke it, and how often it polls a 202. */
    pollIntervalMs: number;
    /** Exponential backoff for 5xx, 429 and timeouts: first delay and cap. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** How long a claimed row stays with its worker before another instance may take it over. */
    leaseMs: number;
  };
  webhooks: WebhookSettings;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): HubConfig {
  const problems: string[] = [];
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "production", "test"], "development", problems);
  const port = integer(env, "PORT", 4000, { min: 0, max: 65535 }, problems);
  const jwksUrl = url(env, "AUTH_JWKS_URL", problems);

  const config: HubConfig = {
    nodeEnv,
    port,
    publicUrl: url(env, "PUBLIC_URL", problems),
    dataDir: resolve(projectRoot, env.HUB_DATA_DIR ?? ".data"),
    databaseUrl: url(env, "DATABASE_URL", problems),
    databasePool: {
      max: integer(env, "DATABASE_POOL_MAX", 10, { min: 1, max: 500 }, problems),
      workerMax: integer(env, "DATABASE_WORKER_POOL_MAX", 3, { min: 1, max: 100 }, problems),
      acquireTimeoutMs: integer(env, "DATABASE_ACQUIRE_TIMEOUT_MS", 10_000, { min: 10, max: 600_000 }, problems),
      statementTimeoutMs: integer(env, "DATABASE_STATEMENT_TIMEOUT_MS", 30_000, { min: 100, max: 3_600_000 }, problems),
      lockTimeoutMs: integer(env, "DATABASE_LOCK_TIMEOUT_MS", 10_000, { min: 100, max: 3_600_000 }, problems),
      idleInTransactionTimeoutMs: integer(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 60_000, { min: 100, max: 3_600_000 }, problems),
      strictTransactions: nodeEnv !== "production",
    },
    catalogRefreshMs: integer(env, "CATALOG_REFRESH_SECONDS", 60, { min: 1, max: 86_400 }, problems) * 1000,
    listenCheckMs: integer(env, "LISTEN_CHECK_INTERVAL_MS", 5000, { min: 50, max: 600_000 }, problems),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_SECONDS", 8, { min: 1, max: 600 }, problems) * 1000,
    shutdownReadinessDelayMs: integer(env, "SHUTDOWN_READINESS_DELAY_MS", 1000, { min: 0, max: 60_000 }, problems),
    databaseStartupTimeoutMs: integer(env, "DATABASE_STARTUP_TIMEOUT_SECONDS", 60, { min: 0, max: 3600 }, problems) * 1000,
    metricsToken: env.METRICS_TOKEN || undefined,
    graphql: {
      maxDepth: integer(env, "GRAPHQL_MAX_DEPTH", 10, { min: 2, max: 100 }, problems),
      maxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 15, { min: 0, max: 1000 }, problems),
      maxDirectives: integer(env, "GRAPHQL_MAX_DIRECTIVES", 10, { min: 0, max: 1000 }, problems),
      maxTokens: integer(env, "GRAPHQL_MAX_TOKENS", 2000, { min: 100, max: 100_000 }, problems),
      maxCost: integer(env, "GRAPHQL_MAX_COST", 25_000, { min: 10, max: 10_000_000 }, problems),
      introspection: flag(env, "GRAPHQL_INTROSPECTION", nodeEnv !== "production", problems),
      fieldSuggestions: nodeEnv !== "production",
    },
    rateLimits: {
      windowSeconds: integer(env, "RATE_LIMIT_WINDOW_SECONDS", 60, { min: 1, max: 86_400 }, problems),
      perSubject: integer(env, "RATE_LIMIT_PER_SUBJECT", 1200, { min: 1, max: 10_000_000 }, problems),
      perOrganization: integer(env, "RATE_LIMIT_PER_ORGANIZATION", 12_000, { min: 1, max: 10_000_000 }, problems),
      guessesPerIp: integer(env, "GUESS_LIMIT_PER_IP", 20, { min: 1, max: 100_000 }, problems),
      guessWindowSeconds: integer(env, "GUESS_WINDOW_SECONDS", 900, { min: 1, max: 86_400 }, problems),
    },
    webSocket: {
      maxConnectionsPerSubject: integer(env, "WS_MAX_CONNECTIONS_PER_SUBJECT", 10, { min: 1, max: 10_000 }, problems),
      maxSubscriptionsPerConnection: integer(env, "WS_MAX_SUBSCRIPTIONS_PER_CONNECTION", 50, { min: 1, max: 10_000 }, problems),
      initTimeoutMs: integer(env, "WS_INIT_TIMEOUT_MS", 3000, { min: 100, max: 60_000 }, problems),
    },
    corsOrigins: (env.CORS_ORIGINS ?? "").split(",").map((origin) => origin.trim()).filter(Boolean),
    trustProxy: trustProxy(env.TRUST_PROXY),
    retentionHours: integer(env, "RETENTION_HOURS", 48, { min: 24, max: 24 * 3650 }, problems),
    retentionSweepMs: integer(env, "RETENTION_SWEEP_SECONDS", 600, { min: 1, max: 86_400 }, problems) * 1000,
    auth: jwksUrl
      ? { mode: "jwks", jwksUrl, issuer: env.AUTH_ISSUER || undefined, audience: env.AUTH_AUDIENCE || undefined }
      : { mode: "development", issuer: env.AUTH_ISSUER || "hanoi-hub-dev", audience: env.AUTH_AUDIENCE || "hanoi-hub" },
    landRegistry: { url: url(env, "LAND_REGISTRY_URL", problems), token: env.LAND_REGISTRY_TOKEN || undefined },
    post: {
      url: url(env, "POST_API_URL", problems),
      token: env.POST_API_TOKEN || undefined,
      webhookSecret: webhookSecret(env, problems),
      simulatorStepSeconds: integer(env, "POST_SIMULATOR_STEP_SECONDS", 60, { min: 1, max: 86_400 }, problems),
    },
    barRoster: { url: url(env, "BAR_ROSTER_URL", problems), token: env.BAR_ROSTER_TOKEN || undefined },
    uploadUrlTtlSeconds: integer(env, "UPLOAD_URL_TTL_SECONDS", 600, { min: 1, max: 86_400 }, problems),
    uploadMaxBytes: integer(env, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024, { min: 1, max: 2 ** 31 - 1 }, problems),
    postPollIntervalSeconds: integer(env, "POST_POLL_INTERVAL_SECONDS", 300, { min: 1, max: 86_400 }, problems),
    linkSigningSecret: linkSigningSecret(env, problems),
    partnerTimeoutMs: integer(env, "PARTNER_TIMEOUT_MS", 10_000, { min: 100, max: 120_000 }, problems),
    partnerConcurrency: integer(env, "PARTNER_CONCURRENCY", 16, { min: 1, max: 1000 }, problems),
    logLevel: env.LOG_LEVEL || (nodeEnv === "test" ? "silent" : "info"),
    runWorkers: env.HUB_WORKERS !== "off",
    seedDemoData: env.HUB_DEMO_DATA ? env.HUB_DEMO_DATA !== "off" : nodeEnv !== "production",
    registrationOutbox: {
      pollIntervalMs: integer(env, "REGISTRATION_POLL_INTERVAL_MS", 1000, { min: 10, max: 600_000 }, problems),
      retryBaseMs: integer(env, "REGISTRATION_RETRY_BASE_MS", 1000, { min: 10, max: 600_000 }, problems),
      retryMaxMs: integer(env, "REGISTRATION_RETRY_MAX_MS", 300_000, { min: 10, max: 86_400_000 }, problems),
      leaseMs: integer(env, "REGISTRATION_LEASE_MS", 60_000, { min: 100, max: 3_600_000 }, problems),
    },
    webhooks: {
      secretsKey: secretsKey(env, problems),
      retryScheduleMs: retrySchedule(env, problems),
      timeoutMs: integer(env, "WEBHOOK_TIMEOUT_SECONDS", 15, { min: 1, max: 300 }, problems) * 1000,
      concurrencyPerEndpoint: integer(env, "WEBHOOK_CONCURRENCY_PER_ENDPOINT", 4, { min: 1, max: 100 }, problems),
      disableAfterMs: integer(env, "WEBHOOK_DISABLE_AFTER_SECONDS", 432_000, { min: 1, max: 31_536_000 }, problems) * 1000,
      allowHttp: flag(env, "WEBHOOK_ALLOW_HTTP", nodeEnv !== "production", problems),
      allowPrivateTargets: flag(env, "WEBHOOK_ALLOW_PRIVATE_TARGETS", nodeEnv !== "production", problems),
      pollIntervalMs: integer(env, "WEBHOOK_POLL_INTERVAL_MS", 1000, { min: 10, max: 600_000 }, problems),
      batchSize: integer(env, "WEBHOOK_BATCH_SIZE", 32, { min: 1, max: 1000 }, problems),
    },
  };
  if (config.registrationOutbox.leaseMs <= config.partnerTimeoutMs) {
    // A lease shorter than one call would let a second instance resend while the first still waits.
    problems.push("REGISTRATION_LEASE_MS must be longer than PARTNER_TIMEOUT_MS");
  }
  if (config.post.url && !config.post.webhookSecret) {
    problems.push("POST_WEBHOOK_SECRET is required when POST_API_URL is set");
  }
  if (config.corsOrigins.includes("*")) problems.push("CORS_ORIGINS must list origins; `*` is not allowed");
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  return config;
}

function integer(env: Env, name: string, fallback: number, range: { min: number; max: number }, problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    problems.push(`${name} must be an integer between ${range.min} and ${range.max}`);
    return fallback;
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  problems.push(`${name} must be true or false`);
  return fallback;
}

/** Express's "trust proxy": true, a hop count, or a list of addresses/subnets (`loopback, 10.0.0.0/8`). */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (!raw || raw === "false") return false;
  if (raw === "true") return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function url(env: Env, name: string, problems: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    new URL(raw);
    return raw.replace(/\/$/, "");
  } catch {
    problems.push(`${name} must be a URL`);
    return undefined;
  }
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = env[name];
  if (!raw) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(", ")}`);
  return fallback;
}

function webhookSecret(env: Env, problems: string[]): string | undefined {
  const raw = env.POST_WEBHOOK_SECRET;
  if (!raw) return undefined;
  if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(raw)) problems.push("POST_WEBHOOK_SECRET must have the form whsec_<base64>");
  return raw;
}

function linkSigningSecret(env: Env, problems: string[]): string | undefined {
  const raw = env.LINK_SIGNING_SECRET;
  if (!raw) return undefined;
  if (raw.length < 32) problems.push("LINK_SIGNING_SECRET must be at least 32 characters");
  return raw;
}

/** WEBHOOK_SECRETS_KEY: 32 bytes, base64 (AES-256-GCM). */
function secretsKey(env: Env, problems: string[]): Buffer | undefined {
  const raw = env.WEBHOOK_SECRETS_KEY;
  if (!raw) return undefined;
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) {
    problems.push("WEBHOOK_SECRETS_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
    return undefined;
  }
  return key;
}

/** WEBHOOK_RETRY_SCHEDULE_SECONDS: comma-separated waits in seconds, e.g. `5,300,1800`. */
function retrySchedule(env: Env, problems: string[]): number[] {
  const raw = env.WEBHOOK_RETRY_SCHEDULE_SECONDS || "5,300,1800,7200,18000,36000,36000";
  const waits = raw.split(",").map((part) => Number(part.trim()));
  if (waits.length > 50 || waits.some((wait) => !Number.isInteger(wait) || wait < 0 || wait > 604_800)) {
    problems.push("WEBHOOK_RETRY_SCHEDULE_SECONDS must be comma-separated whole seconds (0 to 604800), at most 50 of them");
    return [5, 300, 1800, 7200, 18000, 36000, 36000].map((seconds) => seconds * 1000);
  }
  return waits.map((seconds) => seconds * 1000);
}
