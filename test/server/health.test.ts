/**
 * The probes an orchestrator uses, the request id on every answer, and the same error shape on
 * a WebSocket as over HTTP.
 */
import { expect, it } from "vitest";
import { subscribe, wsClient } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;

useTestHub((started) => {
  hub = started;
});

it("answers /healthz and /readyz, and echoes or makes a request id", async () => {
  const base = hub.url.replace(/\/graphql$/, "");
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  const ready = await fetch(`${base}/readyz`, { headers: { "x-request-id": "probe-42" } });
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", checks: { serving: "ok", database: "ok", listen: "ok", migrations: "ok" } });
  expect(ready.headers.get("x-request-id")).toBe("probe-42");
});

it("reports a bad operation on a WebSocket with the same codes as HTTP", async () => {
  const token = await hub.token({ role: "CITIZEN" });
  const client = wsClient(hub.wsUrl, token);
  const unknownField = subscribe(client, `subscription { dossierEvents(dossierId: "x") { nope } }`);
  expect(((await unknownField.ended()) as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe("BAD_USER_INPUT");
  const badId = subscribe(client, `subscription { dossierEvents(dossierId: "not-an-id") { sequence } }`);
  await badId.ended();
  expect(badId.results[0]!.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "dossierId" });
  // Variables a scalar refuses, as over HTTP: not an internal error.
  const query = `subscription($id: ID!, $after: Int) { dossierEvents(dossierId: $id, afterSequence: $after) { sequence } }`;
  for (const after of [99_999_999_999, "seven", 1.5]) {
    const badVariable = subscribe(client, query, { id: "not-an-id", after });
    const errors = ((await badVariable.ended()) ?? badVariable.results[0]?.errors) as Array<{ message: string; extensions: { code: string } }>;
    expect(errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(errors[0]!.message).toContain("$after");
  }
  await client.dispose();
});
