/** The one driver defect the hub survives is recognised exactly, and nothing else is (src/db/driver-defects.ts). */
import { describe, expect, it } from "vitest";
import { isKnownDriverDefect } from "../../src/db/driver-defects.js";

const defect = Object.assign(new TypeError("Cannot read properties of null (reading 'write')"), {
  stack: [
    "TypeError: Cannot read properties of null (reading 'write')",
    "    at Immediate.nextWrite (/srv/hub/node_modules/postgres/src/connection.js:255:22)",
    "    at process.processImmediate (node:internal/timers:483:21)",
  ].join("\n"),
});

describe("isKnownDriverDefect", () => {
  it("recognises postgres.js writing to the null socket of a closed connection", () => {
    expect(isKnownDriverDefect(defect)).toBe(true);
    // As vitest hands it over: serialized, no longer a TypeError instance.
    expect(isKnownDriverDefect({ name: defect.name, message: defect.message, stack: defect.stack })).toBe(true);
  });

  it("lets every other error through, even the same message from other code", () => {
    const elsewhere = Object.assign(new TypeError(defect.message), { stack: defect.stack.replace(/postgres\/src\/connection\.js/, "src/server/hub.js") });
    expect(isKnownDriverDefect(elsewhere)).toBe(false);
    expect(isKnownDriverDefect(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
    expect(isKnownDriverDefect(new Error("boom"))).toBe(false);
    expect(isKnownDriverDefect(null)).toBe(false);
    expect(isKnownDriverDefect("reading 'write'")).toBe(false);
  });
});
