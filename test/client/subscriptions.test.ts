/**
 * Subscriptions through the client over a real WebSocket: a `dossierEvents` stream whose socket is
 * cut mid-stream (and refused for a while) resumes from the last event it yielded, so every event
 * comes exactly once and in order; a token that expires mid-stream is renewed; a refusal is thrown.
 */
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  DossierEventsDocument,
  HubError,
  ReceiveDossierDocument,
  SubmitDossierDocument,
  TransitionDossierDocument,
  type DossierStatus,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { hubClient, take } from "./client-factory.js";
import { dossierInput } from "./client-inputs.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

let hub: TestHub;
let proxy: TcpProxy;
let staff: HubClient;

useTestHub(async (started) => {
  hub = started;
  proxy = await startTcpProxy(hub.url);
  staff = hubClient(hub, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }));
});
afterAll(() => proxy?.close());

async function newDossier(): Promise<string> {
  const { submitDossier } = await staff.request(SubmitDossierDocument, { input: dossierInput() });
  await staff.request(ReceiveDossierDocument, { id: submitDossier.id, branchCode: "HN-PASC-B01" });
  return submitDossier.id;
}

async function move(id: string, ...statuses: DossierStatus[]): Promise<void> {
  for (const to of statuses) await staff.request(TransitionDossierDocument, { id, to });
}

/** The `ws` WebSocket, keeping every message the client sends (frames on the wire are masked). */
function recordingWebSocket(sent: string[]) {
  return class RecordingWebSocket extends WebSocket {
    override send(data: string, ...rest: unknown[]): void {
      sent.push(data);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  };
}

/** Resolves false if the iterator yields nothing more within `ms`. */
async function yieldsMore(events: AsyncIterator<unknown>, ms: number): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
  return Promise.race([events.next().then(() => true), timeout]);
}

describe("a dossierEvents subscription through the client", () => {
  it("resumes after its socket is cut mid-stream: every event once, in order", async () => {
    const id = await newDossier();
    const messages: string[] = [];
    const follower = hubClient(hub, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }), {
      wsUrl: proxy.wsUrl,
      webSocketImpl: recordingWebSocket(messages),
    });
    const events = follower.subscribe(DossierEventsDocument, { dossierId: id, afterSequence: 0 });
    const before = await take(events, 2);

    proxy.refusing = true;
    proxy.cutAll();
    await move(id, "IN_PROCESSING", "SUPPLEMENT_REQUESTED", "IN_PROCESSING"); // while the client cannot reach the hub
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few failed reconnects, with backoff
    proxy.refusing = false;
    await move(id, "APPROVED", "RESULT_READY");
    const after = await take(events, 5);

    const sequences = [...before, ...after].map((event) => event.dossierEvents.sequence);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...before, ...after].map((event) => event.dossierEvents.status)).toEqual([
      "SUBMITTED",
      "RECEIVED",
      "IN_PROCESSING",
      "SUPPLEMENT_REQUESTED",
      "IN_PROCESSING",
      "APPROVED",
      "RESULT_READY",
    ]);
    expect(await yieldsMore(events, 300)).toBe(false);
    // The resubscription asked the hub for what came after the last event seen.
    const subscribed = messages.map((message) => JSON.parse(message)).filter((message) => message.type === "subscribe");
    expect(subscribed.map((message) => message.payload.variables.afterSequence)).toEqual([0, 2]);
    await events.close();
  });

  it("renews an expiring token: the hub closes the socket, the client asks for a token and resumes", async () => {
    const id = await newDossier();
    let issued = 0;
    const follower = hubClient(hub, async () => {
      issued += 1;
      return hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01", ttlSeconds: issued === 1 ? 1 : 3600 });
    });
    const events = follower.subscribe(DossierEventsDocument, { dossierId: id, afterSequence: 2 });
    await move(id, "IN_PROCESSING");
    const [first] = await take(events, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the first token has expired: closed with 4403
    await move(id, "APPROVED");
    const [second] = await take(events, 1);
    expect([first!.dossierEvents.sequence, second!.dossierEvents.sequence]).toEqual([3, 4]);
    expect(issued).toBe(2);
    await events.close();
  });

  it("ends when its client closes, also while waiting to reconnect", async () => {
    const id = await newDossier();
    const follower = hubClient(hub, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }), {
      wsUrl: proxy.wsUrl,
      reconnect: { baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    const live = follower.subscribe(DossierEventsDocument, { dossierId: id, afterSequence: 0 });
    await take(live, 2);
    proxy.cutAll(); // `live` now waits 2.5–5 s before reconnecting
    const pending = live.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await follower.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("throws the hub's refusal: NOT_FOUND for a dossier the viewer may not read", async () => {
    const id = await newDossier();
    const stranger = hubClient(hub, await hub.token({ role: "CITIZEN", sub: "someone-else" }));
    const events = stranger.subscribe(DossierEventsDocument, { dossierId: id });
    const error = await events.next().then(
      () => expect.fail("expected a HubError"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: "NOT_FOUND" });
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });
});
