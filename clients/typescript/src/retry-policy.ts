/**
 * Which failed attempts are tried again, and when (the rules of Stripe's SDKs, on SPEC §6's codes):
 *  - RATE_LIMITED was refused before anything ran: every operation is retried after `retryAfter`;
 *  - a request that cannot have reached the hub (connection refused, name not found) likewise;
 *  - a network error, a timeout, UPSTREAM_UNAVAILABLE or a 5xx (INTERNAL_SERVER_ERROR) only for
 *    retry-safe operations (queries, and mutations carrying idempotency keys), with capped
 *    exponential backoff and jitter: a mutation without a key may already have acted;
 *  - nothing else: the answer will not change by asking again.
 */
import type { HubErrorCode } from "./errors.js";

export interface RetrySettings {
  /** Requests per call at most, the first included. Default 3. */
  maxAttempts: number;
  /** The first backoff; each next one doubles. Default 500 ms. */
  baseDelayMs: number;
  /** The longest backoff. Default 10 s. */
  maxDelayMs: number;
  /** A RATE_LIMITED answer asking for a longer wait than this is thrown, not waited out. Default 60 s. */
  maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** How one attempt failed. */
export type AttemptFailure =
  | { kind: "network"; reachedHub: boolean }
  | { kind: "answer"; code: HubErrorCode; status: number; retryAfterSeconds: number | undefined };

export interface RetryContext {
  /** The attempt that just failed, from 1. */
  attempt: number;
  retrySafe: boolean;
  settings: RetrySettings;
  random?: () => number;
}

const transientCodes = new Set<HubErrorCode>(["UPSTREAM_UNAVAILABLE", "INTERNAL_SERVER_ERROR"]);

/** Milliseconds to wait before the next attempt, or null when the failure is final. */
export function retryDelay(failure: AttemptFailure, context: RetryContext): number | null {
  const { attempt, retrySafe, settings } = context;
  if (attempt >= settings.maxAttempts) return null;
  const backoff = () => backoffDelay(attempt, settings, context.random);

  if (failure.kind === "network") return failure.reachedHub && !retrySafe ? null : backoff();
  if (failure.code === "RATE_LIMITED") {
    if (failure.retryAfterSeconds === undefined) return backoff();
    const wait = failure.retryAfterSeconds * 1000;
    return wait > settings.maxRetryAfterMs ? null : wait;
  }
  const transient = failure.status >= 500 || transientCodes.has(failure.code);
  return transient && retrySafe ? backoff() : null;
}

/** Capped exponential backoff with "equal jitter": between half and all of base·2^(attempt−1), at most maxDelayMs. */
export function backoffDelay(attempt: number, settings: Pick<RetrySettings, "baseDelayMs" | "maxDelayMs">, random = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
