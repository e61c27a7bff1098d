/**
 * Which failures the client retries, against the hub behind a proxy that answers chosen requests
 * itself (as a load balancer or a rate limiter would): RATE_LIMITED after retryAfter for any
 * operation; 5xx, UPSTREAM_UNAVAILABLE and timeouts only for queries and keyed mutations; never
 * FORBIDDEN or BAD_USER_INPUT; a rotating token asked again after UNAUTHENTICATED.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  createHubClient,
  DossiersDocument,
  HubError,
  LandParcelDocument,
  RegisterSecurityDocument,
  SubmitDossierDocument,
  ViewerDocument,
  type HubClientOptions,
  type RetryNotice,
} from "../../clients/typescript/src/index.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { freshParcel } from "../registration/registration-factory.js";
import { hubClient } from "./client-factory.js";
import { dossierInput, registrationInput } from "./client-inputs.js";
import { graphqlError, startFaultProxy, type FaultProxy } from "./fault-proxy.js";

let hub: TestHub;
let proxy: FaultProxy;
let tokens: { bank: string; citizen: string };

useTestHub(async (started) => {
  hub = started;
  proxy = await startFaultProxy(hub.url);
  tokens = {
    bank: await hub.token({ role: "BANK_OFFICER", org: "VCB" }),
    citizen: await hub.token({ role: "CITIZEN", sub: "citizen-retry-rules" }),
  };
});
afterAll(() => proxy?.close());
beforeEach(() => {
  proxy.requests.length = 0;
});

function throughProxy(token: HubClientOptions["token"], options: Partial<HubClientOptions> = {}) {
  const retries: RetryNotice[] = [];
  return { client: hubClient(hub, token, { url: proxy.url, onRetry: (notice) => retries.push(notice), ...options }), retries };
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail("expected a HubError"), (error: unknown) => error as HubError);
const unavailable = { status: 503, body: "<html>Service Unavailable</html>", headers: { "content-type": "text/html" } };

describe("RATE_LIMITED", () => {
  it("waits retryAfter, then succeeds — for a mutation without a key too, since nothing ran", async () => {
    const { client, retries } = throughProxy(tokens.citizen);
    const before = (await client.request(DossiersDocument, { first: 1 })).dossiers.totalCount;
    proxy.answerNext({ status: 429, body: graphqlError("RATE_LIMITED", "Too many requests; slow down", { retryAfter: 1 }) });
    const started = Date.now();
    const { submitDossier } = await client.request(SubmitDossierDocument, { input: dossierInput() });

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(submitDossier.status).toBe("SUBMITTED");
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 1000, error: { code: "RATE_LIMITED", retryAfter: 1, status: 429 } }]);
    expect((await client.request(DossiersDocument, { first: 1 })).dossiers.totalCount).toBe(before + 1);
  });

  it("is thrown with its retryAfter when the wait asked for is longer than the client allows", async () => {
    const { client } = throughProxy(tokens.citizen, { retry: { maxRetryAfterMs: 5_000 } });
    proxy.answerNext({ status: 200, body: graphqlError("RATE_LIMITED", "Too many requests; slow down", { retryAfter: 120 }) });
    expect(await failure(client.request(ViewerDocument))).toMatchObject({ code: "RATE_LIMITED", retryAfter: 120, attempts: 1 });
  });
});

describe("transient failures", () => {
  it("retries a query after a 503 and UPSTREAM_UNAVAILABLE, with backoff", async () => {
    const { client, retries } = throughProxy(tokens.bank);
    proxy.answerNext(unavailable, { status: 200, body: graphqlError("UPSTREAM_UNAVAILABLE", "The land registry is not answering") });
    const parcel = freshParcel();
    const { landParcel } = await client.request(LandParcelDocument, { certificateSerial: parcel.certificateSerial });
    expect(landParcel?.certificateSerial).toBe(parcel.certificateSerial);
    expect(retries.map((r) => r.error.code)).toEqual(["INTERNAL_SERVER_ERROR", "UPSTREAM_UNAVAILABLE"]);
    expect(retries[0]!.error.status).toBe(503);
  });

  it("retries a keyed mutation after a 502 with the same key", async () => {
    const { client } = throughProxy(tokens.bank);
    proxy.answerNext({ ...unavailable, status: 502 });
    const { registerSecurity } = await client.request(RegisterSecurityDocument, { input: registrationInput(freshParcel()) });
    expect(registerSecurity.status).toBe("SUBMITTED");
    const keys = proxy.requests.map((request) => request.variables?.["idempotencyKey"]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it("does not retry a mutation without a key after a 503: it may have acted", async () => {
    const { client, retries } = throughProxy(tokens.citizen);
    proxy.answerNext(unavailable);
    expect(await failure(client.request(SubmitDossierDocument, { input: dossierInput() }))).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      status: 503,
      attempts: 1,
    });
    expect(retries).toEqual([]);
    expect(proxy.requests).toHaveLength(1);
  });

  it("gives up after three attempts in all, by default", async () => {
    const { client } = throughProxy(tokens.bank);
    proxy.answerNext(unavailable, unavailable, unavailable);
    expect(await failure(client.request(ViewerDocument))).toMatchObject({ code: "INTERNAL_SERVER_ERROR", attempts: 3 });
    expect(proxy.requests).toHaveLength(3);
  });

  it("retries a query that timed out, and not a mutation without a key", async () => {
    const slow = { status: 200, body: { data: null }, delayMs: 600 };
    const { client } = throughProxy(tokens.citizen, { timeoutMs: 200 });
    proxy.answerNext(slow);
    expect((await client.request(ViewerDocument)).viewer.subject).toBe("citizen-retry-rules");

    proxy.answerNext(slow);
    const error = await failure(client.request(SubmitDossierDocument, { input: dossierInput() }));
    expect(error).toMatchObject({ code: "NETWORK_ERROR", attempts: 1, message: "The hub did not answer within 200 ms" });
  });

  it("answers NETWORK_ERROR when nothing listens, after retrying even a mutation (it never left)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const retries: RetryNotice[] = [];
    const client = createHubClient({ url: `http://127.0.0.1:${port}/graphql`, token: tokens.citizen, retry: { baseDelayMs: 10 }, onRetry: (r) => retries.push(r) });
    expect(await failure(client.request(SubmitDossierDocument, { input: dossierInput() }))).toMatchObject({ code: "NETWORK_ERROR", attempts: 3 });
    expect(retries).toHaveLength(2);
  });
});

describe("final answers", () => {
  it("throws FORBIDDEN and BAD_USER_INPUT at once, with the code, the field and the hub's request id", async () => {
    const { client: citizen } = throughProxy(tokens.citizen);
    const forbidden = await failure(citizen.request(RegisterSecurityDocument, { input: registrationInput(freshParcel()) }));
    expect(forbidden).toMatchObject({ code: "FORBIDDEN", attempts: 1, requestId: expect.any(String) });
    expect(forbidden.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const { client: bank } = throughProxy(tokens.bank);
    const input = registrationInput(freshParcel());
    input.mortgagors[0]!.idNumber = "12345"; // neither a citizen ID (12 digits) nor a tax code (10 or 13)
    const badInput = await failure(bank.request(RegisterSecurityDocument, { input }));
    expect(badInput).toMatchObject({ code: "BAD_USER_INPUT", field: "input.mortgagors.0.idNumber", attempts: 1 });
    expect(badInput.errors[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(proxy.requests).toHaveLength(2);
  });
});

describe("a rotating token", () => {
  it("is asked for again once after UNAUTHENTICATED, and the request goes through", async () => {
    const issued = [await hub.token({ role: "CITIZEN", sub: "rotating", ttlSeconds: -120 }), await hub.token({ role: "CITIZEN", sub: "rotating" })];
    let calls = 0;
    const { client } = throughProxy(async () => issued[Math.min(calls++, 1)]!);
    expect((await client.request(ViewerDocument)).viewer.subject).toBe("rotating");
    expect(calls).toBe(2);
    expect((await client.request(ViewerDocument)).viewer.subject).toBe("rotating");
    expect(calls).toBe(2);
  });

  it("gives UNAUTHENTICATED when the new token is refused too; a fixed token is not asked again", async () => {
    let calls = 0;
    const { client } = throughProxy(async () => {
      calls += 1;
      return "not-a-token";
    });
    expect(await failure(client.request(ViewerDocument))).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(calls).toBe(2);
    const { client: fixed } = throughProxy("not-a-token");
    expect(await failure(fixed.request(ViewerDocument))).toMatchObject({ code: "UNAUTHENTICATED", attempts: 1 });
  });
});
