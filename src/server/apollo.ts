/**
 * Apollo Server for the HTTP side: the operation limits, the production posture, the rate limiter,
 * the audit trail and the metrics, each as a plugin, and the drain of HTTP requests and WebSockets
 * on stop. (graphql-ws applies the same limits, limiter, audit and metrics in websocket.ts.)
 */
import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import type { GraphQLSchema } from "graphql";
import type { HubConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { RateLimiter } from "../services/limits/rate-limiter.js";
import { compiledGateway, createCompiledExecution } from "./compiled-execution.js";
import type { HubContext } from "./context.js";
import { formatHubError, type ErrorFormatOptions } from "./errors.js";
import type { HubMetrics } from "./metrics.js";
import { recordOperation } from "./operation-audit.js";
import type { OperationLimits } from "./operation-limits.js";

export interface ApolloDeps {
  schema: GraphQLSchema;
  config: HubConfig;
  httpServer: Server;
  /** Closes the WebSockets (1001, going away) when Apollo drains. */
  disposeWebSockets: () => Promise<void>;
  limits: OperationLimits;
  limiter: RateLimiter;
  metrics: HubMetrics;
  errorFormat: ErrorFormatOptions;
  logger: Logger;
}

export function createApollo(deps: ApolloDeps): ApolloServer<HubContext> {
  const { config, limits } = deps;
  return new ApolloServer<HubContext>({
    // The schema, executed by graphql-jit (compiled once per document): src/server/compiled-execution.ts.
    gateway: compiledGateway(deps.schema, createCompiledExecution(deps.schema)),
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains the hub, then the partners, then the database.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limits.rules,
    formatError: (formatted, error) => formatHubError(formatted, error, deps.logger, deps.errorFormat),
    plugins: [
      // No cache hints are set and every answer is per caller: without it no field is instrumented.
      ApolloServerPluginCacheControlDisabled(),
      // Requests already read complete with their answer; what is still open after the grace is closed.
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      { serverWillStart: async () => ({ drainServer: deps.disposeWebSockets }) },
      limits.apolloPlugin,
      rateLimitPlugin(deps.limiter),
      deps.metrics.apolloPlugin,
      auditPlugin(),
      config.nodeEnv === "production"
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
}

/** Every authenticated operation counts against its subject's and organization's limits (RATE_LIMITED, 429). */
function rateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          const caller = contextValue.caller;
          if (caller) await limiter.consumeOperation({ subject: caller.subject, organizationCode: caller.organization?.code ?? null });
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
