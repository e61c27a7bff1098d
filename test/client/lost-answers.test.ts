/**
 * Answers lost on the wire after the hub acted (a TCP proxy cuts the connection as the answer
 * starts back): a bank mutation is sent again with the same idempotency key and registers once at
 * the land registry; a mutation without a key is not sent again; a query simply is.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  DossiersDocument,
  HubError,
  RegisterSecurityDocument,
  SubmitDossierDocument,
  ViewerDocument,
  type HubClient,
  type RetryNotice,
} from "../../clients/typescript/src/index.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel } from "../registration/registration-factory.js";
import { hubClient } from "./client-factory.js";
import { decided, dossierInput, registrationInput } from "./client-inputs.js";
import { graphqlBodies, startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

let hub: TestHub;
let proxy: TcpProxy;
let tokens: { bank: string; citizen: string };

useTestHub(
  async (started) => {
    hub = started;
    proxy = await startTcpProxy(hub.url);
    tokens = {
      bank: await hub.token({ role: "BANK_OFFICER", org: "VCB" }),
      citizen: await hub.token({ role: "CITIZEN", sub: "citizen-lost-answers" }),
    };
  },
  { config: testConfig(fastOutbox) },
);

/** A fresh client through the proxy (its own connections), recording its retries. */
function throughProxy(token: string): { client: HubClient; retries: RetryNotice[] } {
  const retries: RetryNotice[] = [];
  return { client: hubClient(hub, token, { url: proxy.url, onRetry: (notice) => retries.push(notice) }), retries };
}

afterAll(() => proxy?.close());

const sentOperations = (name: string) => graphqlBodies(proxy.sent).filter((body) => body.operationName === name);

describe("an answer lost after the hub acted", () => {
  it("a bank mutation is sent again with the same generated key and makes one registration at the land registry", async () => {
    const { client, retries } = throughProxy(tokens.bank);
    const parcel = freshParcel();
    proxy.loseAnswers(1);
    const { registerSecurity } = await client.request(RegisterSecurityDocument, { input: registrationInput(parcel) });

    const attempts = sentOperations("RegisterSecurity");
    expect(attempts).toHaveLength(2);
    const key = attempts[0]!.variables!["idempotencyKey"];
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(attempts[1]!.variables!["idempotencyKey"]).toBe(key);
    expect(retries).toMatchObject([{ operationName: "RegisterSecurity", attempt: 1, idempotencyKey: key, error: { code: "NETWORK_ERROR" } }]);

    const registered = await decided(hubClient(hub, tokens.bank), registerSecurity.id);
    expect(registered.status).toBe("REGISTERED");
    const atRegistry = hub.partners.simulators.landRegistry!.registrations().filter((r) => r.parcels.includes(parcel.certificateSerial));
    expect(atRegistry).toMatchObject([{ hubReference: registerSecurity.dossier.code, registrationNumber: registered.registrationNumber }]);
  });

  it("a mutation without an idempotency key is not sent again: NETWORK_ERROR, and the hub acted once", async () => {
    const { client, retries } = throughProxy(tokens.citizen);
    const reader = hubClient(hub, tokens.citizen);
    const before = (await reader.request(DossiersDocument, { first: 1 })).dossiers.totalCount;
    proxy.loseAnswers(1);
    const error = await client.request(SubmitDossierDocument, { input: dossierInput() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: "NETWORK_ERROR", attempts: 1, status: undefined, idempotencyKey: undefined });
    expect(retries).toEqual([]);
    expect(sentOperations("SubmitDossier")).toHaveLength(1);
    expect((await reader.request(DossiersDocument, { first: 1 })).dossiers.totalCount).toBe(before + 1);
  });

  it("a query is simply asked again", async () => {
    const { client, retries } = throughProxy(tokens.bank);
    proxy.loseAnswers(1);
    const { viewer } = await client.request(ViewerDocument);
    expect(viewer.organization?.code).toBe("VCB");
    expect(retries).toHaveLength(1);
  });
});
