/**
 * The Express side of the hub: request ids and access logs, health probes, /graphql, and a JSON
 * answer for requests that never reach GraphQL (bad JSON, a body over the limit).
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorRequestHandler, Express, RequestHandler } from "express";
import type { Registry } from "prom-client";
import { describeInternalError, type Logger } from "../logger.js";
import { runInRequestScope, type RequestScope } from "../request-scope.js";

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
    /** The request's scope: its id and, once the token is verified, its actor (logs, audit trail). */
    scope: RequestScope;
  }
}

/** The largest GraphQL request, over HTTP (413 beyond it) and over a WebSocket (its maxPayload). */
export const MAX_BODY_BYTES = 1024 * 1024;

export function requestIds(logger: Logger): RequestHandler {
  return (req, res, next) => {
    req.scope = openRequest(req, res, logger, req.ip, req.path);
    req.requestId = req.scope.requestId;
    runInRequestScope(req.scope, next);
  };
}

/**
 * A request's scope: its id (the client's X-Request-Id when well-formed, else a new one), echoed in
 * the x-request-id header, and its access-log line when the response is finished.
 */
export function openRequest(req: IncomingMessage, res: ServerResponse, logger: Logger, clientIp: string | undefined, path: string): RequestScope {
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", requestId);
  // The access log is info: at warn (production's usual level) nothing is measured or kept per request.
  if (logger.isLevelEnabled("info")) {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info(
        { requestId, method: req.method, path: loggablePath(path), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
  }
  return { requestId, clientIp };
}

/** Signed links carry their credential in the path: logs keep only its shape. */
function loggablePath(path: string): string {
  return path.replace(/^\/(uploads|documents)\/[^/]+/, "/$1/:token");
}

/** A readiness check that cannot answer within this is "not ready": a saturated pool must not hang the probe. */
const READINESS_DEADLINE_MS = 2_000;

/** What /readyz asks, each check true or false; the answer says no more than ok or fail per check. */
export interface ReadinessChecks {
  /** Started and not draining. */
  serving: () => boolean;
  listen: () => boolean;
  database: () => Promise<unknown>;
  migrations: () => Promise<boolean>;
}

/** Probes for load balancers and Kubernetes: /healthz (the event loop answers) and /readyz (send me traffic). */
export function healthRoutes(app: Express, checks: ReadinessChecks): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const [database, migrations] = await Promise.all([
      withinDeadline(checks.database().then(() => true), READINESS_DEADLINE_MS),
      withinDeadline(checks.migrations(), READINESS_DEADLINE_MS),
    ]);
    const results = { serving: checks.serving(), database, listen: checks.listen(), migrations };
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not ready",
      checks: Object.fromEntries(Object.entries(results).map(([name, ok]) => [name, ok ? "ok" : "fail"])),
    });
  });
}

/** Whether `check` answered true before the deadline; a failure or a late answer counts as false. */
function withinDeadline(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** Compared in constant time, so the token cannot be guessed a character at a time. */
function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics for Prometheus: behind METRICS_TOKEN when one is set; without one, open in
 * development and not served in production (metrics describe traffic an outsider should not see).
 */
export function metricsRoute(app: Express, registry: Registry, access: { token: string | undefined; production: boolean }): void {
  if (!access.token && access.production) return;
  app.get("/metrics", async (req, res) => {
    if (access.token && !sameSecret(req.header("authorization") ?? "", `Bearer ${access.token}`)) {
      res.status(401).json({ error: "This endpoint wants the metrics token" });
      return;
    }
    res.setHeader("content-type", registry.contentType);
    res.send(await registry.metrics());
  });
}

/** Errors before GraphQL (body parsing) still answer in GraphQL's error shape, never with a stack. */
export function requestErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ error: describeInternalError(error), requestId: req.requestId }, "unhandled request error");
    res.status(status).json(requestErrorBody(status, error));
  };
}

/** The GraphQL-shaped answer to a request that failed before GraphQL (body parsing). */
export function requestErrorBody(status: number, error: { type?: unknown } | undefined) {
  return {
    errors: [{ message: requestErrorMessage(status, error), extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT" } }],
  };
}

/** What went wrong before GraphQL, in words a client can act on (body-parser names its failures in `type`). */
function requestErrorMessage(status: number, error: { type?: unknown } | undefined): string {
  if (status === 500) return "Internal server error";
  switch (error?.type) {
    case "entity.too.large":
      return "The request body is too large";
    case "entity.parse.failed":
      return "The request body is not valid JSON";
    case "encoding.unsupported":
    case "charset.unsupported":
      return "The request body's encoding or charset is not supported";
    case "request.aborted":
      return "The request was aborted before its body arrived";
  }
  if (error instanceof URIError) return "The request URL is not validly encoded";
  return status === 413 ? "The request body is too large" : "Bad request";
}
