/**
 * The counter's worklist: the token's branch's dossiers to receive, digitize and hand over or
 * dispatch, oldest first, paginated — nothing of other branches, nothing the post has in hand.
 */
import { describe, expect, it } from "vitest";
import { dispatch, resultReadyByPost, uploadDocument } from "../support/delivery-factory.js";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import { errorCode, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
const BRANCH = "HN-PASC-B05";
const tokens = {} as Record<"citizen" | "clerk" | "staff" | "clerkB06", string>;

useTestHub(async (started) => {
  hub = started;
  tokens.citizen = await hub.token({ role: "CITIZEN", sub: "citizen-worklist" });
  tokens.clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: BRANCH });
  tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: BRANCH });
  tokens.clerkB06 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B06" });
});

const WORKLIST = `query($first: Int, $after: String) {
  worklist(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code status } }
}`;

describe("the worklist", () => {
  it("lists the branch's dossiers to receive, digitize and return, oldest first, in pages", async () => {
    const submit = (overrides: Record<string, unknown> = {}) => submitDossier(hub, tokens.citizen, { branchCode: BRANCH, ...overrides });
    const toReceive = await submit();
    const toDigitize = await submit();
    await receive(hub, tokens.clerk, toDigitize.id, BRANCH);
    const digitized = await submit();
    await receive(hub, tokens.clerk, digitized.id, BRANCH);
    await uploadDocument(hub, tokens.clerk, digitized.id);
    await transition(hub, tokens.clerk, digitized.id, "DIGITIZED");
    const toHandOver = await resultReadyByPost(hub, tokens, BRANCH, { resultDelivery: "AT_COUNTER", deliveryAddress: null });
    const withThePost = await resultReadyByPost(hub, tokens, BRANCH);
    await dispatch(hub, tokens.clerk, withThePost.id);
    const toDispatch = await resultReadyByPost(hub, tokens, BRANCH);
    const returned = await resultReadyByPost(hub, tokens, BRANCH, { resultDelivery: "AT_COUNTER", deliveryAddress: null });
    await transition(hub, tokens.clerk, returned.id, "RETURNED");
    await submit({ branchCode: "HN-PASC-B06" });
    await submit({ branchCode: null });

    const expected = [
      { code: toReceive.code, status: "SUBMITTED" },
      { code: toDigitize.code, status: "RECEIVED" },
      { code: toHandOver.code, status: "RESULT_READY" },
      { code: toDispatch.code, status: "RESULT_READY" },
    ];
    for (const token of [tokens.clerk, tokens.staff]) {
      const all = (await ok(hub.url, WORKLIST, {}, token)).worklist;
      expect(all).toEqual({ totalCount: 4, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: expected });
    }

    const first = (await ok(hub.url, WORKLIST, { first: 3 }, tokens.clerk)).worklist;
    expect(first.nodes).toEqual(expected.slice(0, 3));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(hub.url, WORKLIST, { first: 3, after: first.pageInfo.endCursor }, tokens.clerk)).worklist;
    expect(second).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false }, nodes: expected.slice(3) });

    const elsewhere = (await ok(hub.url, WORKLIST, {}, tokens.clerkB06)).worklist;
    expect(elsewhere.nodes.map((n: { status: string }) => n.status)).toEqual(["SUBMITTED"]);
  });

  it("is only for post clerks and center staff with a branch", async () => {
    expect(await errorCode(hub.url, WORKLIST, {}, tokens.citizen)).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, WORKLIST, {}, await hub.token({ role: "BANK_OFFICER", org: "VCB" }))).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, WORKLIST, {}, await hub.token({ role: "CENTER_STAFF", org: "HN-PASC" }))).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, WORKLIST, {}, await hub.token({ role: "ADMIN", org: "HN-PASC", branch: BRANCH }))).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, WORKLIST, { first: 1000 }, tokens.clerk)).toBe("BAD_USER_INPUT");
    expect(await errorCode(hub.url, WORKLIST, { after: "not-a-cursor" }, tokens.clerk)).toBe("BAD_USER_INPUT");
    expect(await errorCode(hub.url, WORKLIST, {})).toBe("UNAUTHENTICATED");
  });

  it("refuses a forged cursor as BAD_USER_INPUT, never a 500 from the keyset query (found by fuzzing)", async () => {
    const forge = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString("base64url");
    for (const after of [
      forge("2025-01-01T00:00:00.000Z", "-".repeat(36)), // the shape of a uuid, not one
      forge("-100000-01-01T00:00:00.000Z", "00000000-0000-0000-0000-000000000000"), // before PostgreSQL's year 1
      forge("0000-01-01T00:00:00.000Z", "00000000-0000-0000-0000-000000000000"),
    ]) {
      expect(await errorCode(hub.url, WORKLIST, { after }, tokens.clerk)).toBe("BAD_USER_INPUT");
    }
  });
});
