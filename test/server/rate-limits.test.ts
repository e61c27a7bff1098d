/**
 * Rate limits that hold across instances (issue 11), kept in PostgreSQL: once one instance refuses
 * a client, the other refuses it too, at once. Wrong receipt-code guesses are counted per client IP
 * (TRUST_PROXY decides which X-Forwarded-For to believe) and per code; once either is used up,
 * right guesses are refused too. Authenticated operations are counted per subject and per
 * organization, on HTTP and graphql-ws.
 */
import { expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres } from "../support/database.js";
import { submitDossier } from "../support/dossier-factory.js";
import { subscribe, wsClient } from "../support/graphql.js";
import { startSecondInstance, startTestHub, testConfig, type TestHub } from "../support/hub.js";

const TRACK = `query($code: String!, $last4: String!) { trackDossier(code: $code, phoneLast4: $last4) { status } }`;

async function post(hub: TestHub, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: Array<{ extensions: { code: string; retryAfter?: number } }> };
  return { status: response.status, retryAfterHeader: response.headers.get("retry-after"), ...body };
}

async function withTwoInstances(env: Record<string, string>, run: (first: TestHub, second: TestHub) => Promise<void>) {
  const database = await createTestDatabase();
  const first = await startTestHub(database.handle, { config: testConfig(env) });
  const second = await startSecondInstance(first, database);
  try {
    await run(first, second);
  } finally {
    await second.close();
    await first.close();
    await database.close();
  }
}

describeWithPostgres("rate limits across two instances", () => {
  it("refuses a guesser on both instances once their IP has guessed wrong too often, right guesses included", async () => {
    await withTwoInstances({ GUESS_LIMIT_PER_IP: "5", TRUST_PROXY: "loopback" }, async (first, second) => {
      const citizen = await first.token({ role: "CITIZEN" });
      const dossier = await submitDossier(first, citizen);
      const right = { code: dossier.code, last4: dossier.applicant.phone.slice(-4) };
      const guesser = { "x-forwarded-for": "203.0.113.7" };
      for (let i = 0; i < 5; i++) {
        expect((await post(first, TRACK, { code: `HN-2025-99999${i}`, last4: "0000" }, guesser)).data.trackDossier).toBeNull();
      }
      const refused = await post(second, TRACK, right, guesser);
      expect(refused.status).toBe(429);
      expect(refused.errors![0]!.extensions.code).toBe("RATE_LIMITED");
      expect(refused.errors![0]!.extensions.retryAfter).toBeGreaterThan(0);
      expect(refused.retryAfterHeader).toBe(String(refused.errors![0]!.extensions.retryAfter));
      // Another client is not held back by the guesser.
      expect((await post(second, TRACK, right, { "x-forwarded-for": "198.51.100.20" })).data.trackDossier.status).toBe("SUBMITTED");
    });
  });

  it("protects one receipt code from guessers spread over many addresses", async () => {
    await withTwoInstances({ TRUST_PROXY: "loopback" }, async (first, second) => {
      const citizen = await first.token({ role: "CITIZEN" });
      const dossier = await submitDossier(first, citizen);
      for (let i = 0; i < 10; i++) {
        await post(i % 2 ? first : second, TRACK, { code: dossier.code, last4: "0000" }, { "x-forwarded-for": `203.0.113.${i}` });
      }
      const right = { code: dossier.code, last4: dossier.applicant.phone.slice(-4) };
      expect((await post(first, TRACK, right, { "x-forwarded-for": "198.51.100.1" })).errors?.[0]?.extensions.code).toBe("RATE_LIMITED");
    });
  });

  it("counts a subject's operations on both instances and both transports, and leaves others alone", async () => {
    await withTwoInstances({ RATE_LIMIT_PER_SUBJECT: "4", RATE_LIMIT_WINDOW_SECONDS: "60" }, async (first, second) => {
      const busy = await first.token({ role: "CITIZEN", sub: "busy-citizen" });
      const calm = await first.token({ role: "CITIZEN", sub: "calm-citizen" });
      const viewer = `{ viewer { subject } }`;
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      for (let i = 0; i < 4; i++) expect((await post(i % 2 ? first : second, viewer, {}, auth(busy))).errors).toBeUndefined();
      const refused = await post(first, viewer, {}, auth(busy));
      expect(refused.status).toBe(429);
      expect(refused.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED" });
      expect(refused.errors![0]!.extensions.retryAfter).toBeLessThanOrEqual(60);

      const client = wsClient(second.wsUrl, busy);
      const overSocket = subscribe(client, viewer);
      expect(((await overSocket.ended()) as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe("RATE_LIMITED");
      await client.dispose();
      expect((await post(second, viewer, {}, auth(calm))).errors).toBeUndefined();
    });
  });

  it("counts operations sent at once exactly: 60 on two instances against a limit of 40 answer 40", async () => {
    await withTwoInstances({ RATE_LIMIT_PER_SUBJECT: "40" }, async (first, second) => {
      const busy = await first.token({ role: "CITIZEN", sub: "bursting-citizen" });
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => post(i % 2 ? first : second, `{ viewer { subject } }`, {}, { authorization: `Bearer ${busy}` })),
      );
      const codes = answers.map((answer) => answer.errors?.[0]?.extensions.code ?? "OK");
      expect(codes.filter((code) => code === "OK")).toHaveLength(40);
      expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(20);
    });
  });

  it("counts many subjects at once on two instances without a deadlock between their shared statements", async () => {
    await withTwoInstances({}, async (first, second) => {
      const orgs = ["VNPOST-HN", "VCB", "HN-PASC"];
      const tokens = await Promise.all(
        Array.from({ length: 30 }, (_, i) => first.token({ role: "CITIZEN", sub: `crowd-${i}`, org: orgs[i % orgs.length] })),
      );
      for (let round = 0; round < 5; round++) {
        // Each instance's batches hold the subjects in the order their requests came: opposite orders here.
        const answers = await Promise.all(
          tokens.flatMap((token, i) => [
            post(first, `{ viewer { subject } }`, {}, { authorization: `Bearer ${token}` }),
            post(second, `{ viewer { subject } }`, {}, { authorization: `Bearer ${tokens[tokens.length - 1 - i]}` }),
          ]),
        );
        expect(answers.map((answer) => answer.errors?.[0]?.extensions.code ?? "OK").filter((code) => code !== "OK")).toEqual([]);
      }
    });
  });

  it("counts an organization's operations whoever of it asks", async () => {
    await withTwoInstances({ RATE_LIMIT_PER_ORGANIZATION: "3" }, async (first, second) => {
      const clerks = await Promise.all([1, 2, 3, 4].map((i) => first.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01", sub: `clerk-${i}` })));
      const codes: string[] = [];
      for (const [i, clerk] of clerks.entries()) {
        const answer = await post(i % 2 ? first : second, `{ viewer { subject } }`, {}, { authorization: `Bearer ${clerk}` });
        codes.push(answer.errors?.[0]?.extensions.code ?? "OK");
      }
      expect(codes).toEqual(["OK", "OK", "OK", "RATE_LIMITED"]);
    });
  });
});
