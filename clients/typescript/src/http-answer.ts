/**
 * Reads one HTTP attempt as the client sees it: the data, or an error with its code (GraphQL
 * errors on any status, SPEC §6; a bare HTTP status when a proxy answered instead of the hub).
 */
import { errorCodeOf, fieldOf, retryAfterOf, type HubErrorCode, type HubErrorDetails } from "./errors.js";
import type { HttpAttempt } from "./http-transport.js";
import type { AttemptFailure } from "./retry-policy.js";

export type AttemptReading =
  | { ok: true; data: unknown }
  | {
      ok: false;
      failure: AttemptFailure;
      details: HubErrorDetails;
      /** The hub refused the whole request before running any of it (a bad token, a rate limit). */
      refusedWhole: boolean;
    };

export function readAttempt(attempt: HttpAttempt, timeoutMs: number): AttemptReading {
  if (attempt.kind === "network") {
    const message = attempt.timedOut
      ? `The hub did not answer within ${timeoutMs} ms`
      : `No answer from the hub: ${describeCause(attempt.cause)}`;
    return {
      ok: false,
      failure: { kind: "network", reachedHub: attempt.reachedHub },
      details: { code: "NETWORK_ERROR", message, cause: attempt.cause },
      refusedWhole: !attempt.reachedHub,
    };
  }

  const { status, body, requestId } = attempt;
  const errors = body?.errors ?? [];
  if (errors.length === 0 && body && body.data != null && status >= 200 && status < 300) return { ok: true, data: body.data };

  const first = errors[0];
  const code = first ? errorCodeOf(first) : codeForStatus(status);
  const retryAfter = retryAfterOf(first) ?? attempt.retryAfterSeconds;
  return {
    ok: false,
    failure: { kind: "answer", code, status, retryAfterSeconds: retryAfter },
    details: {
      code,
      message: first?.message ?? `The hub answered HTTP ${status} without a GraphQL response`,
      field: fieldOf(first),
      retryAfter,
      requestId,
      status,
      errors,
      data: body?.data ?? undefined,
    },
    refusedWhole: status === 401 || status === 429 || ((code === "UNAUTHENTICATED" || code === "RATE_LIMITED") && body?.data == null),
  };
}

/** For answers that are not GraphQL responses (a proxy's page, an empty body). */
function codeForStatus(status: number): HubErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 400 && status < 500) return "BAD_USER_INPUT";
  return "INTERNAL_SERVER_ERROR";
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: unknown } | null)?.cause;
  const detail = inner instanceof Error ? inner.message : undefined;
  const outer = cause instanceof Error ? cause.message : String(cause);
  return detail ? `${outer} (${detail})` : outer;
}
