/**
 * Structured logs (pino). Every line of a request carries its request id through a child logger;
 * personal data (names, ID numbers, phones, tokens) is never logged — the redact list is a
 * safety net, not a licence.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "hanoi-hub" },
    redact: {
      paths: ["req.headers.authorization", "*.authorization", "*.idNumber", "*.phone", "*.token", "*.password"],
      censor: "[redacted]",
    },
  });
}
