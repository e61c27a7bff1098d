/**
 * One hub instance: Express 5 + Apollo Server 5 on /graphql, graphql-ws on the same port and
 * path, the relay listening on the database, and the domain services. Several instances may share
 * one database. `close()` drains HTTP requests and WebSockets before it returns.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import cors from "cors";
import express from "express";
import helmet from "helmet";
import proxyaddr from "proxy-addr";
import type { HubConfig } from "../config.js";
import { createTokenVerifier } from "../auth/tokens.js";
import { ping, type DatabaseHandle } from "../db/client.js";
import type { Logger } from "../logger.js";
import { EventRelay } from "../realtime/relay.js";
import { buildHubSchema } from "../resolvers/index.js";
import type { RateLimiter } from "../services/limits/rate-limiter.js";
import { ContextFactory, type HubContext } from "./context.js";
import { deliveryRoutes } from "./delivery-http.js";
import { formatHubError } from "./errors.js";
import { healthRoutes, MAX_BODY_BYTES, requestErrors, requestIds } from "./http.js";
import { recordOperation } from "./operation-audit.js";
import { createOperationLimits } from "./operation-limits.js";
import type { Partners } from "./partners.js";
import { createServices, type HubServices } from "./services.js";
import { attachWebSocketServer } from "./websocket.js";

export interface HubOptions {
  config: HubConfig;
  database: DatabaseHandle;
  logger: Logger;
  partners: Partners;
  /** The hub's clock; tests move it to check due dates. */
  now?: () => Date;
}

export interface Hub {
  url: string;
  port: number;
  /** PUBLIC_URL, or http://localhost:<port> when it is not set. */
  publicUrl: string;
  services: HubServices;
  relay: EventRelay;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, database, logger } = options;
  const now = options.now ?? (() => new Date());
  const db = database.db;

  const relay = new EventRelay(database, logger, { checkIntervalMs: config.listenCheckMs });
  await relay.start();
  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const services = createServices({ db, relay, logger, now, config, partners: options.partners, publicUrl: () => publicUrl });
  const verifier = await createTokenVerifier(config);
  const contexts = new ContextFactory({ db, verifier, services, logger, now });
  const schema = await buildHubSchema();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const httpServer = createServer(app);
  const limits = createOperationLimits(config.graphql);
  const errorFormat = { fieldSuggestions: config.graphql.fieldSuggestions };
  const ws = attachWebSocketServer({
    httpServer,
    schema,
    contexts,
    limits,
    limiter: services.limiter,
    settings: config.webSocket,
    errorFormat,
    clientIpOf: (request) => proxyaddr(request, app.get("trust proxy fn")),
    logger,
  });

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains the hub, then the partners, then the database.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limits.rules,
    formatError: (formatted, error) => formatHubError(formatted, error, logger, errorFormat),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => ws.dispose() }) },
      limits.apolloPlugin,
      rateLimitPlugin(services.limiter),
      auditPlugin(),
      config.nodeEnv === "production"
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
  await apollo.start();

  // Security headers (nosniff and the rest); no CSP, which would break the sandbox page and protects no JSON.
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  // Browsers may call from the origins listed in CORS_ORIGINS only; with none, no CORS header at all.
  if (config.corsOrigins.length > 0) app.use(cors({ origin: config.corsOrigins, credentials: false, maxAge: 600 }));
  app.use(requestIds(logger));
  healthRoutes(app, async () => {
    await ping(db);
    return true;
  });
  // Streams and signed bodies: mounted before any body parser.
  app.use(deliveryRoutes({ services, postWebhookSecret: options.partners.postWebhookSecret, logger }));
  app.use(
    "/graphql",
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, { context: ({ req }) => contexts.forHttp(req.headers.authorization, req.scope) }),
  );
  app.use(requestErrors(logger));

  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  // The bundled post simulator (when it runs) sends its tracking webhooks here.
  options.partners.simulators.post?.setWebhookUrl(`${publicUrl}/webhooks/post`);
  if (config.runWorkers) services.workers.forEach((worker) => worker.start());

  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    publicUrl,
    services,
    relay,
    close() {
      closing ??= (async () => {
        await Promise.all(services.workers.map((worker) => worker.stop()));
        await apollo.stop();
        await relay.stop();
      })();
      return closing;
    },
  };
}

/** Every authenticated operation counts against its subject's and organization's limits (RATE_LIMITED, 429). */
function rateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          const viewer = contextValue.viewer;
          if (viewer) await limiter.consumeOperation({ subject: viewer.subject, organizationCode: viewer.organization?.code ?? null });
        },
      };
    },
  };
}

/** Writes the operation's personal-data reads and outcome to the audit trail once its response is ready. */
function auditPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, document, operationName, request, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          await recordOperation(contextValue, document ? { document, operationName, variables: request.variables } : undefined, errors);
        },
      };
    },
  };
}
