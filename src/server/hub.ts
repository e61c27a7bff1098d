/**
 * One hub instance: Apollo Server 5 on /graphql (a POST with JSON straight from node:http, the rest
 * through Express 5), graphql-ws on the same port and path, the relay listening on the database,
 * and the domain services. Several instances may share one database. Its life: listening (not
 * ready) → ready → draining → closed. `close()` is a rolling restart's drain (issue 12): readiness
 * turns false at once, the listener stops accepting, requests already read complete, WebSockets
 * close with 1001 so clients reconnect elsewhere, workers finish the item in hand and release what
 * they claimed, then the relay stops.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import helmet from "helmet";
import proxyaddr from "proxy-addr";
import type { HubConfig } from "../config.js";
import { createTokenVerifier } from "../auth/tokens.js";
import { migrationsApplied, ping, type DatabaseHandle } from "../db/client.js";
import type { Logger } from "../logger.js";
import { EventRelay } from "../realtime/relay.js";
import { buildHubSchema } from "../resolvers/index.js";
import type { RequestScope } from "../request-scope.js";
import { createApollo } from "./apollo.js";
import { ContextFactory } from "./context.js";
import { deliveryRoutes } from "./delivery-http.js";
import { graphqlOverHttp, type DirectRoute } from "./graphql-http.js";
import { healthRoutes, MAX_BODY_BYTES, metricsRoute, requestErrors, requestIds } from "./http.js";
import { createMetrics, type HubMetrics } from "./metrics.js";
import { createOperationLimits } from "./operation-limits.js";
import type { Partners } from "./partners.js";
import { createServices, type HubServices } from "../services/index.js";
import type { HostResolver } from "../services/webhook/index.js";
import { attachWebSocketServer } from "./websocket.js";

export interface HubOptions {
  config: HubConfig;
  database: DatabaseHandle;
  logger: Logger;
  partners: Partners;
  /** The hub's clock; tests move it to check due dates. */
  now?: () => Date;
  /** How webhook endpoints' host names are resolved at each attempt (tests map names to loopback). */
  webhookResolver?: HostResolver;
  /** Stay "not ready" after listening until `markReady()` (npm start seeds demo data first). */
  deferReady?: boolean;
}

export interface Hub {
  url: string;
  port: number;
  /** PUBLIC_URL, or http://localhost:<port> when it is not set. */
  publicUrl: string;
  services: HubServices;
  relay: EventRelay;
  metrics: HubMetrics;
  /** /readyz may say ready (startup finished). */
  markReady(): void;
  /** Drains and stops; idempotent (a second call joins the first). */
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, database, logger } = options;
  const now = options.now ?? (() => new Date());
  const db = database.db;

  const relay = new EventRelay(database, logger, { checkIntervalMs: config.listenCheckMs });
  await relay.start();
  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const services = createServices({
    db,
    relay,
    logger,
    now,
    config,
    partners: options.partners,
    publicUrl: () => publicUrl,
    webhookResolver: options.webhookResolver,
  });
  const verifier = await createTokenVerifier(config);
  const contexts = new ContextFactory({ db, verifier, services, landRegistry: options.partners.landRegistry, logger, now });
  const schema = await buildHubSchema();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const clientIpOf = (request: IncomingMessage) => proxyaddr(request, app.get("trust proxy fn"));
  // POST /graphql with a JSON body goes straight to Apollo once it has started (graphql-http.ts); the rest to Express.
  let direct: DirectRoute = () => false;
  const httpServer = createServer((request, response) => {
    if (!direct(request, response)) app(request, response);
  });
  const limits = createOperationLimits(config.graphql);
  const errorFormat = { fieldSuggestions: config.graphql.fieldSuggestions };
  let liveOperations = () => 0;
  const metrics = createMetrics({
    database,
    relay,
    limiter: services.limits.limiter,
    partners: options.partners.calls,
    liveOperations: () => liveOperations(),
    webhookAttempts: () => services.webhook.deliveries?.attemptsByOutcome ?? new Map(),
    workers: services.workers,
  });
  const ws = attachWebSocketServer({
    httpServer,
    schema,
    contexts,
    limits,
    limiter: services.limits.limiter,
    settings: config.webSocket,
    errorFormat,
    clientIpOf,
    onOperationDone: metrics.operationDone,
    logger,
  });
  liveOperations = ws.liveOperations;
  const apollo = createApollo({
    schema,
    config,
    httpServer,
    disposeWebSockets: async () => ws.dispose(),
    limits,
    limiter: services.limits.limiter,
    metrics,
    errorFormat,
    logger,
  });
  await apollo.start();

  let state: "starting" | "ready" | "draining" = "starting";
  // Security headers (nosniff and the rest); no CSP, which would break the sandbox page and protects no JSON.
  const securityHeaders = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.use(securityHeaders);
  // Browsers may call from the origins listed in CORS_ORIGINS only; with none, no CORS header at all.
  if (config.corsOrigins.length > 0) app.use(cors({ origin: config.corsOrigins, credentials: false, maxAge: 600 }));
  app.use(requestIds(logger));
  // GraphQL first: nearly every request is one, and need not be matched against the routes below.
  const context = (authorization: string | undefined, scope: RequestScope) => contexts.forHttp(authorization, scope);
  direct = graphqlOverHttp({ apollo, context, securityHeaders, cors: config.corsOrigins.length > 0, clientIp: clientIpOf, logger });
  app.use("/graphql", express.json({ limit: MAX_BODY_BYTES }), expressMiddleware(apollo, { context: ({ req }) => context(req.headers.authorization, req.scope) }));
  let migrated = false;
  healthRoutes(app, {
    serving: () => state === "ready",
    listen: () => relay.stats.listening,
    database: () => ping(db),
    migrations: async () => (migrated ||= await migrationsApplied(db)),
  });
  metricsRoute(app, metrics.registry, { token: config.metricsToken, production: config.nodeEnv === "production" });
  // Streams and signed bodies: mounted before any body parser.
  app.use(deliveryRoutes({ services, postWebhookSecret: options.partners.postWebhookSecret, logger }));
  app.use(requestErrors(logger));

  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  // The bundled post simulator (when it runs) sends its tracking webhooks here.
  options.partners.simulators.post?.setWebhookUrl(`${publicUrl}/webhooks/post`);
  // Workers' rounds (and all they await) use the worker pool.
  if (config.runWorkers) services.workers.forEach((worker) => database.asWorker(() => worker.start()));
  const markReady = () => {
    if (state === "starting") state = "ready";
  };
  if (!options.deferReady) markReady();

  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    publicUrl,
    services,
    relay,
    metrics,
    markReady,
    close() {
      closing ??= (async () => {
        state = "draining";
        const started = Date.now();
        // Not ready, still serving: load balancers see the 503 and stop sending before the listener closes.
        await new Promise((resolve) => setTimeout(resolve, Math.min(config.shutdownReadinessDelayMs, config.shutdownGraceMs / 4)));
        // HTTP and WebSockets drain while workers finish the item in hand; the relay goes last.
        await Promise.all([apollo.stop(), ...services.workers.map((worker) => worker.stop())]);
        await relay.stop();
        logger.info({ ms: Date.now() - started }, "hub drained and stopped");
      })();
      return closing;
    },
  };
}
