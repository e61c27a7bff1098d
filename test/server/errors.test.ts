/**
 * SPEC §6 at the edge: bad input gets a clear coded error and changes nothing; request-level
 * failures are never a 5xx; unknown failures are masked (no stack, SQL or path).
 */
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.js";
import { applicantInput, submitInput } from "../support/dossier-factory.js";
import { gql, ok } from "../support/graphql.js";
import { startTestHub, useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let citizen: string;

useTestHub(async (started) => {
  hub = started;
  citizen = await hub.token({ role: "CITIZEN", sub: "citizen-errors" });
});

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`;

async function dossierCount() {
  return (await ok(hub.url, `{ dossiers { totalCount } }`, {}, citizen)).dossiers.totalCount as number;
}

describe("bad input", () => {
  it.each([
    ["a 13-digit ID number", { applicant: applicantInput({ idNumber: "0010990123456" }) }, "input.applicant.idNumber"],
    ["a phone that is not one", { applicant: applicantInput({ phone: "12345" }) }, "input.applicant.phone"],
    ["an empty name", { applicant: applicantInput({ fullName: "   " }) }, "input.applicant.fullName"],
    ["an unknown procedure", { procedureCode: "XX-99" }, "input.procedureCode"],
    ["a security registration", { procedureCode: "SR-01" }, "input.procedureCode"],
    ["BY_POST without an address", { resultDelivery: "BY_POST" }, "input.deliveryAddress"],
    ["an unknown branch", { branchCode: "HN-PASC-B99" }, "input.branchCode"],
    ["a 100 kB name", { applicant: applicantInput({ fullName: "x".repeat(100_000) }) }, "input.applicant.fullName"],
  ])("%s is BAD_USER_INPUT naming the field, and nothing is stored", async (_name, override, field) => {
    const before = await dossierCount();
    const response = await gql(hub.url, SUBMIT, { input: submitInput(override) }, citizen);
    expect(response.status).toBeLessThan(500);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await dossierCount()).toBe(before);
  });

  it("a value of the wrong type or shape is BAD_USER_INPUT, with HTTP 400 and not 5xx", async () => {
    const response = await gql(hub.url, SUBMIT, { input: { ...submitInput(), channel: "CARRIER_PIGEON" } }, citizen);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    const date = await gql(hub.url, `{ serviceStatistics(from: "yesterday", to: "2026-01-01T00:00:00Z") { received } }`, {}, citizen);
    expect(date.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("an instant PostgreSQL cannot hold (year 0) is BAD_USER_INPUT, as a variable and as a literal (found by fuzzing)", async () => {
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const STATISTICS = `query($from: DateTime!) { serviceStatistics(from: $from, to: "2026-01-01T00:00:00Z") { received } }`;
    for (const from of ["0000-01-01T00:00:00Z", "0000-06-15T12:00:00.000Z", "0001-01-01T00:00:00+07:00"]) {
      const response = await gql(hub.url, STATISTICS, { from }, staff);
      expect(response.status).toBeLessThan(500);
      expect(response.errors?.[0]?.extensions.code, from).toBe("BAD_USER_INPUT");
    }
    const literal = await gql(hub.url, `{ serviceStatistics(from: "0000-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { received } }`, {}, staff);
    expect(literal.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await gql(hub.url, STATISTICS, { from: "0001-01-01T07:00:00+07:00" }, staff)).errors).toBeUndefined();
  });

  it("a huge refused value is not echoed back whole: the message stays short and still says where and why (found by fuzzing)", async () => {
    const huge = await gql(hub.url, SUBMIT, { input: submitInput({ procedureCode: "CP-01".repeat(20_000), channel: "NOPE" }) }, citizen);
    const hugeInt = await gql(hub.url, `query($first: Int) { dossiers(first: $first) { totalCount } }`, { first: "9".repeat(200_000) }, citizen);
    const domain = await gql(hub.url, SUBMIT, { input: submitInput({ procedureCode: "CP-01".repeat(20_000) }) }, citizen);
    for (const response of [huge, hugeInt, domain]) {
      expect(response.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
      for (const error of response.errors!) expect(error.message.length).toBeLessThanOrEqual(1001);
    }
    expect(huge.errors!.map((e) => e.message).join("\n")).toMatch(/at "input\.channel"; Value "NOPE" does not exist/);
    expect(domain.errors![0]!.message).toMatch(/^Unknown procedure CP-01CP-01/);
  });

  it("a 10 MB body is refused as too large, without reading it into GraphQL", async () => {
    const response = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${citizen}` },
      body: JSON.stringify({ query: SUBMIT, variables: { input: submitInput({ applicant: applicantInput({ fullName: "x".repeat(10_000_000) }) }) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: [{ extensions: { code: string } }] }).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it.each([
    ["a body that is not JSON", { "content-type": "application/json" }, "{nope", 400, "The request body is not valid JSON"],
    ["a body in an encoding the hub does not speak", { "content-type": "application/json", "content-encoding": "x-unknown" }, "{}", 415, "encoding"],
    ["a JSON body that is a string, not a request", { "content-type": "application/json" }, '"{ __typename }"', 400, "The request body is not valid JSON"],
    ["a JSON body in a charset the hub does not speak", { "content-type": "application/json; charset=latin1" }, "{}", 415, "charset"],
  ])("%s is a 4xx BAD_USER_INPUT that says so", async (_name, headers, body, status, message) => {
    const response = await fetch(hub.url, { method: "POST", headers, body });
    expect(response.status).toBe(status);
    const { errors } = (await response.json()) as { errors: [{ message: string; extensions: { code: string } }] };
    expect(errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(errors[0].message).toContain(message);
  });

  it("a body streamed without a length is refused as too large once it passes 1 MB", async () => {
    const chunk = new TextEncoder().encode(`{"query":"{ __typename }","variables":{"padding":"${"x".repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: [{ message: string }] }).errors[0].message).toBe("The request body is too large");
  });

  it("an empty body is a 400 BAD_USER_INPUT, as through Express", async () => {
    const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: [{ message: string; extensions: { code: string } }] };
    expect(errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(errors[0].message).toContain("POST body missing");
  });

  it("unknown fields and syntax errors are BAD_USER_INPUT", async () => {
    expect((await gql(hub.url, `{ dossiers { nope } }`, {}, citizen)).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await gql(hub.url, `{ dossiers {`, {}, citizen)).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("a query nested too deep or selecting too much is QUERY_TOO_COMPLEX and runs nothing", async () => {
    const nested = (n: number): string => (n === 0 ? "id" : `securityRegistration { dossier { ${nested(n - 1)} } }`);
    const deep = `{ dossier(code: "HN-2025-000001") { ${nested(6)} } }`;
    expect((await gql(hub.url, deep, {}, citizen)).errors?.[0]?.extensions.code).toBe("QUERY_TOO_COMPLEX");
    const wide = `{ ${Array.from({ length: 1100 }, (_, i) => `a${i}: viewer { subject }`).join(" ")} }`;
    expect((await gql(hub.url, wide, {}, citizen)).errors?.[0]?.extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect((await gql(hub.url, `{ dossier(code: "HN-2025-000001") { ${nested(2)} } }`, {}, citizen)).errors).toBeUndefined();
  });
});

describe("unexpected failures", () => {
  it("are masked as INTERNAL_SERVER_ERROR with no SQL, stack or path", async () => {
    const broken = await createTestDatabase();
    const brokenHub = await startTestHub(broken.handle, { config: hub.config, partners: hub.partners });
    await broken.close(); // the database goes away under the hub
    const response = await gql(brokenHub.url, `{ dossiers { totalCount } }`, {}, citizen);
    await brokenHub.close();
    expect(response.status).toBeLessThan(600);
    expect(response.errors?.[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    const text = JSON.stringify(response);
    for (const leak of ["select", "dossiers\"", "/work", "node_modules", "at "]) expect(text).not.toContain(leak);
  });
});
