/**
 * The public side: following a dossier with its receipt code and phone, rating the service, and
 * the center's statistics.
 */
import { describe, expect, it } from "vitest";

import { applicantInput, receive, submitDossier, transition } from "../support/dossier-factory.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;

useTestHub(async (started) => {
  hub = started;
});

const TRACK = `query($code: String!, $last4: String!) {
  trackDossier(code: $code, phoneLast4: $last4) { code procedureName status dueAt overdue timeline { sequence status note } }
}`;
const RATE = `mutation($code: String!, $last4: String!, $score: Int!) { rateService(code: $code, phoneLast4: $last4, score: $score, comment: "Quick and kind") }`;

async function returnedDossier(phone: string) {
  const citizen = await hub.token({ role: "CITIZEN" });
  const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  const dossier = await submitDossier(hub, citizen, { applicant: applicantInput({ phone }) });
  await receive(hub, clerk, dossier.id);
  for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(hub, staff, dossier.id, to);
  return { dossier, clerk, staff };
}

describe("trackDossier", () => {
  it("shows the status and timeline to whoever has the code and the phone's last 4 digits, without a token", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const applicant = applicantInput({ fullName: "Dang Van Khoa", idNumber: "001077123456", phone: "0988777666" });
    const dossier = await submitDossier(hub, citizen, { applicant });
    const response = await gql(hub.url, TRACK, { code: dossier.code, last4: "7666" });
    expect(response.errors).toBeUndefined();
    expect(response.data.trackDossier).toMatchObject({ code: dossier.code, status: "SUBMITTED", overdue: false });
    const text = JSON.stringify(response.data);
    for (const personal of ["Dang Van Khoa", "001077123456", "0988777666", applicant.address]) expect(text).not.toContain(personal);
  });

  it("answers null for a wrong phone or an unknown code, alike", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen, { applicant: applicantInput({ phone: "0911222333" }) });
    expect((await gql(hub.url, TRACK, { code: dossier.code, last4: "0000" })).data).toEqual({ trackDossier: null });
    expect((await gql(hub.url, TRACK, { code: "HN-2099-999999", last4: "2333" })).data).toEqual({ trackDossier: null });
    expect(await errorCode(hub.url, TRACK, { code: dossier.code, last4: "12a4" })).toBe("BAD_USER_INPUT");
  });

  it("slows down guessing: after 10 misses on one code it answers RATE_LIMITED, even with the right digits", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen, { applicant: applicantInput({ phone: "0911222444" }) });
    for (let guess = 0; guess < 10; guess++) {
      expect((await gql(hub.url, TRACK, { code: dossier.code, last4: String(1000 + guess) })).data.trackDossier).toBeNull();
    }
    expect(await errorCode(hub.url, TRACK, { code: dossier.code, last4: "2444" })).toBe("RATE_LIMITED");
  });
});

describe("a receipt code no dossier can have", () => {
  it("is BAD_USER_INPUT on code for trackDossier, rateService and dossier(code), not a 500 (found by fuzzing)", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    const dossier = await submitDossier(hub, citizen, { applicant: applicantInput({ phone: "0911222555" }) });
    for (const code of [`\u0000${dossier.code}`, `${dossier.code}\u0000`, "HN-2026-000001; --", "x".repeat(41)]) {
      const tracked = await gql(hub.url, TRACK, { code, last4: "2555" });
      expect(tracked.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "code" });
      const rated = await gql(hub.url, RATE, { code, last4: "2555", score: 5 });
      expect(rated.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "code" });
      const found = await gql(hub.url, `query($code: String) { dossier(code: $code) { id } }`, { code }, citizen);
      expect(found.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "code" });
    }
    // As a citizen types it: any case, spaces around.
    const typed = await gql(hub.url, TRACK, { code: ` ${dossier.code.toLowerCase()} `, last4: "2555" });
    expect(typed.data.trackDossier).toMatchObject({ code: dossier.code });
  });
});

describe("rateService", () => {
  it("accepts one 1–5 rating once the result is returned", async () => {
    const { dossier, clerk } = await returnedDossier("0933444555");
    const vars = { code: dossier.code, last4: "4555", score: 5 };
    expect(await errorCode(hub.url, RATE, vars)).toBe("CONFLICT"); // not returned yet
    await transition(hub, clerk, dossier.id, "RETURNED");
    expect(await errorCode(hub.url, RATE, { ...vars, score: 6 })).toBe("BAD_USER_INPUT");
    expect(await errorCode(hub.url, RATE, { ...vars, last4: "0000" })).toBe("NOT_FOUND");
    expect((await gql(hub.url, RATE, vars)).data).toEqual({ rateService: true });
    expect(await errorCode(hub.url, RATE, { ...vars, score: 1 })).toBe("CONFLICT");
  });
});

describe("serviceStatistics", () => {
  it("counts received, finished, on time and ratings for a period and branch", async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    const query = `query($from: DateTime!, $to: DateTime!) { serviceStatistics(from: $from, to: $to, branchCode: "HN-PASC-B01") {
      received finished finishedOnTime overdueOpen satisfactionAverage ratings } }`;
    const before = (await ok(hub.url, query, { from, to }, staff)).serviceStatistics;
    const { dossier, clerk } = await returnedDossier("0944555666");
    await transition(hub, clerk, dossier.id, "RETURNED");
    await gql(hub.url, RATE, { code: dossier.code, last4: "5666", score: 4 });
    const after = (await ok(hub.url, query, { from, to }, staff)).serviceStatistics;
    expect(after.received).toBe(before.received + 1);
    expect(after.finished).toBe(before.finished + 1);
    expect(after.finishedOnTime).toBe(before.finishedOnTime + 1);
    expect(after.ratings).toBe(before.ratings + 1);
    expect(after.satisfactionAverage).toBeGreaterThan(0);
    expect(await errorCode(hub.url, query, { from: to, to: from }, staff)).toBe("BAD_USER_INPUT");
  });
});
