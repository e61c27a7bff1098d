/**
 * One GraphQL request over HTTP: a POST with a timeout, and what came of it — an answer (any
 * status, its JSON body when it has one) or a network failure, told apart by whether the request
 * can have reached the hub at all.
 */
import type { GraphQLErrorPayload } from "./errors.js";

interface GraphQLResponseBody {
  data?: unknown;
  errors?: GraphQLErrorPayload[];
}

export type HttpAttempt =
  | {
      kind: "answer";
      status: number;
      /** The hub's X-Request-Id. */
      requestId: string | undefined;
      /** The body when it is a GraphQL response; undefined for anything else (a proxy's error page). */
      body: GraphQLResponseBody | undefined;
      /** The Retry-After header, in seconds. */
      retryAfterSeconds: number | undefined;
    }
  | { kind: "network"; reachedHub: boolean; timedOut: boolean; cause: unknown };

export interface HttpRequest {
  fetch: typeof fetch;
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

export async function postGraphQL(request: HttpRequest): Promise<HttpAttempt> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...request.headers },
      body: request.body,
      signal,
    });
    text = await response.text();
  } catch (cause) {
    if (request.signal?.aborted) throw request.signal.reason;
    return { kind: "network", reachedHub: !neverSent(cause), timedOut: timeout.aborted, cause };
  }
  return {
    kind: "answer",
    status: response.status,
    requestId: response.headers.get("x-request-id") ?? undefined,
    body: parseGraphQLBody(text),
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
  };
}

function parseGraphQLBody(text: string): GraphQLResponseBody | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && ("data" in body || "errors" in body)) return body as GraphQLResponseBody;
  } catch {
    // Not JSON: a proxy's or load balancer's page. The status says enough.
  }
  return undefined;
}

/** Seconds, or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Failures that happen before a single byte of the request leaves (Node's fetch reports the system
 * error as the cause). Anything else — a reset, a closed socket, a timeout — may come after the
 * hub received the request, and is treated as such.
 */
const notSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof AggregateError) return cause.errors.length > 0 && cause.errors.every((e) => notSentCodes.has(codeOf(e)));
  return notSentCodes.has(codeOf(cause));
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}
