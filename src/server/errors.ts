/**
 * The one place where errors become what clients see (SPEC §6), for HTTP and WebSocket alike.
 * Domain errors keep their code and message; GraphQL's own request errors (parse, validation,
 * variable coercion) become BAD_USER_INPUT; everything else is INTERNAL_SERVER_ERROR with a
 * generic message — no stack, SQL or path — and is logged with the request id.
 */
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { AuthenticationError, AuthorizationError } from "type-graphql";
import { describeInternalError, type Logger } from "../logger.js";
import { currentRequestScope } from "../request-scope.js";
import { HubError, type ErrorCode } from "../errors.js";

const clientCodes = new Set<string>([
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
]);

/** GraphQL-level request errors Apollo and graphql-js raise before any resolver runs. */
const requestErrorCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PERSISTED_QUERY_NOT_FOUND",
]);

export interface ErrorFormatOptions {
  /** Keep graphql-js's "Did you mean …?" hints (development); production hides the schema's shape. */
  fieldSuggestions?: boolean;
}

/** Every error the client sees names the request it belongs to, as the logs do (`X-Request-Id`). */
export function formatHubError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  options: ErrorFormatOptions = {},
): GraphQLFormattedError {
  const shaped = shapeError(formatted, error, logger, options);
  const requestId = currentRequestScope()?.requestId;
  return requestId ? { ...shaped, extensions: { ...shaped.extensions, requestId } } : shaped;
}

function shapeError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, options: ErrorFormatOptions): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = { path: formatted.path, locations: formatted.locations };

  const hubError = hubErrorIn(original);
  if (hubError) {
    // `http` (status, headers) is Apollo's to apply to the HTTP answer, not the client's to read.
    const { http: _http, ...extensions } = hubError.extensions;
    return { message: withShortEchoes(hubError.message), ...where, extensions: { ...extensions, code: hubError.code } };
  }
  if (original instanceof AuthenticationError) return withCode(formatted, "UNAUTHENTICATED", "A valid bearer token is required");
  if (original instanceof AuthorizationError) return withCode(formatted, "FORBIDDEN", "You are not allowed to do this");

  const clientError = clientErrorIn(original);
  if (clientError) {
    const extensions = clientError.extensions as Record<string, unknown>;
    return { message: withShortEchoes(formatted.message), ...where, extensions: pick(extensions, ["code", "field", "retryAfter"]) };
  }
  const code = formatted.extensions?.code;
  const requestError =
    (typeof code === "string" && requestErrorCodes.has(code)) ||
    // graphql-js validation and variable coercion errors raised outside Apollo (the WebSocket path) carry no code.
    (code === undefined && !formatted.path && isRequestError(original));
  if (requestError) {
    // The parser's token limit is an operation limit, not a typo.
    const limit = TOKEN_LIMIT.test(formatted.message);
    const message = options.fieldSuggestions === false ? withoutSuggestions(formatted.message) : formatted.message;
    return { message: withShortEchoes(message), locations: formatted.locations, extensions: { code: limit ? "QUERY_TOO_COMPLEX" : "BAD_USER_INPUT" } };
  }

  logger.error({ error: describeInternalError(original), path: formatted.path }, "internal error");
  return withCode(formatted, "INTERNAL_SERVER_ERROR", "Internal server error");
}

// graphql-js 16 spells it "more that N tokens".
const TOKEN_LIMIT = /Document contains more th[ae][nt] \d+ tokens/;

/**
 * Messages quote the refused value (graphql-js's `got invalid value "…"`, our `Unknown procedure …`):
 * a 1 MB value would come back whole, twice for a variable. Long quoted strings and long unbroken
 * runs are cut, so the message still says where and why; anything longer is cut at the end.
 */
const QUOTED_LIMIT = 80;
const RUN_LIMIT = 120;
const MESSAGE_LIMIT = 1000;
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const UNBROKEN = new RegExp(`\\S{${RUN_LIMIT + 1},}`, "g");

function withShortEchoes(message: string): string {
  const cut = (text: string, keep: number) => `${text.slice(0, keep)}…`;
  const short = message
    .replace(QUOTED, (quoted) => (quoted.length > QUOTED_LIMIT + 2 ? `${cut(quoted, QUOTED_LIMIT + 1)}"` : quoted))
    .replace(UNBROKEN, (run) => cut(run, RUN_LIMIT));
  return short.length > MESSAGE_LIMIT ? cut(short, MESSAGE_LIMIT) : short;
}

/** "Cannot query field "nmae" on type "Dossier". Did you mean "name"?" → without the hint. */
function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/s, "");
}

/** Our own error, thrown by a resolver or by a plugin before execution (Apollo wraps the latter once more). */
function hubErrorIn(error: unknown): HubError | undefined {
  for (let current = error; current instanceof Error; current = current instanceof GraphQLError ? current.originalError : undefined) {
    if (current instanceof HubError) return current;
  }
  return undefined;
}

/** A GraphQLError we raised on purpose with a client code (scalars, limits), possibly wrapped by Apollo. */
function clientErrorIn(error: unknown): GraphQLError | undefined {
  for (let current = error; current instanceof GraphQLError; current = current.originalError) {
    const code = current.extensions?.code;
    if (typeof code === "string" && clientCodes.has(code) && code !== "BAD_USER_INPUT") return current;
    if (code === "BAD_USER_INPUT" && !current.originalError) return current;
  }
  return undefined;
}

/**
 * An error graphql-js raised about the request itself, before any resolver ran: a validation error
 * (no cause), or a variable a scalar refused (an Int out of range, say), whose cause is the
 * scalar's own GraphQLError. An Error of ours underneath means a fault, not bad input.
 */
function isRequestError(error: unknown): boolean {
  return error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError);
}

function withCode(formatted: GraphQLFormattedError, code: ErrorCode, message: string): GraphQLFormattedError {
  return { message, path: formatted.path, locations: formatted.locations, extensions: { code } };
}

function pick(source: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
