/**
 * The Express side of the hub: request ids and access logs, health probes, /graphql, and a JSON
 * answer for requests that never reach GraphQL (bad JSON, a body over the limit).
 */
import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, Express, RequestHandler } from "express";
import { describeInternalError, type Logger } from "../logger.js";

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
  }
}

export const JSON_BODY_LIMIT = "1mb";

export function requestIds(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.header("x-request-id");
    req.requestId = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader("x-request-id", req.requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info(
        {
          requestId: req.requestId,
          method: req.method,
          path: loggablePath(req.path),
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    });
    next();
  };
}

/** Signed links carry their credential in the path: logs keep only its shape. */
function loggablePath(path: string): string {
  return path.replace(/^\/(uploads|documents)\/[^/]+/, "/$1/:token");
}

/** A readiness check that cannot answer within this is "not ready": a saturated pool must not hang the probe. */
export const READINESS_DEADLINE_MS = 2_000;

export function healthRoutes(app: Express, ready: () => Promise<boolean>): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await withinDeadline(ready(), READINESS_DEADLINE_MS);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not ready" });
  });
}

/** Whether `check` answered true before the deadline; a failure or a late answer counts as false. */
function withinDeadline(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** Errors before GraphQL (body parsing) still answer in GraphQL's error shape, never with a stack. */
export function requestErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ error: describeInternalError(error), requestId: req.requestId }, "unhandled request error");
    res.status(status).json({
      errors: [{ message: requestErrorMessage(status, error), extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT" } }],
    });
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
