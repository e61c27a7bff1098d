import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/integrations/backoff.js";
import { PartnerRejectedError, PartnerUnavailableError } from "../../src/integrations/partner-errors.js";
import type { PartnerEndpoint } from "../../src/integrations/partner-http.js";
import { createLandRegistryClient, type LandRegistryClient } from "../../src/integrations/land-registry/client.js";
import { loadBundledLandBook } from "../../src/integrations/land-registry/land-book.js";
import { startLandRegistrySimulator, type LandRegistrySimulator } from "../../src/integrations/land-registry/simulator.js";
import type { LandBookParcel, RegistrationRequest, RegistryDecision } from "../../src/integrations/land-registry/types.js";

const TOKEN = "land-registry-test-token";
const START = Date.parse("2025-06-02T03:00:00.000Z");
const landBook = loadBundledLandBook();
const activeParcels = landBook.parcels.filter((parcel) => parcel.status === "ACTIVE");
const [parcelA, parcelB] = activeParcels as [LandBookParcel, LandBookParcel];
const frozenParcel = landBook.parcels.find((parcel) => parcel.status === "FROZEN")!;
const bankA = { code: "VCB", name: "Vietcombank" };
const bankB = { code: "BIDV", name: "BIDV" };

function initialRequest(parcel: LandBookParcel, overrides: Partial<RegistrationRequest> = {}): RegistrationRequest {
  return {
    kind: "INITIAL",
    mortgagee: bankA,
    mortgagors: parcel.landUsers,
    parcels: [{ certificateSerial: parcel.certificateSerial }],
    attachedAssets: parcel.attachedAssets,
    obligation: { contractNumber: "HDTD-2025-001", contractDate: "2025-05-30", amount: "1500000000", currency: "VND" },
    securityContract: { number: "HDTC-2025-001", date: "2025-05-30" },
    hubReference: `SR-${randomUUID()}`,
    ...overrides,
  };
}

function followUp(kind: RegistrationRequest["kind"], subjectRegistrationNumber: string, mortgagee = bankA): RegistrationRequest {
  return initialRequest(parcelA, { kind, subjectRegistrationNumber, mortgagee });
}

function registrationNumberOf(decision: RegistryDecision): string {
  if (decision.status !== "REGISTERED") throw new Error(`expected REGISTERED, got ${JSON.stringify(decision)}`);
  return decision.registrationNumber;
}

async function expectRejection(promise: Promise<unknown>, status: number): Promise<PartnerRejectedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PartnerRejectedError);
  expect((error as PartnerRejectedError).status).toBe(status);
  return error as PartnerRejectedError;
}

describe("land registry adapter against the simulator", () => {
  let simulator: LandRegistrySimulator;
  let endpoint: PartnerEndpoint;
  let registry: LandRegistryClient;
  let ticks = 0;

  beforeAll(async () => {
    // Each decision reads the clock once, one second apart, so times are known and strictly increasing.
    simulator = await startLandRegistrySimulator({ token: TOKEN, decisionDelayMs: 100, now: () => new Date(START + 1000 * ticks++) });
    endpoint = { baseUrl: simulator.url, token: TOKEN, timeoutMs: 2000 };
    registry = createLandRegistryClient(endpoint);
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    simulator.reset();
    ticks = 0;
  });

  it("registers an initial security over an active parcel with its land users as mortgagors", async () => {
    const { httpStatus, decision } = await registry.submitRegistration(randomUUID(), initialRequest(parcelA));

    expect(httpStatus).toBe(200);
    expect(decision).toMatchObject({ status: "REGISTERED", registrationNumber: "DKTC-2025-000001", registeredAt: "2025-06-02T03:00:00.000Z" });
    expect(decision.registryReference).toMatch(/^LRO-/);
    expect(await registry.getRegistration(decision.registryReference)).toEqual(decision);
  });

  it("rejects a mortgagor who is not a land user of the parcel, naming both", async () => {
    const stranger = parcelB.landUsers[0]!;
    expect(parcelA.landUsers.some((user) => user.idNumber === stranger.idNumber)).toBe(false);

    const { decision } = await registry.submitRegistration(randomUUID(), initialRequest(parcelA, { mortgagors: [stranger] }));

    expect(decision.status).toBe("REJECTED");
    expect(decision).toHaveProperty("reason", expect.stringContaining(stranger.idNumber));
    expect(decision).toHaveProperty("reason", expect.stringContaining(`parcel ${parcelA.certificateSerial}`));
  });

  it("rejects a mortgagor who uses only one of the listed parcels", async () => {
    const request = initialRequest(parcelA, { parcels: [{ certificateSerial: parcelA.certificateSerial }, { certificateSerial: parcelB.certificateSerial }] });
    const { decision } = await registry.submitRegistration(randomUUID(), request);
    expect(decision).toMatchObject({ status: "REJECTED", reason: expect.stringContaining(parcelB.certificateSerial) });
  });

  it("rejects a frozen parcel, including one frozen after start", async () => {
    const frozen = await registry.submitRegistration(randomUUID(), initialRequest(frozenParcel));
    expect(frozen.decision).toMatchObject({ status: "REJECTED", reason: `Parcel ${frozenParcel.certificateSerial} is FROZEN` });

    simulator.setParcelStatus(parcelA.certificateSerial, "CERTIFICATE_REVOKED");
    const revoked = await registry.submitRegistration(randomUUID(), initialRequest(parcelA));
    expect(revoked.decision).toMatchObject({ status: "REJECTED", reason: `Parcel ${parcelA.certificateSerial} is CERTIFICATE_REVOKED` });
  });

  it("rejects a parcel the land book does not have", async () => {
    const request = initialRequest(parcelA, { parcels: [{ certificateSerial: "ZZ 000000" }] });
    const { decision } = await registry.submitRegistration(randomUUID(), request);
    expect(decision).toMatchObject({ status: "REJECTED", reason: "Parcel ZZ 000000 is not in the land book" });
  });

  it("asks for a supplement when the secured obligation amount is zero", async () => {
    const request = initialRequest(parcelA);
    request.obligation = { ...request.obligation!, amount: "0" };
    const { decision } = await registry.submitRegistration(randomUUID(), request);
    expect(decision).toMatchObject({ status: "SUPPLEMENT_REQUESTED", reason: "Secured obligation amount missing" });
  });

  it("numbers two banks' registrations on one parcel in arrival order and lists them as encumbrances in that order", async () => {
    const first = await registry.submitRegistration(randomUUID(), initialRequest(parcelA, { mortgagee: bankB }));
    const second = await registry.submitRegistration(randomUUID(), initialRequest(parcelA, { mortgagee: bankA }));

    expect(registrationNumberOf(first.decision)).toBe("DKTC-2025-000001");
    expect(registrationNumberOf(second.decision)).toBe("DKTC-2025-000002");
    const parcel = await registry.getParcel(parcelA.certificateSerial);
    expect(parcel).not.toHaveProperty("landUsers");
    expect(parcel).toMatchObject({ certificateSerial: parcelA.certificateSerial, status: "ACTIVE", areaM2: parcelA.areaM2 });
    expect(parcel!.encumbrances).toEqual([
      { registrationNumber: "DKTC-2025-000001", registeredAt: "2025-06-02T03:00:00.000Z", mortgageeCode: bankB.code, status: "REGISTERED" },
      { registrationNumber: "DKTC-2025-000002", registeredAt: "2025-06-02T03:00:01.000Z", mortgageeCode: bankA.code, status: "REGISTERED" },
    ]);
  });

  it("marks the subject DEREGISTERED when its bank deregisters it", async () => {
    const initial = await registry.submitRegistration(randomUUID(), initialRequest(parcelA));
    const subject = registrationNumberOf(initial.decision);

    const release = await registry.submitRegistration(randomUUID(), followUp("DEREGISTRATION", subject));

    expect(release.decision.status).toBe("REGISTERED");
    expect(simulator.registrations().find((r) => r.registrationNumber === subject)?.status).toBe("DEREGISTERED");
    const parcel = await registry.getParcel(parcelA.certificateSerial);
    expect(parcel!.encumbrances).toEqual([expect.objectContaining({ registrationNumber: subject, status: "DEREGISTERED" })]);
    const again = await registry.submitRegistration(randomUUID(), followUp("AMENDMENT", subject));
    expect(again.decision).toMatchObject({ status: "REJECTED", reason: expect.stringContaining("DEREGISTERED") });
  });

  it("rejects another bank's deregistration and a follow-up without a subject", async () => {
    const initial = await registry.submitRegistration(randomUUID(), initialRequest(parcelA));
    const subject = registrationNumberOf(initial.decision);

    const foreign = await registry.submitRegistration(randomUUID(), followUp("DEREGISTRATION", subject, bankB));
    expect(foreign.decision).toMatchObject({ status: "REJECTED", reason: `Registration ${subject} belongs to another mortgagee` });
    expect(simulator.registrations().find((r) => r.registrationNumber === subject)?.status).toBe("REGISTERED");

    const { subjectRegistrationNumber: _omitted, ...withoutSubject } = followUp("AMENDMENT", subject);
    const orphan = await registry.submitRegistration(randomUUID(), withoutSubject);
    expect(orphan.decision.status).toBe("REJECTED");
  });

  it("answers the same key and body with the same decision and stores it once, whatever the key order", async () => {
    const key = randomUUID();
    const request = initialRequest(parcelA);
    const first = await registry.submitRegistration(key, request);
    const reordered = Object.fromEntries(Object.entries(request).reverse()) as unknown as RegistrationRequest;
    const replay = await registry.submitRegistration(key, reordered);

    expect(replay).toEqual(first);
    expect(simulator.registrations()).toHaveLength(1);
  });

  it("refuses a reused key with a different body for the same bank, but not for another bank", async () => {
    const key = randomUUID();
    await registry.submitRegistration(key, initialRequest(parcelA));

    const error = await expectRejection(registry.submitRegistration(key, initialRequest(parcelA, { note: "changed" })), 422);
    expect(error.reason).toBe("Idempotency-Key was used with a different request");

    const otherBank = await registry.submitRegistration(key, initialRequest(parcelA, { mortgagee: bankB }));
    expect(otherBank.decision.status).toBe("REGISTERED");
    expect(simulator.registrations()).toHaveLength(2);
  });

  it("answers 400 to a missing Idempotency-Key and to a malformed body", async () => {
    await expectRejection(registry.submitRegistration("", initialRequest(parcelA)), 400);
    const malformed = { ...initialRequest(parcelA), parcels: "CT 441141" } as unknown as RegistrationRequest;
    const error = await expectRejection(registry.submitRegistration(randomUUID(), malformed), 400);
    expect(error.reason).toMatch(/parcels/);
    expect(simulator.registrations()).toHaveLength(0);
  });

  it("reports injected 5xx as unavailable, doing nothing, until the registry recovers", async () => {
    simulator.faults.failNext(2);
    const key = randomUUID();
    const request = initialRequest(parcelA);

    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(registry.submitRegistration(key, request)).rejects.toMatchObject({ name: "PartnerUnavailableError", status: 503 });
    }
    const { decision } = await registry.submitRegistration(key, request);

    expect(registrationNumberOf(decision)).toBe("DKTC-2025-000001");
    expect(simulator.postCount).toBe(3);
    expect(simulator.registrations()).toHaveLength(1);
  });

  it("reports a timeout as unavailable and stores nothing", async () => {
    const impatient = createLandRegistryClient({ ...endpoint, timeoutMs: 300 });
    simulator.faults.timeoutNext(1);

    await expect(impatient.submitRegistration(randomUUID(), initialRequest(parcelA))).rejects.toBeInstanceOf(PartnerUnavailableError);

    expect(simulator.postCount).toBe(1);
    expect(simulator.registrations()).toHaveLength(0);
  });

  it("keeps a registration whose answer was lost, and returns that same one to the retry", async () => {
    simulator.faults.loseAnswerNext(1);
    const key = randomUUID();
    const request = initialRequest(parcelA);

    await expect(registry.submitRegistration(key, request)).rejects.toBeInstanceOf(PartnerUnavailableError);
    const [committed] = simulator.registrations();
    expect(committed).toMatchObject({ status: "REGISTERED", idempotencyKey: key, mortgageeCode: bankA.code });

    const retry = await registry.submitRegistration(key, request);
    expect(retry.decision).toMatchObject({ registryReference: committed!.registryReference, registrationNumber: committed!.registrationNumber });
    expect(simulator.registrations()).toHaveLength(1);
  });

  it("in deferred mode answers 202 RECEIVED, then decides in arrival order for polling", async () => {
    simulator.decision = "deferred";
    const key = randomUUID();
    const request = initialRequest(parcelA);
    const first = await registry.submitRegistration(key, request);
    const second = await registry.submitRegistration(randomUUID(), initialRequest(parcelA, { mortgagee: bankB }));

    expect(first).toEqual({ httpStatus: 202, decision: { registryReference: expect.any(String), status: "RECEIVED" } });
    expect(await registry.getRegistration(first.decision.registryReference)).toEqual(first.decision);
    expect(await registry.submitRegistration(key, request)).toEqual(first);

    const decided = [await pollDecision(registry, first.decision.registryReference), await pollDecision(registry, second.decision.registryReference)];
    expect(decided.map(registrationNumberOf)).toEqual(["DKTC-2025-000001", "DKTC-2025-000002"]);
    expect(await registry.submitRegistration(key, request)).toEqual({ httpStatus: 200, decision: decided[0] });
  });

  it("reads an unknown parcel as null and an unknown registration as a final 404", async () => {
    expect(await registry.getParcel("ZZ 000000")).toBeNull();
    await expectRejection(registry.getRegistration("LRO-unknown"), 404);
  });

  it("refuses a wrong bearer token with a final 401", async () => {
    const intruder = createLandRegistryClient({ ...endpoint, token: "wrong-token" });
    await expectRejection(intruder.submitRegistration(randomUUID(), initialRequest(parcelA)), 401);
    expect(simulator.registrations()).toHaveLength(0);
  });
});

describe("the simulator with a state file (npm start's, kept in the data folder)", () => {
  it("remembers its registrations, numbers and keys across a restart, and decides what it left undecided", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "land-registry-")), "state.json");
    const start = (decision: "immediate" | "deferred") =>
      startLandRegistrySimulator({ token: TOKEN, stateFile, decision, decisionDelayMs: 60_000, now: () => new Date(START) });
    const key = randomUUID();
    const request = initialRequest(parcelA);

    const first = await start("immediate");
    const registry = createLandRegistryClient({ baseUrl: first.url, token: TOKEN, timeoutMs: 2000 });
    const registered = (await registry.submitRegistration(key, request)).decision;
    first.decision = "deferred";
    const undecided = (await registry.submitRegistration(randomUUID(), initialRequest(parcelB))).decision;
    expect(undecided.status).toBe("RECEIVED");
    await first.close();

    const second = await start("immediate");
    const again = createLandRegistryClient({ baseUrl: second.url, token: TOKEN, timeoutMs: 2000 });
    try {
      expect(await again.submitRegistration(key, request)).toEqual({ httpStatus: 200, decision: registered });
      expect(await again.getRegistration(undecided.registryReference)).toMatchObject({ status: "REGISTERED", registrationNumber: "DKTC-2025-000002" });
      const next = await again.submitRegistration(randomUUID(), initialRequest(parcelA, { mortgagee: bankB }));
      expect(registrationNumberOf(next.decision)).toBe("DKTC-2025-000003");
      const release = await again.submitRegistration(randomUUID(), followUp("DEREGISTRATION", registrationNumberOf(registered)));
      expect(release.decision.status).toBe("REGISTERED");
      expect((await again.getParcel(parcelA.certificateSerial))?.encumbrances.map((e) => e.status)).toEqual(["DEREGISTERED", "REGISTERED"]);
    } finally {
      await second.close();
    }
  });
});

async function pollDecision(registry: LandRegistryClient, registryReference: string): Promise<RegistryDecision> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const decision = await registry.getRegistration(registryReference);
    if (decision.status !== "RECEIVED") return decision;
    await sleep(50);
  }
  throw new Error(`registration ${registryReference} was never decided`);
}
