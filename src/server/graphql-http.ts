/**
 * POST /graphql with a JSON body, straight from node:http to Apollo (issue 14): nearly every request
 * is one, and Express's router, body parser and per-request middleware cost more CPU than a small
 * query's resolvers. It answers exactly as the Express route does — the same security headers
 * (helmet's, taken once at start), request id, access log, request scope, body limit and errors —
 * and hands everything else (GET, another content type or encoding, a browser's cross-origin call
 * when CORS_ORIGINS is set) to Express, before reading any of the body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { RequestHandler } from "express";
import { describeInternalError, type Logger } from "../logger.js";
import { runInRequestScope, type RequestScope } from "../request-scope.js";
import type { HubContext } from "./context.js";
import { MAX_BODY_BYTES, openRequest, requestErrorBody } from "./http.js";

export interface GraphqlHttpDeps {
  apollo: ApolloServer<HubContext>;
  context: (authorization: string | undefined, scope: RequestScope) => Promise<HubContext>;
  /** helmet's middleware, run once at start to learn the headers it sets. */
  securityHeaders: RequestHandler;
  /** CORS is on: requests that carry an Origin go through Express's cors middleware. */
  cors: boolean;
  clientIp: (request: IncomingMessage) => string | undefined;
  logger: Logger;
}

/** Serves what it can and returns true; false leaves the request untouched for Express. */
export type DirectRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

export function graphqlOverHttp(deps: GraphqlHttpDeps): DirectRoute {
  const headers = headersSetBy(deps.securityHeaders);
  return (request, response) => {
    if (!servedDirectly(request, deps.cors)) return false;
    for (const [name, value] of headers) response.setHeader(name, value);
    const scope = openRequest(request, response, deps.logger, deps.clientIp(request), "/graphql");
    readJson(request, (failure, body) => {
      if (failure) return answerRequestError(response, failure);
      // The body's last chunk arrives in the socket's async context: the answer runs in the request's.
      runInRequestScope(scope, () =>
        answer(deps, request, response, scope, body).catch((error: unknown) => {
          deps.logger.error({ error: describeInternalError(error), requestId: scope.requestId }, "unhandled request error");
          if (!response.headersSent) answerRequestError(response, { status: 500 });
          else response.destroy();
        }),
      );
    });
    return true;
  };
}

function servedDirectly(request: IncomingMessage, cors: boolean): boolean {
  if (request.method !== "POST") return false;
  const url = request.url ?? "";
  if (url !== "/graphql" && !url.startsWith("/graphql?")) return false;
  if (cors && request.headers.origin !== undefined) return false;
  const encoding = request.headers["content-encoding"];
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return false;
  return /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i.test(request.headers["content-type"] ?? "");
}

async function answer(deps: GraphqlHttpDeps, request: IncomingMessage, response: ServerResponse, scope: RequestScope, body: unknown) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = request.url!;
  const query = url.indexOf("?");
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: "POST", headers, search: query === -1 ? "" : url.slice(query), body },
    context: () => deps.context(request.headers.authorization, scope),
  });
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === "complete") {
    response.setHeader("content-length", Buffer.byteLength(result.body.string));
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

interface BodyFailure {
  status: number;
  type?: string;
}

/** The body as express.json reads it (objects and arrays only, an empty body as {}), up to MAX_BODY_BYTES. */
function readJson(request: IncomingMessage, done: (failure: BodyFailure | undefined, body?: unknown) => void): void {
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (declared > MAX_BODY_BYTES) {
    request.resume();
    return done({ status: 413, type: "entity.too.large" });
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let finished = false;
  const finish = (failure: BodyFailure | undefined, body?: unknown) => {
    if (finished) return;
    finished = true;
    done(failure, body);
  };
  request.on("data", (chunk: Buffer) => {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) {
      request.removeAllListeners("data");
      request.resume();
      finish({ status: 413, type: "entity.too.large" });
    } else chunks.push(chunk);
  });
  // A client gone before the whole body arrived (body-parser's "request.aborted"); nobody reads the answer.
  request.on("close", () => request.complete || finish({ status: 400, type: "request.aborted" }));
  request.on("error", () => finish({ status: 400, type: "request.aborted" }));
  request.on("end", () => {
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
    if (text.trim() === "") return finish(undefined, {});
    const first = text.trimStart()[0];
    if (first !== "{" && first !== "[") return finish({ status: 400, type: "entity.parse.failed" });
    try {
      finish(undefined, JSON.parse(text));
    } catch {
      finish({ status: 400, type: "entity.parse.failed" });
    }
  });
}

function answerRequestError(response: ServerResponse, failure: BodyFailure): void {
  const text = JSON.stringify(requestErrorBody(failure.status, failure));
  response.statusCode = failure.status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}

/** The headers a header-only middleware (helmet) sets, learnt by running it once on a stand-in response. */
function headersSetBy(middleware: RequestHandler): Array<[string, string]> {
  const headers = new Map<string, string>();
  const stand = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  let passed = false;
  middleware({ headers: {} } as never, stand as never, () => (passed = true));
  if (!passed) throw new Error("graphqlOverHttp: the security-header middleware did not finish at once");
  return [...headers];
}
