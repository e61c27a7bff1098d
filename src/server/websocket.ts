/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's /graphql. Apollo's plugins and
 * validation rules do not run here, so everything HTTP applies is applied in graphql-ws's hooks,
 * through the same context factory, operation limits, rate limiter and error formatter:
 * authentication at connection_init (4401, 4403), a per-subject connection limit (4429), a
 * per-connection subscription limit, the token's expiry (4403), and the init timeout (4408).
 */
import type { IncomingMessage, Server } from "node:http";
import { randomUUID } from "node:crypto";
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { WebSocketSettings } from "../config.js";
import type { Caller } from "../auth/caller.js";
import type { Logger } from "../logger.js";
import { runInRequestScope } from "../request-scope.js";
import { HubError, rateLimited } from "../errors.js";
import type { RateLimiter } from "../services/limits/rate-limiter.js";
import type { ContextFactory, HubContext } from "./context.js";
import { formatHubError, type ErrorFormatOptions } from "./errors.js";
import { MAX_BODY_BYTES } from "./http.js";
import { recordOperation } from "./operation-audit.js";
import type { OperationLimits } from "./operation-limits.js";

type SocketExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  caller?: Caller;
  clientIp?: string;
  expiryTimer?: NodeJS.Timeout;
  /** Operations running on this socket. */
  operations?: number;
  /** Counted against its subject's connection limit. */
  counted?: boolean;
};

const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_TOO_MANY_CONNECTIONS = 4429;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Distinct operation texts whose parsed, validated document is kept (all dropped when full). */
const VALID_DOCUMENTS_KEPT = 1_000;

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  contexts: ContextFactory;
  limits: OperationLimits;
  limiter: RateLimiter;
  settings: WebSocketSettings;
  errorFormat: ErrorFormatOptions;
  /** The client's address for per-IP limits, behind proxies as TRUST_PROXY allows. */
  clientIpOf: (request: IncomingMessage) => string | undefined;
  /** Metrics: an operation's name, outcome (OK or its first error's code) and how long it took to answer. */
  onOperationDone: (name: string, outcome: string, seconds: number) => void;
  logger: Logger;
}

export function attachWebSocketServer(options: WebSocketOptions) {
  const { schema, contexts, limits, limiter, settings, logger } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: "/graphql", maxPayload: MAX_BODY_BYTES });
  const connectionsBySubject = new Map<string, number>();
  // Parsed and validated once per text, as Apollo's document cache does for HTTP: thousands of
  // subscribers sending the same subscription share one document (memory, and the time to parse).
  const validDocuments = new Map<string, DocumentNode>();
  let liveOperations = 0;
  /** Runs graphql-js's execute or subscribe in the operation's request scope, and counts it when it answers. */
  const timed = (run: typeof execute | typeof subscribe) => (args: Parameters<typeof execute>[0]) => {
    const context = args.contextValue as HubContext;
    const started = performance.now();
    return runInRequestScope(context.scope, async () => {
      const result = await run(args);
      const code = "errors" in result ? result.errors?.[0]?.extensions?.code : undefined;
      const name = getOperationAST(args.document, args.operationName)?.name?.value ?? "anonymous";
      options.onOperationDone(name, typeof code === "string" ? code : "OK", (performance.now() - started) / 1000);
      return result;
    });
  };
  // Errors of an operation are formatted (and logged) in its request scope, which gives them its request id.
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatHubError(error.toJSON(), error, logger, options.errorFormat));

  const releaseConnection = (extra: SocketExtra) => {
    clearTimeout(extra.expiryTimer);
    const subject = extra.caller?.subject;
    if (!extra.counted || !subject) return;
    extra.counted = false;
    const left = (connectionsBySubject.get(subject) ?? 1) - 1;
    if (left > 0) connectionsBySubject.set(subject, left);
    else connectionsBySubject.delete(subject);
  };

  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      connectionInitWaitTimeout: settings.initTimeoutMs,
      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization;
        let caller: Caller | null;
        try {
          caller = await contexts.callerFor(typeof authorization === "string" ? authorization : undefined);
        } catch (error) {
          if (!(error instanceof HubError)) throw error;
          caller = null;
        }
        if (!caller) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, "Unauthorized");
          return false;
        }
        if (!caller.fits) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, "Forbidden");
          return false;
        }
        const open = connectionsBySubject.get(caller.subject) ?? 0;
        if (open >= settings.maxConnectionsPerSubject) {
          ctx.extra.socket.close(CLOSE_TOO_MANY_CONNECTIONS, `At most ${settings.maxConnectionsPerSubject} connections per subject`);
          return false;
        }
        connectionsBySubject.set(caller.subject, open + 1);
        ctx.extra.counted = true;
        ctx.extra.caller = caller;
        ctx.extra.clientIp = options.clientIpOf(ctx.extra.request);
        // SPEC §1: a long-lived socket ends when its token does.
        const closeAt = Math.min(caller.expiresAt.getTime() - Date.now(), MAX_TIMER_MS);
        ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(CLOSE_FORBIDDEN, "Token expired"), Math.max(0, closeAt));
        ctx.extra.expiryTimer.unref();
        return true;
      },

      async onSubscribe(ctx, _id, payload) {
        if ((ctx.extra.operations ?? 0) >= settings.maxSubscriptionsPerConnection) {
          return [asGraphQLError(rateLimited(1, `At most ${settings.maxSubscriptionsPerConnection} operations at once on one connection`))];
        }
        let document = validDocuments.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query, { maxTokens: limits.maxTokens });
          } catch (error) {
            return [error as GraphQLError];
          }
          const errors = validate(schema, document, limits.allRules);
          if (errors.length > 0) return errors;
          if (validDocuments.size >= VALID_DOCUMENTS_KEPT) validDocuments.clear();
          validDocuments.set(payload.query, document);
        }
        const caller = ctx.extra.caller!;
        try {
          limits.assertAffordable(schema, document, payload.variables ?? undefined, payload.operationName);
          await limiter.consumeOperation({ subject: caller.subject, organizationCode: caller.organization?.code ?? null });
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          if (error instanceof HubError) return [asGraphQLError(error)];
          throw error;
        }
        ctx.extra.operations = (ctx.extra.operations ?? 0) + 1;
        liveOperations++;
        const contextValue: HubContext = contexts.create(caller, { requestId: randomUUID(), hadToken: true, clientIp: ctx.extra.clientIp });
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onComplete(ctx) {
        if ((ctx.extra.operations ?? 0) > 0) liveOperations--;
        ctx.extra.operations = Math.max(0, (ctx.extra.operations ?? 0) - 1);
      },
      onClose(ctx) {
        liveOperations -= ctx.extra.operations ?? 0;
        ctx.extra.operations = 0;
        releaseConnection(ctx.extra);
      },
      // Queries and mutations run in their operation's request scope (subscriptions' events are
      // pulled by graphql-ws outside it: their audit entries name the scope explicitly).
      execute: timed(execute),
      subscribe: timed(subscribe),
      async onNext(_ctx, _id, _payload, args, result: ExecutionResult) {
        const context = args.contextValue as HubContext;
        return runInRequestScope(context.scope, async () => {
          const errors = result.errors ? format(result.errors) : undefined;
          await recordOperation(context, { document: args.document, operationName: args.operationName, variables: args.variableValues }, errors);
          return errors ? { ...result, errors } : result;
        });
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wsServer,
  );
  return { wsServer, dispose: () => cleanup.dispose(), liveOperations: () => liveOperations };
}

/** A refusal made before execution, in the shape graphql-ws sends (the formatter keeps its code). */
function asGraphQLError(error: HubError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, code: error.code } });
}
