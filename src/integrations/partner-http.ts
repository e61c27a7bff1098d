/**
 * How the hub speaks JSON over HTTP to a partner system (land registry, post, bar roster):
 * bearer token, a hard timeout per attempt, and failures sorted into "retry later" and "final".
 * Adapters build on this; retry policy (how often, how long) belongs to the caller.
 */
import type { PartnerCalls } from "./partner-calls.js";
import { PartnerRejectedError, PartnerUnavailableError } from "./partner-errors.js";

export interface PartnerEndpoint {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4101 */
  baseUrl: string;
  token?: string;
  timeoutMs: number;
  /** Bounds the calls in flight per partner and observes them (the hub's); none in tools and tests of adapters. */
  calls?: PartnerCalls;
}

export interface PartnerRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PartnerResponse<T> {
  status: number;
  body: T;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * One attempt. Resolves with any 2xx, and with 404 when `allowNotFound` is set (the caller decides
 * what "not there" means); throws PartnerUnavailableError or PartnerRejectedError otherwise.
 */
export async function callPartner<T>(
  partner: string,
  endpoint: PartnerEndpoint,
  request: PartnerRequest,
  options: { allowNotFound?: boolean } = {},
): Promise<PartnerResponse<T>> {
  const attempt = () => attemptCall<T>(partner, endpoint, request, options);
  return endpoint.calls ? endpoint.calls.run(partner, endpoint.timeoutMs, attempt) : attempt();
}

async function attemptCall<T>(
  partner: string,
  endpoint: PartnerEndpoint,
  request: PartnerRequest,
  options: { allowNotFound?: boolean },
): Promise<PartnerResponse<T>> {
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(endpoint.baseUrl + request.path, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${endpoint.timeoutMs} ms` : "connection failed";
    throw new PartnerUnavailableError(partner, reason);
  }

  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  if (response.ok || (options.allowNotFound && response.status === 404)) {
    return { status: response.status, body: body as T };
  }
  if (isRetryableStatus(response.status)) {
    throw new PartnerUnavailableError(partner, `HTTP ${response.status}`, response.status);
  }
  throw new PartnerRejectedError(partner, response.status, body);
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500) };
  }
}
