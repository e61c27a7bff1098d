import { beforeEach, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import {
  fastOutbox,
  followUp,
  freshParcel,
  frozenParcel,
  landBook,
  readRegistration,
  register,
  registerInput,
  waitForStatus,
} from "./registration-factory.js";

let hub: TestHub;
let vcb: string;

useTestHub(
  async (started) => {
    hub = started;
    vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  },
  { config: testConfig(fastOutbox) },
);
beforeEach(() => {
  const simulator = hub.partners.simulators.landRegistry!;
  simulator.faults.reset();
  simulator.decision = "immediate";
});

const simulator = () => hub.partners.simulators.landRegistry!;

describe("registering a security with the land registry", () => {
  it("lodges an SR-01 dossier and ends REGISTERED with the registry's number and time", async () => {
    const parcel = freshParcel();
    const lodged = await register(hub, vcb, registerInput(parcel));
    expect(lodged).toMatchObject({ kind: "INITIAL", mortgagee: { code: "VCB" }, subject: null });
    expect(lodged.dossier).toMatchObject({ procedure: { code: "SR-01" } });
    expect(lodged.dossier.timeline[0]).toMatchObject({ sequence: 1, status: "SUBMITTED", actorRole: "BANK_OFFICER" });

    const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);
    const [atRegistry] = simulator().registrations().filter((r) => r.parcels.includes(parcel.certificateSerial));
    expect(registered.registrationNumber).toBe(atRegistry!.registrationNumber);
    expect(registered.registeredAt).toBe(atRegistry!.registeredAt);
    expect(registered.priorityRank).toBe(1);
    expect(registered.history.map((e: { status: string }) => e.status)).toEqual(["SUBMITTED", "FORWARDED", "REGISTERED"]);
    expect(registered.dossier.status).toBe("RESULT_READY");
    expect(registered.dossier.dueAt).not.toBeNull();
    expect(registered.dossier.timeline.map((e: { status: string }) => e.status)).toEqual([
      "SUBMITTED",
      "RECEIVED",
      "IN_PROCESSING",
      "APPROVED",
      "RESULT_READY",
    ]);
    expect(registered.dossier.timeline.slice(1).every((e: { actorRole: string | null }) => e.actorRole === null)).toBe(true);

    const viaDossier = await ok(hub.url, `query($id: ID!) { dossier(id: $id) { securityRegistration { id } } }`, { id: registered.dossier.id }, vcb);
    expect(viaDossier.dossier.securityRegistration.id).toBe(lodged.id);
  });

  it("ends REJECTED with the registry's reason when a mortgagor is not a land user of the parcel", async () => {
    const parcel = freshParcel();
    const stranger = freshParcel().landUsers[0]!;
    const lodged = await register(hub, vcb, registerInput(parcel, { mortgagors: [stranger] }));

    const rejected = await waitForStatus(hub, vcb, lodged.id, ["REJECTED"]);
    const reason = simulator().registrations().find((r) => r.parcels.includes(parcel.certificateSerial))!.reason;
    expect(reason).toContain(stranger.idNumber);
    expect(rejected.rejectionReason).toBe(reason);
    expect(rejected.priorityRank).toBeNull();
    expect(rejected.dossier.timeline.map((e: { status: string }) => e.status)).toEqual([
      "SUBMITTED",
      "RECEIVED",
      "IN_PROCESSING",
      "REJECTED",
      "RESULT_READY",
    ]);
    expect(rejected.dossier.timeline[3].note).toBe(reason);
  });

  it("ends REJECTED for a frozen parcel", async () => {
    const lodged = await register(hub, vcb, registerInput(frozenParcel));
    const rejected = await waitForStatus(hub, vcb, lodged.id, ["REJECTED"]);
    expect(rejected.rejectionReason).toBe(`Parcel ${frozenParcel.certificateSerial} is FROZEN`);
  });

  it("waits in FORWARDED while the registry decides later (202), then polls it to REGISTERED", async () => {
    simulator().decision = "deferred";
    const lodged = await register(hub, vcb, registerInput(freshParcel()));
    const forwarded = await waitForStatus(hub, vcb, lodged.id, ["FORWARDED", "REGISTERED"]);
    expect(forwarded.status).toBe("FORWARDED");
    expect(forwarded.dossier.status).toBe("IN_PROCESSING");
    const registered = await waitForStatus(hub, vcb, lodged.id, ["REGISTERED"]);
    expect(registered.history.map((e: { status: string }) => e.status)).toEqual(["SUBMITTED", "FORWARDED", "REGISTERED"]);
  });
});

describe("acting on a registered security", () => {
  it("amends, corrects, notes enforcement and finally releases it", async () => {
    const parcel = freshParcel();
    const initial = await register(hub, vcb, registerInput(parcel));
    await waitForStatus(hub, vcb, initial.id, ["REGISTERED"]);

    const obligation = { contractNumber: "HDTD-2025-001-PL1", contractDate: "2025-06-02", amount: "2000000000", currency: "VND" };
    const amended = await followUp(hub, vcb, "amendSecurityRegistration", initial.id, { input: { obligation, note: "Loan increased" } });
    expect(amended.errors).toBeUndefined();
    const amendment = amended.data.amendSecurityRegistration;
    expect(amendment).toMatchObject({ kind: "AMENDMENT", subject: { id: initial.id }, dossier: { procedure: { code: "SR-02" } } });
    expect((await waitForStatus(hub, vcb, amendment.id, ["REGISTERED"])).obligation).toEqual(obligation);
    const afterAmendment = await readRegistration(hub, vcb, initial.id);
    expect(afterAmendment).toMatchObject({ status: "REGISTERED", obligation, priorityRank: 1 });
    expect(afterAmendment.history.at(-1).note).toContain("Amended by registration");

    const corrected = await followUp(hub, vcb, "correctSecurityRegistration", initial.id, { input: { note: "Typo in the contract number" } });
    await waitForStatus(hub, vcb, corrected.data.correctSecurityRegistration.id, ["REGISTERED"]);
    const notice = await followUp(hub, vcb, "registerEnforcementNotice", initial.id, { note: "Borrower in default" });
    expect(notice.data.registerEnforcementNotice.dossier.procedure.code).toBe("SR-05");
    await waitForStatus(hub, vcb, notice.data.registerEnforcementNotice.id, ["REGISTERED"]);

    const release = await followUp(hub, vcb, "deregisterSecurity", initial.id, { reason: "Loan repaid" });
    expect(release.data.deregisterSecurity.dossier.procedure.code).toBe("SR-03");
    await waitForStatus(hub, vcb, release.data.deregisterSecurity.id, ["REGISTERED"]);
    const released = await readRegistration(hub, vcb, initial.id);
    expect(released).toMatchObject({ status: "DEREGISTERED", priorityRank: null });
    expect(simulator().registrations().find((r) => r.registrationNumber === released.registrationNumber)!.status).toBe("DEREGISTERED");

    const again = await followUp(hub, vcb, "deregisterSecurity", initial.id, { reason: "Again" });
    expect(again.errors?.[0]?.extensions.code).toBe("CONFLICT");
  });

  it("takes one follow-up at a time: racing releases and an amendment behind a pending release are CONFLICT", async () => {
    const initial = await register(hub, vcb, registerInput(freshParcel()));
    const registered = await waitForStatus(hub, vcb, initial.id, ["REGISTERED"]);
    // The registry is down: the first release stays with the hub, undecided.
    simulator().faults.failNext(1_000, 503);

    const releases = await Promise.all(
      [1, 2, 3].map(() => followUp(hub, vcb, "deregisterSecurity", initial.id, { reason: "Loan repaid" })),
    );
    const outcomes = releases.map((r) => r.errors?.[0]?.extensions.code ?? "OK").sort();
    expect(outcomes).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    const release = releases.find((r) => !r.errors)!.data.deregisterSecurity;
    const amendment = await followUp(hub, vcb, "amendSecurityRegistration", initial.id, { input: { note: "Loan increased" } });
    expect(amendment.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(amendment.errors?.[0]?.message).toContain("DEREGISTRATION");

    simulator().faults.reset();
    await waitForStatus(hub, vcb, release.id, ["REGISTERED"]);
    expect((await readRegistration(hub, vcb, initial.id)).status).toBe("DEREGISTERED");
    const releasesAtRegistry = simulator().registrations().filter((r) => r.subjectRegistrationNumber === registered.registrationNumber);
    expect(releasesAtRegistry.map((r) => [r.kind, r.status])).toEqual([["DEREGISTRATION", "REGISTERED"]]);
    const { securityRegistrations } = await ok(hub.url, `{ securityRegistrations(filter: { kind: [DEREGISTRATION, AMENDMENT] }) { nodes { subject { id } } } }`, {}, vcb);
    expect(securityRegistrations.nodes.filter((n: { subject: { id: string } }) => n.subject.id === initial.id)).toHaveLength(1);
  });

  it("refuses a follow-up on a registration that is not REGISTERED, and on another bank's", async () => {
    const rejected = await register(hub, vcb, registerInput(frozenParcel));
    await waitForStatus(hub, vcb, rejected.id, ["REJECTED"]);
    const onRejected = await followUp(hub, vcb, "deregisterSecurity", rejected.id, { reason: "x" });
    expect(onRejected.errors?.[0]?.extensions.code).toBe("CONFLICT");

    const bidv = await hub.token({ role: "BANK_OFFICER", org: "BIDV" });
    const registered = await register(hub, vcb, registerInput(freshParcel()));
    await waitForStatus(hub, vcb, registered.id, ["REGISTERED"]);
    const byOtherBank = await followUp(hub, bidv, "deregisterSecurity", registered.id, { reason: "Not ours" });
    expect(byOtherBank.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  });
});

describe("parcels and priority read from the registry", () => {
  it("makes one registry call per distinct parcel per request", async () => {
    const [first, second] = [freshParcel(), freshParcel()];
    const ids = [];
    for (const parcel of [first, first, second]) ids.push((await register(hub, vcb, registerInput(parcel))).id);
    for (const id of ids) await waitForStatus(hub, vcb, id, ["REGISTERED"]);

    const before = simulator().parcelReadCount;
    const data = await ok(
      hub.url,
      `query($serial: String!) {
        landParcel(certificateSerial: $serial) { certificateSerial areaM2 encumbrances { registrationNumber priorityRank mortgagee { code } status } }
        securityRegistrations(first: 50) { nodes { priorityRank parcels { certificateSerial encumbrances { priorityRank } } } }
      }`,
      { serial: first!.certificateSerial.toLowerCase() },
      vcb,
    );
    expect(simulator().parcelReadCount - before).toBe(new Set(data.securityRegistrations.nodes.map((n: any) => n.parcels[0].certificateSerial)).size);
    expect(data.landParcel.areaM2).toBe(first!.areaM2);
    expect(data.landParcel.encumbrances.map((e: any) => [e.priorityRank, e.mortgagee.code, e.status])).toEqual([
      [1, "VCB", "REGISTERED"],
      [2, "VCB", "REGISTERED"],
    ]);
  });

  it("answers null for a parcel the registry does not have, and UPSTREAM_UNAVAILABLE when it is down", async () => {
    const missing = await ok(hub.url, `{ landParcel(certificateSerial: "ZZ 000000") { certificateSerial } }`, {}, vcb);
    expect(missing.landParcel).toBeNull();

    simulator().faults.failNext(1, 503);
    const serial = landBook.parcels[0]!.certificateSerial;
    const code = await errorCode(hub.url, `query($s: String!) { landParcel(certificateSerial: $s) { certificateSerial } }`, { s: serial }, vcb);
    expect(code).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("lets only banks, the center and the registry look parcels up", async () => {
    const citizen = await hub.token({ role: "CITIZEN" });
    expect(await errorCode(hub.url, `{ landParcel(certificateSerial: "CT 441141") { certificateSerial } }`, {}, citizen)).toBe("FORBIDDEN");
    const lawFirmApp = await hub.token({ role: "PARTNER_APP", org: "TRANANH-LAW" });
    expect(await errorCode(hub.url, `{ landParcel(certificateSerial: "CT 441141") { certificateSerial } }`, {}, lawFirmApp)).toBe("FORBIDDEN");
  });
});

describe("listing a bank's registrations", () => {
  it("filters by status, kind and parcel, newest first, page by page", async () => {
    const tcb = await hub.token({ role: "BANK_OFFICER", org: "TCB" });
    const parcel = freshParcel();
    const first = await register(hub, tcb, registerInput(parcel));
    const second = await register(hub, tcb, registerInput(parcel));
    const rejected = await register(hub, tcb, registerInput(frozenParcel));
    for (const { id } of [first, second]) await waitForStatus(hub, tcb, id, ["REGISTERED"]);
    await waitForStatus(hub, tcb, rejected.id, ["REJECTED"]);

    const list = `query($filter: SecurityRegistrationFilter, $after: String) {
      securityRegistrations(filter: $filter, first: 1, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const onParcel = { certificateSerial: parcel.certificateSerial.toLowerCase(), status: ["REGISTERED"], kind: ["INITIAL"] };
    const page1 = (await ok(hub.url, list, { filter: onParcel }, tcb)).securityRegistrations;
    expect(page1).toMatchObject({ totalCount: 2, nodes: [{ id: second.id }], pageInfo: { hasNextPage: true } });
    const page2 = (await ok(hub.url, list, { filter: onParcel, after: page1.pageInfo.endCursor }, tcb)).securityRegistrations;
    expect(page2).toMatchObject({ totalCount: 2, nodes: [{ id: first.id }], pageInfo: { hasNextPage: false } });

    const rejections = (await ok(hub.url, list, { filter: { status: ["REJECTED"] } }, tcb)).securityRegistrations;
    expect(rejections).toMatchObject({ totalCount: 1, nodes: [{ id: rejected.id }] });
    const releases = (await ok(hub.url, list, { filter: { kind: ["DEREGISTRATION"] } }, tcb)).securityRegistrations;
    expect(releases.totalCount).toBe(0);
  });

  it("answers two banks asking for the same page each with its own (one statement, built once, each bank's values)", async () => {
    const [tcb, vcb] = await Promise.all([hub.token({ role: "BANK_OFFICER", org: "TCB" }), hub.token({ role: "BANK_OFFICER", org: "VCB" })]);
    const ours = await register(hub, tcb, registerInput(freshParcel()));
    const theirs = await register(hub, vcb, registerInput(freshParcel()));
    const list = `{ securityRegistrations(first: 50) { totalCount nodes { id } } }`;
    const [forTcb, forVcb] = await Promise.all([ok(hub.url, list, {}, tcb), ok(hub.url, list, {}, vcb)]);
    const ids = (page: { securityRegistrations: { nodes: Array<{ id: string }> } }) => page.securityRegistrations.nodes.map((node) => node.id);
    expect(ids(forTcb)).toContain(ours.id);
    expect(ids(forTcb)).not.toContain(theirs.id);
    expect(ids(forVcb)).toContain(theirs.id);
    expect(ids(forVcb)).not.toContain(ours.id);
    expect(forTcb.securityRegistrations.totalCount).toBe(ids(forTcb).length);
    expect(forVcb.securityRegistrations.totalCount).toBe(ids(forVcb).length);
  });
});
