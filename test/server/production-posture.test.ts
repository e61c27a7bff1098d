/**
 * The hub as it runs in production (NODE_ENV=production, issue 11): no introspection and no field
 * suggestions on either transport unless asked for, security headers on every answer, a 1 MB
 * body limit answered with 413, and CORS only for the origins configured — never `*`.
 */
import { describe, expect, it } from "vitest";
import { gql, subscribe, wsClient } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";

const INTROSPECTION = `{ __schema { queryType { name } } }`;
const MISSPELLED = `{ viewer { subjekt } }`;

async function overWebSocket(hub: TestHub, token: string, query: string) {
  const client = wsClient(hub.wsUrl, token);
  try {
    const operation = subscribe(client, query);
    const errors = (await operation.ended()) as Array<{ message: string; extensions: { code: string } }> | undefined;
    return { errors: errors ?? operation.results[0]?.errors, data: operation.results[0]?.data };
  } finally {
    await client.dispose();
  }
}

describe("in production", () => {
  let hub: TestHub;
  let token: string;
  useTestHub(
    async (started) => {
      hub = started;
      token = await hub.token({ role: "CITIZEN" });
    },
    { config: testConfig({ NODE_ENV: "production", LOG_LEVEL: "silent", CORS_ORIGINS: "https://bank.example" }) },
  );

  it("refuses introspection on HTTP and on a WebSocket", async () => {
    expect((await gql(hub.url, INTROSPECTION, {}, token)).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await overWebSocket(hub, token, INTROSPECTION)).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("names a misspelled field without suggesting the right one, on both transports", async () => {
    for (const answer of [await gql(hub.url, MISSPELLED, {}, token), await overWebSocket(hub, token, MISSPELLED)]) {
      expect(answer.errors?.[0]?.message).toContain("subjekt");
      expect(answer.errors?.[0]?.message).not.toContain("Did you mean");
    }
  });

  it("sends nosniff and the other security headers, and no X-Powered-By", async () => {
    for (const path of ["/graphql?query=%7B__typename%7D", "/healthz"]) {
      const response = await fetch(hub.url.replace("/graphql", "") + path, { headers: { "apollo-require-preflight": "true" } });
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBeTruthy();
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    // A POST with JSON is answered without Express (src/server/graphql-http.ts): the same headers.
    const viaExpress = await fetch(hub.url.replace("/graphql", "/healthz"));
    const direct = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "posture-1" }, body: '{"query":"{ __typename }"}' });
    expect(direct.status).toBe(200);
    expect(direct.headers.get("x-request-id")).toBe("posture-1");
    const securityHeaders = (response: Response) =>
      [...response.headers].filter(([name]) => /^(x-|strict-transport|cross-origin|origin-agent|referrer-policy)/.test(name) && name !== "x-request-id");
    expect(securityHeaders(direct)).toEqual(securityHeaders(viaExpress));
    expect(securityHeaders(direct).length).toBeGreaterThan(5);
  });

  it("answers a body over 1 MB with 413 and a GraphQL-shaped error", async () => {
    const response = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("allows CORS for the configured origin only, never with a wildcard", async () => {
    const preflight = (origin: string) =>
      fetch(hub.url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect((await preflight("https://bank.example")).headers.get("access-control-allow-origin")).toBe("https://bank.example");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    const post = (origin: string) =>
      fetch(hub.url, { method: "POST", headers: { origin, "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    const allowed = await post("https://bank.example");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://bank.example");
    expect(await allowed.json()).toEqual({ data: { __typename: "Query" } });
    expect((await post("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("in production with GRAPHQL_INTROSPECTION=true, and without CORS_ORIGINS", () => {
  let hub: TestHub;
  let token: string;
  useTestHub(
    async (started) => {
      hub = started;
      token = await hub.token({ role: "CITIZEN" });
    },
    { config: testConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" }) },
  );

  it("answers introspection on both transports", async () => {
    expect((await gql(hub.url, INTROSPECTION, {}, token)).data.__schema.queryType.name).toBe("Query");
    expect((await overWebSocket(hub, token, INTROSPECTION)).data?.__schema.queryType.name).toBe("Query");
  });

  it("sends no CORS header to any origin", async () => {
    const response = await fetch(hub.url, { method: "POST", headers: { origin: "https://bank.example", "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("in development", () => {
  let hub: TestHub;
  useTestHub((started) => {
    hub = started;
  });

  it("suggests the right field name", async () => {
    const token = await hub.token({ role: "CITIZEN" });
    expect((await gql(hub.url, MISSPELLED, {}, token)).errors?.[0]?.message).toContain('Did you mean "subject"?');
  });
});
