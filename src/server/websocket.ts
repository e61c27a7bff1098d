/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's /graphql. Apollo's plugins do not run
 * here, so authentication, limits and error formatting are applied in graphql-ws's hooks, through
 * the same context factory and error formatter as HTTP.
 */
import type { IncomingMessage, Server } from "node:http";
import { randomUUID } from "node:crypto";
import { execute, parse, specifiedRules, subscribe, validate, type ExecutionResult, type GraphQLError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Viewer } from "../auth/viewer.js";
import type { Logger } from "../logger.js";
import { HubError } from "../services/errors.js";
import type { ContextFactory, HubContext } from "./context.js";
import { formatHubError } from "./errors.js";
import { recordOperation } from "./operation-audit.js";
import { runInRequestScope } from "../request-scope.js";
import { queryLimitsRule } from "./query-limits.js";

type SocketExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  viewer?: Viewer;
  expiryTimer?: NodeJS.Timeout;
};

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
const MAX_TIMER_MS = 2 ** 31 - 1;

export function attachWebSocketServer(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  contexts: ContextFactory;
  logger: Logger;
}) {
  const { schema, contexts, logger } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  // Errors of an operation are logged with its request id; those before one starts, without.
  const format = (errors: readonly GraphQLError[], operationLogger: Logger = logger) =>
    errors.map((error) => formatHubError(error.toJSON(), error, operationLogger));

  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization;
        let viewer: Viewer | null;
        try {
          viewer = await contexts.viewerFor(typeof authorization === "string" ? authorization : undefined);
        } catch (error) {
          if (!(error instanceof HubError)) throw error;
          viewer = null;
        }
        if (!viewer) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, "Unauthorized");
          return false;
        }
        if (!viewer.fits) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, "Forbidden");
          return false;
        }
        ctx.extra.viewer = viewer;
        // SPEC §1: a long-lived socket ends when its token does.
        const closeAt = Math.min(viewer.expiresAt.getTime() - Date.now(), MAX_TIMER_MS);
        ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(CLOSE_FORBIDDEN, "Token expired"), Math.max(0, closeAt));
        ctx.extra.expiryTimer.unref();
        return true;
      },
      onClose(ctx) {
        clearTimeout(ctx.extra.expiryTimer);
      },
      onSubscribe(ctx, _id, payload) {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, queryLimitsRule]);
        if (errors.length > 0) return errors;
        const contextValue: HubContext = contexts.create(ctx.extra.viewer ?? null, { requestId: randomUUID(), hadToken: true });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      // Queries and mutations run in their operation's request scope (subscriptions' events are
      // pulled by graphql-ws outside it: their audit entries name the scope explicitly).
      execute: (args) => runInRequestScope((args.contextValue as HubContext).scope, () => execute(args)),
      subscribe: (args) => runInRequestScope((args.contextValue as HubContext).scope, () => subscribe(args)),
      async onNext(_ctx, _id, _payload, args, result: ExecutionResult) {
        const context = args.contextValue as HubContext;
        const errors = result.errors ? format(result.errors, context.logger) : undefined;
        await recordOperation(context, { document: args.document, operationName: args.operationName, variables: args.variableValues }, errors);
        return errors ? { ...result, errors } : result;
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wsServer,
  );
  return { wsServer, dispose: () => cleanup.dispose() };
}
