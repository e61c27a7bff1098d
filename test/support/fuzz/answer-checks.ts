/**
 * What every answer to bad input must be (SPEC §6): never a 5xx, always JSON, every error coded
 * with a client code (never INTERNAL_SERVER_ERROR), and nothing of the hub's insides — stack
 * frames, SQL, database messages, file paths — in what the client reads.
 */
import type { Answer } from "./transports.js";

/**
 * SPEC §6's codes, less INTERNAL_SERVER_ERROR: the ones bad input may be answered with. Written
 * out from the SPEC rather than imported from src/server/errors.ts: the oracle must not share the
 * code it judges.
 */
const CLIENT_ERROR_CODES = new Set([
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

const MAX_MESSAGE_LENGTH = 2000;

/** Signs of the hub's insides in an answer. */
const LEAKS: Array<[string, RegExp]> = [
  ["a stack frame", /\n\s*at\s|\bat\s+\S+\s+\(\S+:\d+:\d+\)/],
  ["SQL", /\bselect\s[\s\S]*\bfrom\b|\binsert\s+into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete\s+from\b|\bfrom\s+"\w+"/i],
  [
    "a PostgreSQL message",
    /violates .* constraint|duplicate key value|syntax error at or near|invalid input syntax for|out of range for type|value out of range|numeric field overflow|relation "\w+"|invalid byte sequence/i,
  ],
  ["a file path", /\/work\/|node_modules|\.ts:\d|file:\/\/|\/src\/|\/dist\//],
  ["a stack or exception extension", /"(stacktrace|exception)":/],
];

/**
 * WebSocket close codes a client may cause: graphql-ws's 44xx (bad request, 4401, 4403, 4429 …),
 * 1009 (a message past the 1 MB limit: the WebSocket form of HTTP 413), or a normal close.
 */
const CLIENT_CLOSE = (code: number) => code === 1000 || code === 1009 || (code >= 4400 && code < 4500);

/**
 * The violations of SPEC §6 in `answer`. `sent` is what the client sent (the query and its values'
 * text): text it sent itself, echoed in a coercion message, is not a leak.
 */
export function violationsOf(answer: Answer, sent: string): string[] {
  const problems: string[] = [];
  if (answer.status !== undefined && answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (answer.notJson !== undefined) problems.push(`a body that is not JSON: ${answer.notJson}`);
  if (answer.closeCode !== undefined && !CLIENT_CLOSE(answer.closeCode)) problems.push(`WebSocket closed with ${answer.closeCode}`);
  for (const error of answer.errors) {
    // A clear error names the fault; one that echoes a 1 MB value back is neither clear nor cheap.
    const length = String(error.message).length;
    if (length > MAX_MESSAGE_LENGTH) problems.push(`an error message of ${length} characters: ${String(error.message).slice(0, 200)}…`);
    const code = error.extensions?.code;
    if (typeof code !== "string" || !CLIENT_ERROR_CODES.has(code)) problems.push(`code ${String(code)}: ${String(error.message)}`);
    // The message as the client reads it (raw newlines), and the whole error as JSON (extensions).
    const texts = [String(error.message), JSON.stringify(error)];
    for (const [what, pattern] of LEAKS) {
      const found = texts.map((text) => pattern.exec(text)?.[0]).find((match) => match !== undefined && !sent.includes(match));
      if (found !== undefined) problems.push(`${what} (${JSON.stringify(found)}) in ${texts[1]!.slice(0, 300)}`);
    }
  }
  return problems;
}
