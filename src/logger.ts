/**
 * Structured logs (pino). Every line of a request carries its request id through a child logger;
 * personal data (names, ID numbers, phones, tokens) is never logged — the redact list is a
 * safety net, not a licence.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestScope } from "./request-scope.js";

export type { Logger };

/**
 * `destination`: stdout unless given (tests read a run's log to check what it holds). Every line
 * written while a request or operation is under way carries its request id (the request scope's),
 * so an operator can follow one call through the logs.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "hanoi-hub" },
    mixin: () => {
      const scope = currentRequestScope();
      return scope ? { requestId: scope.requestId } : {};
    },
    redact: {
      paths: ["req.headers.authorization", "*.authorization", "*.idNumber", "*.phone", "*.token", "*.password", "*.secret"],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What the log may keep of an unexpected error: its kind, message and stack, and the database's
 * error code — never the failed query's parameters, which can hold personal data.
 */
export function describeInternalError(error: unknown): Record<string, unknown> {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return { message: String(cause) };
  const code = (cause as { code?: unknown }).code;
  return { name: cause.name, message: cause.message, code: typeof code === "string" ? code : undefined, stack: cause.stack };
}
