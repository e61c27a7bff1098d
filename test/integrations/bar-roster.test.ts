import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBarRosterClient } from "../../src/integrations/bar-roster/client.js";
import {
  DEMO_ACTIVE_LAWYER,
  DEMO_DISBARRED_LAWYER,
  DEMO_SUSPENDED_LAWYER,
  DEMO_UNKNOWN_BAR_NUMBER,
  demoRoster,
} from "../../src/integrations/bar-roster/demo-roster.js";
import { startBarRosterSimulator, type BarRosterSimulator } from "../../src/integrations/bar-roster/simulator.js";
import { CONSULT_TOPIC_NAMES, type RosterMember } from "../../src/integrations/bar-roster/types.js";
import { PartnerRejectedError, PartnerUnavailableError } from "../../src/integrations/partner-errors.js";

const TOKEN = "roster-test-token";

describe("bar roster client against the simulator", () => {
  let roster: BarRosterSimulator;
  const clientFor = (options: Parameters<typeof createBarRosterClient>[1] = {}, token = TOKEN) =>
    createBarRosterClient({ baseUrl: roster.url, token, timeoutMs: 2_000 }, options);

  beforeAll(async () => {
    roster = await startBarRosterSimulator({ token: TOKEN });
  });
  afterAll(() => roster.close());
  afterEach(() => roster.faults.reset());

  it("returns a listed member", async () => {
    expect(await clientFor().getMember(DEMO_ACTIVE_LAWYER.barNumber)).toEqual(DEMO_ACTIVE_LAWYER);
  });

  it("returns null for a bar number the roster does not list, and caches that too", async () => {
    const client = clientFor();
    const before = roster.requestCount;
    expect(await client.getMember(DEMO_UNKNOWN_BAR_NUMBER)).toBeNull();
    expect(await client.getMember(DEMO_UNKNOWN_BAR_NUMBER)).toBeNull();
    expect(roster.requestCount - before).toBe(1);
  });

  it("URL-encodes the bar number", async () => {
    roster.upsert({ ...DEMO_ACTIVE_LAWYER, barNumber: "HBA 0001/x", practiceAreas: ["LAND"] });
    expect(await clientFor().getMember("HBA 0001/x")).toMatchObject({ barNumber: "HBA 0001/x" });
  });

  it("answers from its cache until the ttl has passed", async () => {
    let clock = 1_000_000;
    const client = clientFor({ cacheTtlMs: 60_000, now: () => clock });
    const before = roster.requestCount;

    await client.getMember(DEMO_ACTIVE_LAWYER.barNumber);
    clock += 59_999;
    await client.getMember(DEMO_ACTIVE_LAWYER.barNumber);
    expect(roster.requestCount - before).toBe(1);

    clock += 1;
    await client.getMember(DEMO_ACTIVE_LAWYER.barNumber);
    expect(roster.requestCount - before).toBe(2);
  });

  it("lets concurrent calls for one bar number share one request", async () => {
    const client = clientFor();
    const before = roster.requestCount;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => client.getMember(DEMO_ACTIVE_LAWYER.barNumber)));
    expect(answers.every((answer) => answer?.barNumber === DEMO_ACTIVE_LAWYER.barNumber)).toBe(true);
    expect(roster.requestCount - before).toBe(1);
  });

  it("sees a status change after forget() or after the ttl", async () => {
    const member = rosterMember("HBA-7001");
    roster.upsert(member);
    let clock = 0;
    const client = clientFor({ cacheTtlMs: 1_000, now: () => clock });
    expect(await client.getMember(member.barNumber)).toMatchObject({ status: "ACTIVE" });

    roster.setStatus(member.barNumber, "SUSPENDED");
    expect(await client.getMember(member.barNumber)).toMatchObject({ status: "ACTIVE" });
    client.forget(member.barNumber);
    expect(await client.getMember(member.barNumber)).toMatchObject({ status: "SUSPENDED" });

    roster.setStatus(member.barNumber, "ACTIVE");
    clock += 1_000;
    expect(await client.getMember(member.barNumber)).toMatchObject({ status: "ACTIVE" });
  });

  it("does not cache an answer that arrives after forget()", async () => {
    const member = rosterMember("HBA-7002");
    roster.upsert(member);
    const client = clientFor();
    const stale = client.getMember(member.barNumber);
    client.forget(member.barNumber);
    await stale;
    const before = roster.requestCount;
    await client.getMember(member.barNumber);
    expect(roster.requestCount - before).toBe(1);
  });

  it("throws PartnerUnavailableError on an upstream fault and does not cache the failure", async () => {
    const client = clientFor();
    const before = roster.requestCount;
    roster.faults.failNext(1);
    const failure = await client.getMember(DEMO_SUSPENDED_LAWYER.barNumber).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartnerUnavailableError);
    expect((failure as PartnerUnavailableError).status).toBe(503);

    expect(await client.getMember(DEMO_SUSPENDED_LAWYER.barNumber)).toMatchObject({ status: "SUSPENDED" });
    expect(roster.requestCount - before).toBe(2);
  });

  it("treats a member with an unknown status or kind as an upstream fault", async () => {
    roster.upsert({ ...rosterMember("HBA-7003"), status: "RETIRED" } as unknown as RosterMember);
    roster.upsert({ ...rosterMember("HBA-7004"), kind: "PARTNER" } as unknown as RosterMember);
    const client = clientFor();
    await expect(client.getMember("HBA-7003")).rejects.toThrow(/unknown status "RETIRED"/);
    await expect(client.getMember("HBA-7004")).rejects.toBeInstanceOf(PartnerUnavailableError);
  });

  it("drops practice areas the hub does not know", async () => {
    roster.upsert({ ...rosterMember("HBA-7005"), practiceAreas: ["LAND", "MARITIME"] } as unknown as RosterMember);
    expect(await clientFor().getMember("HBA-7005")).toMatchObject({ practiceAreas: ["LAND"] });
  });

  it("is refused with 401 when the token is wrong", async () => {
    const failure = await clientFor({}, "wrong-token")
      .getMember(DEMO_ACTIVE_LAWYER.barNumber)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartnerRejectedError);
    expect((failure as PartnerRejectedError).status).toBe(401);
  });

  it("serves the whole roster as a simulator extra", async () => {
    const response = await fetch(`${roster.url}/v1/members`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await response.json()) as { members: RosterMember[] };
    expect(body.members.length).toBeGreaterThanOrEqual(120);
  });
});

describe("demo roster", () => {
  const members = demoRoster();

  it("is the same on every call", () => {
    expect(demoRoster()).toEqual(members);
  });

  it("has 100 members of TRANANH-LAW and 20 individual members, with unique bar numbers", () => {
    expect(members).toHaveLength(120);
    expect(new Set(members.map((member) => member.barNumber)).size).toBe(120);
    expect(members.every((member) => /^HBA-\d{4}$/.test(member.barNumber))).toBe(true);
    expect(members.filter((member) => member.lawFirmCode === "TRANANH-LAW")).toHaveLength(100);
    expect(members.filter((member) => member.lawFirmCode === "HBA")).toHaveLength(20);
  });

  it("is mostly lawyers, each with one to three practice areas, covering every topic", () => {
    const lawyers = members.filter((member) => member.kind === "LAWYER").length;
    expect(lawyers / members.length).toBeGreaterThan(0.6);
    expect(lawyers / members.length).toBeLessThan(0.9);
    for (const member of members) {
      expect(member.practiceAreas.length).toBeGreaterThanOrEqual(1);
      expect(member.practiceAreas.length).toBeLessThanOrEqual(3);
      expect(new Set(member.practiceAreas).size).toBe(member.practiceAreas.length);
    }
    const covered = new Set(members.flatMap((member) => member.practiceAreas));
    expect([...covered].sort()).toEqual([...CONSULT_TOPIC_NAMES].sort());
  });

  it("is all ACTIVE except the documented members", () => {
    const notActive = Object.fromEntries(
      members.filter((member) => member.status !== "ACTIVE").map((member) => [member.barNumber, member.status]),
    );
    expect(notActive).toEqual({ "HBA-0099": "SUSPENDED", "HBA-0100": "DISBARRED", "HBA-0117": "SUSPENDED" });
    expect(members).toContainEqual(DEMO_SUSPENDED_LAWYER);
    expect(members).toContainEqual(DEMO_DISBARRED_LAWYER);
  });

  it("names an active lawyer who practises land law", () => {
    expect(members).toContainEqual(DEMO_ACTIVE_LAWYER);
    expect(DEMO_ACTIVE_LAWYER).toMatchObject({ kind: "LAWYER", status: "ACTIVE" });
    expect(DEMO_ACTIVE_LAWYER.practiceAreas).toContain("LAND");
  });

  it("uses plain ASCII names of three or four parts", () => {
    for (const { fullName } of members) expect(fullName).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+){2,3}$/);
  });
});

function rosterMember(barNumber: string): RosterMember {
  return {
    barNumber,
    fullName: "Dang Thi Hoa",
    kind: "LAWYER",
    status: "ACTIVE",
    lawFirmCode: "TRANANH-LAW",
    practiceAreas: ["FAMILY"],
  };
}
