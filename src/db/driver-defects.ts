/**
 * A defect of postgres.js 3.4.9 that throws where no caller can catch it: a small write deferred
 * with setImmediate runs after the connection has closed and dereferences its null socket
 * (`Cannot read properties of null (reading 'write')` in nextWrite; porsager/postgres#1154, the
 * unmerged fix #1168). It happens when a connection dies mid-write (a failover, pg_terminate_backend).
 * By then the connection has already rejected its queries with CONNECTION_CLOSED through the normal
 * path, so the lost write is moot: the hub logs it and lives on (src/main.ts), where Node would
 * otherwise end the process and every request with it. Remove once postgres.js guards it.
 */
export function isKnownDriverDefect(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, message, stack } = error as { name?: unknown; message?: unknown; stack?: unknown };
  return (
    name === "TypeError" &&
    typeof message === "string" &&
    message.includes("reading 'write'") &&
    typeof stack === "string" &&
    /\bnextWrite\b/.test(stack) &&
    /postgres[\\/](src|cjs[\\/]src)[\\/]connection\.js/.test(stack)
  );
}
