/**
 * Operation limits against a hostile client, on HTTP and on graphql-ws alike (issue 11): too many
 * aliases, directives or tokens, too deep, or too costly — ten pages of a hundred dossiers with
 * their relations, the page size in a literal or a variable — is QUERY_TOO_COMPLEX with a status
 * below 500, and nothing runs. What real clients send, graphql-js's own introspection query
 * included, passes.
 */
import { getIntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { gql, subscribe, wsClient } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let staff: string;

useTestHub(async (started) => {
  hub = started;
  staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
});

const aliases = (n: number, selection: string) => Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(" ");
const RELATIONS = `nodes { id code status procedure { code name } branch { code } applicant { fullName idNumber phone }
  timeline { sequence status at note } }`;

const hostile: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  "500 aliases": { query: `{ ${aliases(500, "procedures { code }")} }` },
  "300 directives": {
    query: `query { viewer { ${Array.from({ length: 300 }, () => "...Me @include(if: true)").join(" ")} } } fragment Me on Viewer { subject }`,
  },
  "ten pages of 100 dossiers with their relations": { query: `{ ${aliases(10, `dossiers(first: 100) { ${RELATIONS} }`)} }` },
  "the same with the page size in a variable": {
    query: `query($n: Int) { ${aliases(10, `dossiers(first: $n) { ${RELATIONS} }`)} }`,
    variables: { n: 100 },
  },
  "nesting deeper than allowed": { query: `{ dossier(code: "HN-2025-000001") { ${"securityRegistration { dossier { ".repeat(6)} id ${"} } ".repeat(6)} } }` },
  "more tokens than allowed": { query: `{ viewer { ${"subject ".repeat(2500)} } }` },
};

describe("over HTTP", () => {
  it.each(Object.entries(hostile))("%s is QUERY_TOO_COMPLEX, 4xx, before anything runs", async (_name, { query, variables }) => {
    const answer = await gql(hub.url, query, variables, staff);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.map((error) => error.extensions.code)).toContain("QUERY_TOO_COMPLEX");
    expect(answer.data ?? null).toBeNull();
  });

  it("lets real work through: a 50-row page with its relations, the same page size from a variable, and introspection", async () => {
    for (const [query, variables] of [
      [`{ dossiers(first: 50) { ${RELATIONS} } }`, {}],
      [`query($n: Int) { dossiers(first: $n) { ${RELATIONS} } }`, { n: 50 }],
      [getIntrospectionQuery(), {}],
    ] as const) {
      const answer = await gql(hub.url, query, variables, staff);
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
    }
  });

  it("costs every request's own page sizes and directives: a cheap or an uncostable request before never lets a costly one through", async () => {
    const query = `query($n: Int, $code: String!, $all: Boolean!) {
      ${aliases(5, `dossiers(first: $n) { ${RELATIONS} }`)} one: dossier(code: $code) { id } ...More @include(if: $all) }
      fragment More on Query { ${aliases(5, `dossiers(first: 100) { ${RELATIONS} }`).replaceAll(/\ba(\d)/g, "more$1")} }`;
    const codeOf = async (variables: Record<string, unknown>) => (await gql(hub.url, query, variables, staff)).errors?.[0]?.extensions.code ?? "OK";
    expect(await codeOf({ n: 1, code: "HN-2025-000001", all: false })).toBe("OK");
    expect(await codeOf({ n: 1, code: "HN-2025-000002", all: true })).toBe("QUERY_TOO_COMPLEX");
    expect(await codeOf({ n: 100, code: 7, all: false })).toBe("BAD_USER_INPUT");
    expect(await codeOf({ n: 100, code: "HN-2025-000003", all: false })).toBe("QUERY_TOO_COMPLEX");
    expect(await codeOf({ n: 1, code: "HN-2025-000004", all: false })).toBe("OK");
  });
});

describe("over graphql-ws", () => {
  it.each(Object.entries(hostile))("%s is refused at subscribe with QUERY_TOO_COMPLEX", async (_name, { query, variables }) => {
    const client = wsClient(hub.wsUrl, staff);
    try {
      const operation = subscribe(client, query, variables);
      const errors = (await operation.ended()) as Array<{ extensions: { code: string } }>;
      expect(errors.map((error) => error.extensions.code)).toContain("QUERY_TOO_COMPLEX");
      expect(operation.results).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it("refuses a subscription of 500 aliases before acknowledging it", async () => {
    const client = wsClient(hub.wsUrl, staff);
    try {
      const operation = subscribe(client, `subscription { dossierEvents(dossierId: "x") { ${aliases(500, "sequence")} } }`);
      const errors = (await operation.ended()) as Array<{ extensions: { code: string } }>;
      expect(errors[0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    } finally {
      await client.dispose();
    }
  });
});
