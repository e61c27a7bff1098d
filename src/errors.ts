/**
 * The hub's domain errors: one class with the stable codes of SPEC §6, made by the factories
 * below and turned into GraphQL errors in one place (src/server/errors.ts). Anything that is
 * not a HubError reaches the client as INTERNAL_SERVER_ERROR with nothing of its insides.
 */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_TRANSITION"
  | "IDEMPOTENCY_KEY_REUSED"
  | "UPSTREAM_UNAVAILABLE"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  | "INTERNAL_SERVER_ERROR";

export class HubError extends Error {
  override readonly name = "HubError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra extensions for the client, e.g. `{ field: "input.applicant.idNumber" }`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const unauthenticated = (message = "A valid bearer token is required") => new HubError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do this") => new HubError("FORBIDDEN", message);
export const notFound = (what: string) => new HubError("NOT_FOUND", `${what} was not found`);
export const conflict = (message: string, extensions?: Record<string, unknown>) => new HubError("CONFLICT", message, extensions);
export const badInput = (field: string, message: string) => new HubError("BAD_USER_INPUT", message, { field });
export const invalidTransition = (from: string, to: string, reason?: string) =>
  new HubError("INVALID_TRANSITION", `A dossier cannot move from ${from} to ${to}${reason ? `: ${reason}` : ""}`, { from, to });
export const idempotencyKeyReused = () =>
  new HubError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used with a different request");
export const upstreamUnavailable = (partner: string) =>
  new HubError("UPSTREAM_UNAVAILABLE", `The ${partner} is not answering; try again later`, { partner });
/** SPEC §6: `extensions.retryAfter`, whole seconds; HTTP answers it with 429 and a Retry-After header. */
export const rateLimited = (retryAfter: number, message = "Too many requests; slow down") =>
  new HubError("RATE_LIMITED", message, { retryAfter, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } });
