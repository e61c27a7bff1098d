/**
 * What a failed call throws: one HubError carrying the hub's error code (SPEC §6), or
 * NETWORK_ERROR when no answer came after the last attempt.
 */

/** The codes the hub puts in `extensions.code` (SPEC §6). */
export const hubErrorCodes = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_TRANSITION",
  "IDEMPOTENCY_KEY_REUSED",
  "UPSTREAM_UNAVAILABLE",
  "RATE_LIMITED",
  "QUERY_TOO_COMPLEX",
  "INTERNAL_SERVER_ERROR",
] as const;

export type HubErrorCode = (typeof hubErrorCodes)[number] | "NETWORK_ERROR";

/** A GraphQL error as it came over the wire. */
export interface GraphQLErrorPayload {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

export interface HubErrorDetails {
  code: HubErrorCode;
  message: string;
  field?: string;
  retryAfter?: number;
  requestId?: string;
  status?: number;
  errors?: readonly GraphQLErrorPayload[];
  data?: unknown;
  idempotencyKey?: string;
  attempts?: number;
  cause?: unknown;
}

export class HubError extends Error {
  override readonly name = "HubError";
  /** The first error's `extensions.code`; NETWORK_ERROR when no answer came (connection lost, timeout). */
  readonly code: HubErrorCode;
  /** The input field at fault (BAD_USER_INPUT), e.g. `input.mortgagors.0.idNumber`. */
  readonly field: string | undefined;
  /** RATE_LIMITED: seconds to wait before trying again. */
  readonly retryAfter: number | undefined;
  /** The hub's X-Request-Id for the last attempt: quote it when asking the hub's operators. */
  readonly requestId: string | undefined;
  /** The HTTP status of the last answer; undefined when none came. */
  readonly status: number | undefined;
  /** Every GraphQL error of the answer, as sent. */
  readonly errors: readonly GraphQLErrorPayload[];
  /** Whatever data came with the errors (GraphQL may answer part of a request). */
  readonly data: unknown;
  /**
   * The idempotency key the call carried (given or generated). After a NETWORK_ERROR the outcome is
   * unknown: retry later with this key and the hub answers the first result instead of acting twice.
   */
  readonly idempotencyKey: string | undefined;
  /** How many requests the call made. */
  readonly attempts: number;

  constructor(details: HubErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.field = details.field;
    this.retryAfter = details.retryAfter;
    this.requestId = details.requestId;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.data = details.data;
    this.idempotencyKey = details.idempotencyKey;
    this.attempts = details.attempts ?? 1;
  }
}

const knownCodes = new Set<string>(hubErrorCodes);

/** A code this version of the client does not know is reported as INTERNAL_SERVER_ERROR (the raw one stays in `errors`). */
export function errorCodeOf(error: GraphQLErrorPayload | undefined): HubErrorCode {
  const code = error?.extensions?.["code"];
  return typeof code === "string" && knownCodes.has(code) ? (code as HubErrorCode) : "INTERNAL_SERVER_ERROR";
}

/** `extensions.retryAfter` (SPEC §6); hubs before it said `retryAfterSeconds`. */
export function retryAfterOf(error: GraphQLErrorPayload | undefined): number | undefined {
  for (const key of ["retryAfter", "retryAfterSeconds"]) {
    const value = error?.extensions?.[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

export function fieldOf(error: GraphQLErrorPayload | undefined): string | undefined {
  const field = error?.extensions?.["field"];
  return typeof field === "string" ? field : undefined;
}

/** A HubError from the GraphQL errors of an answer (HTTP or WebSocket). */
export function hubErrorFromGraphQL(
  errors: readonly GraphQLErrorPayload[],
  context: Omit<HubErrorDetails, "code" | "message" | "errors" | "field"> = {},
): HubError {
  const first = errors[0];
  return new HubError({
    ...context,
    code: errorCodeOf(first),
    message: first?.message ?? "The hub answered with an error",
    field: fieldOf(first),
    retryAfter: retryAfterOf(first) ?? context.retryAfter,
    errors,
  });
}
