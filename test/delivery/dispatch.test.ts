/**
 * Result return by post against the bundled post simulator over real HTTP: dispatch with one
 * idempotency key per dossier, signed webhooks in and out, faults injected in the simulator, and
 * polling that makes good what a lost webhook missed.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isValidS10 } from "../../src/integrations/post/tracking-number.js";
import type { PostSimulator } from "../../src/integrations/post/simulator.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { DELIVERY_FIELDS, dispatch, resultReadyByPost, sendWebhook } from "../support/delivery-factory.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
let post: PostSimulator;
let clockOffsetMs = 0;
const tokens = {} as Record<"citizen" | "clerk" | "staff" | "clerkB02" | "staffB02", string>;

useTestHub(
  async (started) => {
    hub = started;
    post = hub.partners.simulators.post!;
    tokens.citizen = await hub.token({ role: "CITIZEN", sub: "citizen-by-post" });
    tokens.clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    tokens.clerkB02 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B02" });
    tokens.staffB02 = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B02" });
  },
  { now: () => new Date(Date.now() + clockOffsetMs) },
);

const READ = `query($id: ID!) { dossier(id: $id) { status version delivery { ${DELIVERY_FIELDS} } timeline { sequence status actorRole note } } }`;
const read = async (id: string) => (await ok(hub.url, READ, { id }, tokens.staff)).dossier;
const onWorklist = async (id: string) =>
  (await ok(hub.url, `{ worklist(first: 100) { nodes { id } } }`, {}, tokens.clerk)).worklist.nodes.some((n: { id: string }) => n.id === id);
const shipmentsOf = (code: string) => post.shipments().filter((s) => s.reference === code);
const ready = () => resultReadyByPost(hub, tokens);
const uuidOf = (globalId: string) => Buffer.from(globalId, "base64url").toString("utf8").split(":")[1];

describe("dispatching a result by post", () => {
  it("makes one shipment, follows the post's webhooks and returns the dossier when DELIVERED", async () => {
    const dossier = await ready();
    const created = post.createCount;
    const delivery = await dispatch(hub, tokens.clerk, dossier.id);
    expect(isValidS10(delivery.trackingNumber)).toBe(true);
    expect(delivery).toMatchObject({ status: "CREATED", events: [{ status: "CREATED", note: "Shipment created" }] });

    const [shipment] = shipmentsOf(dossier.code);
    expect(shipment).toMatchObject({
      trackingNumber: delivery.trackingNumber,
      idempotencyKey: expect.stringMatching(/^dispatch-[0-9a-f-]{36}$/),
      reference: dossier.code,
    });
    expect((await read(dossier.id)).timeline.at(-1)).toMatchObject({
      status: "RESULT_READY",
      actorRole: "POST_CLERK",
      note: `Dispatched by post, tracking ${delivery.trackingNumber}`,
    });
    // A second call answers the same delivery and asks the post for nothing new.
    expect((await dispatch(hub, tokens.staff, dossier.id)).trackingNumber).toBe(delivery.trackingNumber);
    expect(post.createCount).toBe(created + 1);
    expect(await onWorklist(dossier.id)).toBe(false); // with the post now

    for (let step = 0; step < 3; step++) await post.advance(delivery.trackingNumber);
    const returned = await read(dossier.id);
    expect(returned.status).toBe("RETURNED");
    expect(returned.delivery.status).toBe("DELIVERED");
    expect(returned.delivery.events.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"]);
    expect(returned.timeline.at(-1)).toMatchObject({ status: "RETURNED", actorRole: null, note: expect.stringMatching(/^Delivered by post/) });

    const tracking = await ok(
      hub.url,
      `query($code: String!, $last4: String!) { trackDossier(code: $code, phoneLast4: $last4) { status delivery { trackingNumber status events { status } } } }`,
      { code: dossier.code, last4: dossier.applicant.phone.slice(-4) },
    );
    expect(tracking.trackDossier).toMatchObject({ status: "RETURNED", delivery: { trackingNumber: delivery.trackingNumber, status: "DELIVERED" } });
    expect((await dispatch(hub, tokens.clerk, dossier.id)).status).toBe("DELIVERED");
  });

  it("answers one shipment to clerks dispatching the same dossier at once", async () => {
    const dossier = await ready();
    const created = post.createCount;
    const DISPATCH = `mutation($id: ID!) { dispatchResult(dossierId: $id) { trackingNumber } }`;
    const answers = await Promise.all([tokens.clerk, tokens.staff, tokens.clerk, tokens.staff, tokens.clerk].map((token) => gql(hub.url, DISPATCH, { id: dossier.id }, token)));
    const numbers = new Set(answers.map((answer) => answer.data?.dispatchResult?.trackingNumber ?? JSON.stringify(answer.errors)));
    expect([...numbers]).toEqual([expect.stringMatching(/^EA\d{9}VN$/)]);
    expect(post.createCount).toBe(created + 1);
    const { timeline, delivery } = await read(dossier.id);
    expect(timeline.filter((entry: { note: string | null }) => entry.note?.startsWith("Dispatched by post"))).toHaveLength(1);
    expect(delivery.events).toHaveLength(1);
  });

  it("refuses other delivery methods, dossiers not ready and people from elsewhere, asking the post nothing", async () => {
    const created = post.createCount;
    const DISPATCH = `mutation($id: ID!) { dispatchResult(dossierId: $id) { trackingNumber } }`;
    const atCounter = await resultReadyByPost(hub, tokens, "HN-PASC-B01", { resultDelivery: "AT_COUNTER", deliveryAddress: null });
    const atCounterAnswer = await gql(hub.url, DISPATCH, { id: atCounter.id }, tokens.clerk);
    expect(atCounterAnswer.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "dossierId" });

    const processing = await submitDossier(hub, tokens.citizen, { resultDelivery: "BY_POST", deliveryAddress: "1 Trang Tien, Ha Noi" });
    await receive(hub, tokens.clerk, processing.id);
    await transition(hub, tokens.staff, processing.id, "IN_PROCESSING");
    expect(await errorCode(hub.url, DISPATCH, { id: processing.id }, tokens.clerk)).toBe("INVALID_TRANSITION");

    const dossier = await ready();
    expect(await errorCode(hub.url, DISPATCH, { id: dossier.id }, tokens.citizen)).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, DISPATCH, { id: dossier.id }, tokens.clerkB02)).toBe("NOT_FOUND");
    expect(await errorCode(hub.url, DISPATCH, { id: dossier.id }, tokens.staffB02)).toBe("FORBIDDEN");
    expect(post.createCount).toBe(created);
    expect((await read(dossier.id)).delivery).toBeNull();
  });
});

describe("when the post is unreliable", () => {
  it("a post that answers 503 twice still ends with one shipment under one key", async () => {
    const dossier = await ready();
    post.faults.failNext(2, 503);
    const delivery = await dispatch(hub, tokens.clerk, dossier.id);
    expect(shipmentsOf(dossier.code)).toEqual([expect.objectContaining({ trackingNumber: delivery.trackingNumber })]);
  });

  it("a post that stays down gives UPSTREAM_UNAVAILABLE; later calls reuse the key, even after a lost answer", async () => {
    const dossier = await ready();
    post.faults.failNext(3, 503);
    expect(await errorCode(hub.url, `mutation($id: ID!) { dispatchResult(dossierId: $id) { trackingNumber } }`, { id: dossier.id }, tokens.clerk)).toBe(
      "UPSTREAM_UNAVAILABLE",
    );
    expect((await read(dossier.id)).delivery).toBeNull();
    expect(await onWorklist(dossier.id)).toBe(true); // still to be dispatched

    // The post makes the shipment but the answer is lost; the retry with the same key finds it.
    post.faults.loseAnswerNext(1);
    const delivery = await dispatch(hub, tokens.clerk, dossier.id);
    const shipments = shipmentsOf(dossier.code);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({ trackingNumber: delivery.trackingNumber, idempotencyKey: `dispatch-${uuidOf(dossier.id)}` });
  });

  it("the reconciler completes a dispatch the post never confirmed, with the same key", async () => {
    const dossier = await ready();
    post.faults.failNext(3, 503);
    await gql(hub.url, `mutation($id: ID!) { dispatchResult(dossierId: $id) { trackingNumber } }`, { id: dossier.id }, tokens.clerk);
    clockOffsetMs = 61_000; // past the grace a clerk's own retry gets
    try {
      await hub.hub.services.delivery.reconciler.reconcileOnce();
    } finally {
      clockOffsetMs = 0;
    }
    const after = await read(dossier.id);
    expect(after.delivery.status).toBe("CREATED");
    expect(shipmentsOf(dossier.code)).toHaveLength(1);
    expect(after.timeline.at(-1)).toMatchObject({ actorRole: null, note: `Dispatched by post, tracking ${after.delivery.trackingNumber}` });
  });

  it("a lost webhook is reconciled by polling, through the same path: nothing stored twice", async () => {
    const dossier = await ready();
    const { trackingNumber } = await dispatch(hub, tokens.clerk, dossier.id);
    post.faults.dropWebhooks(1);
    await post.advance(trackingNumber);
    expect((await read(dossier.id)).delivery.status).toBe("CREATED");

    const report = await hub.hub.services.delivery.reconciler.reconcileOnce();
    expect(report.failed).toBe(0);
    const polled = (await read(dossier.id)).delivery;
    expect(polled.status).toBe("PICKED_UP");
    const pickedUp = post.shipments().find((s) => s.trackingNumber === trackingNumber)!.events[1]!;
    expect(polled.events.at(-1)).toEqual({ status: "PICKED_UP", at: pickedUp.at, note: pickedUp.note });

    // The lost webhook turns up late after all: answered 2xx, not stored again.
    const late = await sendWebhook(hub, { trackingNumber, status: "PICKED_UP", at: pickedUp.at, note: pickedUp.note });
    expect(late).toMatchObject({ status: 200, body: JSON.stringify({ outcome: "known" }) });
    expect((await read(dossier.id)).delivery.events).toHaveLength(2);
  });

  it("FAILED keeps the result at the branch with the post's note, back on the worklist", async () => {
    const dossier = await ready();
    post.planFailure(dossier.code);
    const { trackingNumber } = await dispatch(hub, tokens.clerk, dossier.id);
    for (let step = 0; step < 3; step++) await post.advance(trackingNumber);

    const failed = await read(dossier.id);
    expect(failed.status).toBe("RESULT_READY");
    expect(failed.delivery).toMatchObject({ status: "FAILED", statusNote: "Recipient not at home" });
    expect(failed.timeline.at(-1).note).toBe(`Delivery attempt failed (tracking ${trackingNumber}): Recipient not at home`);
    expect(await onWorklist(dossier.id)).toBe(true);

    await post.advance(trackingNumber);
    const back = await read(dossier.id);
    expect(back.status).toBe("RESULT_READY");
    expect(back.delivery.status).toBe("RETURNED_TO_SENDER");
    expect(await onWorklist(dossier.id)).toBe(true);
    // The clerk hands the result over at the counter instead.
    expect((await transition(hub, tokens.clerk, dossier.id, "RETURNED")).status).toBe("RETURNED");
  });
});

describe("the webhook endpoint", () => {
  it("refuses unsigned, forged, stale, future-dated and malformed deliveries with 4xx and changes nothing", async () => {
    const dossier = await ready();
    const { trackingNumber } = await dispatch(hub, tokens.clerk, dossier.id);
    const event = { trackingNumber, status: "PICKED_UP", at: new Date().toISOString(), note: "Picked up" };
    const before = await read(dossier.id);

    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    expect((await sendWebhook(hub, event, { headers: {} })).status).toBe(401);
    expect((await sendWebhook(hub, event, { secret: "whsec_b3RoZXItc2VjcmV0LW9mLXRoZS1wb3N0LWFwaQ==" })).status).toBe(401);
    expect((await sendWebhook(hub, event, { signedAt: minutes(-6) })).status).toBe(401);
    expect((await sendWebhook(hub, event, { signedAt: minutes(6) })).status).toBe(401);
    const signed = await sendWebhook(hub, event, { headers: { "webhook-id": "msg_x", "webhook-timestamp": "soon", "webhook-signature": "v1,AAAA" } });
    expect(signed.status).toBe(401);
    for (const rawBody of ["{not json", "", JSON.stringify({ type: "shipment.updated", data: { ...event, status: "LOST" } }), JSON.stringify({ ...event })]) {
      const answer = await sendWebhook(hub, event, { rawBody });
      expect(answer.status, rawBody).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: expect.any(String) });
    }
    // A signed webhook-id too long to keep (random, so it does not compress into the index).
    expect((await sendWebhook(hub, event, { webhookId: randomBytes(3000).toString("base64") })).status).toBe(400);
    for (const data of [{ ...event, trackingNumber: "EA\u0000" }, { ...event, at: "0000-01-01T00:00:00Z" }]) {
      const rawBody = JSON.stringify({ type: "shipment.updated", data });
      expect((await sendWebhook(hub, event, { rawBody })).status, rawBody).toBe(400);
    }
    const huge = await sendWebhook(hub, event, { rawBody: JSON.stringify({ type: "shipment.updated", data: { ...event, note: "x".repeat(100_000) } }) });
    expect(huge.status).toBe(413);
    expect(await read(dossier.id)).toEqual(before);
  });

  it("applies a webhook id once, stores a known event once, never moves backwards, and ignores unknown parcels", async () => {
    const dossier = await ready();
    const { trackingNumber } = await dispatch(hub, tokens.clerk, dossier.id);
    const t = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const inTransit = { trackingNumber, status: "IN_TRANSIT", at: t(20), note: "Arrived at the Hanoi delivery hub" };

    expect((await sendWebhook(hub, inTransit, { webhookId: "msg_once" })).body).toBe(JSON.stringify({ outcome: "applied" }));
    const replay = await sendWebhook(hub, inTransit, { webhookId: "msg_once" });
    expect(replay).toMatchObject({ status: 200, body: JSON.stringify({ outcome: "replayed" }) });
    expect((await sendWebhook(hub, inTransit)).body).toBe(JSON.stringify({ outcome: "known" }));

    // An older event arrives late: it joins the history, the status stays.
    await sendWebhook(hub, { trackingNumber, status: "PICKED_UP", at: t(10), note: "Picked up at the service center" });
    const delivery = (await read(dossier.id)).delivery;
    expect(delivery.status).toBe("IN_TRANSIT");
    expect(delivery.events.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT"]);

    // A note the database could not hold (NUL) loses the offending characters, not the event.
    const failed = await sendWebhook(hub, { trackingNumber, status: "FAILED", at: t(30), note: "Recipient\u0000 not at home" });
    expect(failed).toMatchObject({ status: 200, body: JSON.stringify({ outcome: "applied" }) });
    expect((await read(dossier.id)).delivery).toMatchObject({ status: "FAILED", statusNote: "Recipient not at home" });

    const unknown = await sendWebhook(hub, { trackingNumber: "EA000000005VN", status: "DELIVERED", at: t(0) });
    expect(unknown).toMatchObject({ status: 202, body: JSON.stringify({ outcome: "unknown" }) });
    expect((await read(dossier.id)).status).toBe("RESULT_READY");
  });
});
