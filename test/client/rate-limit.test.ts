/**
 * RATE_LIMITED from the hub's own per-subject limiter (issue 11), through the client: it waits the
 * `retryAfter` the hub asks for and then succeeds, for a mutation without an idempotency key too
 * (refused before anything ran), and throws RATE_LIMITED with `retryAfter` when told not to retry.
 */
import { describe, expect, it } from "vitest";
import {
  DossiersDocument,
  HubError,
  SubmitDossierDocument,
  ViewerDocument,
  type HubClient,
  type RetryNotice,
} from "../../clients/typescript/src/index.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { hubClient } from "./client-factory.js";
import { dossierInput } from "./client-inputs.js";

const WINDOW_SECONDS = 2;
const PER_SUBJECT = 3;

let hub: TestHub;

useTestHub(
  (started) => {
    hub = started;
  },
  { config: testConfig({ RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS), RATE_LIMIT_PER_SUBJECT: String(PER_SUBJECT) }) },
);

/** Spends the subject's budget with a client that never retries, until the hub says RATE_LIMITED. */
async function exhaust(token: string): Promise<HubError> {
  const impatient = hubClient(hub, token, { retry: { maxAttempts: 1 } });
  for (let request = 0; request < PER_SUBJECT * 3; request++) {
    const error = await impatient.request(ViewerDocument).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error) return error as HubError;
  }
  return expect.fail(`no RATE_LIMITED after ${PER_SUBJECT * 3} requests in a row`);
}

/**
 * Waits for the hub's next window to begin (windows are aligned to the epoch), so that spending a
 * budget and the request after it fall in one window and not on both sides of its edge.
 */
async function atWindowStart(): Promise<void> {
  const length = WINDOW_SECONDS * 1000;
  await new Promise((resolve) => setTimeout(resolve, length - (Date.now() % length) + 10));
}

/** A client of a new subject (the budget is per subject), recording its retries. */
async function freshSubject(name: string): Promise<{ token: string; client: HubClient; retries: RetryNotice[] }> {
  const token = await hub.token({ role: "CITIZEN", sub: `${name}-${Date.now()}` });
  const retries: RetryNotice[] = [];
  return { token, client: hubClient(hub, token, { onRetry: (notice) => retries.push(notice) }), retries };
}

describe("the hub's rate limit through the client", () => {
  it("answers RATE_LIMITED with retryAfter in whole seconds once a subject's budget is spent", async () => {
    const { token } = await freshSubject("limited");
    const limited = await exhaust(token);
    expect(limited).toBeInstanceOf(HubError);
    expect(limited.code).toBe("RATE_LIMITED");
    expect(Number.isInteger(limited.retryAfter)).toBe(true);
    expect(limited.retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  });

  it("waits retryAfter, then succeeds", async () => {
    const { token, client, retries } = await freshSubject("waiting");
    await atWindowStart();
    await exhaust(token);
    const started = Date.now();
    const { viewer } = await client.request(ViewerDocument);

    expect(viewer.roles).toEqual(["CITIZEN"]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, error: { code: "RATE_LIMITED" } });
    expect(retries[0]!.delayMs).toBe(retries[0]!.error.retryAfter! * 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(retries[0]!.delayMs);
  });

  it("retries a mutation without a key after RATE_LIMITED too: nothing ran, so one dossier is made", async () => {
    const { token, client, retries } = await freshSubject("submitting");
    await atWindowStart();
    await exhaust(token);
    const { submitDossier } = await client.request(SubmitDossierDocument, { input: dossierInput() });
    expect(retries.map((notice) => notice.error.code)).toContain("RATE_LIMITED");

    await new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000));
    const { dossiers } = await client.request(DossiersDocument, { first: 10 });
    expect(dossiers.nodes.map((node) => node.id)).toEqual([submitDossier.id]);
  });
});
