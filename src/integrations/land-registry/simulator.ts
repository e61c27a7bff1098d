/**
 * The bundled land registry: a real HTTP server on loopback speaking SPEC §3's partner API, so the
 * hub's adapter runs the same code in development and tests as against the registry itself.
 * It assigns registration numbers and times in the order it decides, which is arrival order.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SimulatorRoutes, startSimulatorServer, type SimulatorReply, type SimulatorRequest } from "../simulator-server.js";
import { loadBundledLandBook } from "./land-book.js";
import { decideRegistration, findShapeProblem, type RegistryLookup } from "./registry-rules.js";
import { createFaultInjector, type LandRegistryFaults } from "./simulator-faults.js";
import type {
  LandBook,
  LandBookParcel,
  ParcelStatus,
  RegistrationKind,
  RegistrationRequest,
  RegistryDecision,
  RegistryDecisionStatus,
  RegistryParcel,
} from "./types.js";

type DecisionMode = "immediate" | "deferred";

export interface LandRegistrySimulatorOptions {
  port?: number;
  token?: string;
  /** Defaults to the bundled land book; copied, so the simulator never changes the caller's. */
  landBook?: LandBook;
  decision?: DecisionMode;
  /** How long a deferred request stays RECEIVED. Default 200 ms. */
  decisionDelayMs?: number;
  now?: () => Date;
  /**
   * A file where the simulator keeps what it has registered (read at start, rewritten after each
   * change), so a restart over the same data neither forgets registrations nor gives a new one an
   * old one's number. Without it, the simulator forgets everything when it stops.
   */
  stateFile?: string;
}

/** A registration as the simulator stored it, for tests to inspect. */
interface SimulatedRegistration {
  registryReference: string;
  idempotencyKey: string;
  kind: RegistrationKind;
  mortgageeCode: string;
  status: RegistryDecisionStatus | "DEREGISTERED";
  registrationNumber: string | null;
  registeredAt: string | null;
  reason: string | null;
  subjectRegistrationNumber: string | null;
  parcels: string[];
  hubReference: string;
}

export interface LandRegistrySimulator {
  url: string;
  faults: LandRegistryFaults;
  /** Applies to requests arriving from now on. */
  decision: DecisionMode;
  /** POST /v1/registrations received past the bearer check, faulted ones included. */
  readonly postCount: number;
  /** GET /v1/parcels/… received past the bearer check, faulted ones included. */
  readonly parcelReadCount: number;
  registrations(): SimulatedRegistration[];
  setParcelStatus(certificateSerial: string, status: ParcelStatus): void;
  /** Loses one undecided registration, as a registry restored from an older backup would: polls get 404. */
  forgetUndecided(registryReference: string): void;
  /** Forgets every registration, key and fault, and restores the land book and decision mode. */
  reset(): void;
  close(): Promise<void>;
}

interface StoredRegistration {
  idempotencyKey: string;
  /** Canonical JSON of the body: a replayed key must carry exactly the same request. */
  fingerprint: string;
  request: RegistrationRequest;
  decision: RegistryDecision;
  deregistered: boolean;
}

/** What `stateFile` holds. */
interface SavedState {
  registrations: StoredRegistration[];
  sequenceByYear: Array<[year: number, sequence: number]>;
}

const IDEMPOTENCY_KEY_REUSED = "Idempotency-Key was used with a different request";

export async function startLandRegistrySimulator(options: LandRegistrySimulatorOptions = {}): Promise<LandRegistrySimulator> {
  const originalBook = structuredClone(options.landBook ?? loadBundledLandBook());
  const now = options.now ?? (() => new Date());
  const decisionDelayMs = options.decisionDelayMs ?? 200;
  const injector = createFaultInjector();

  let decisionMode: DecisionMode = options.decision ?? "immediate";
  let postCount = 0;
  let parcelReadCount = 0;
  let parcels = indexParcels(originalBook);
  let stored: StoredRegistration[] = [];
  const byScopedKey = new Map<string, StoredRegistration>();
  const byReference = new Map<string, StoredRegistration>();
  const byNumber = new Map<string, StoredRegistration>();
  const sequenceByYear = new Map<number, number>();
  /** Undecided requests in arrival order; deciding one first decides every older one. */
  let pending: StoredRegistration[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const lookup: RegistryLookup = {
    parcel: (serial) => parcels.get(serial),
    registration: (number) => {
      const found = byNumber.get(number);
      if (!found) return undefined;
      return { mortgageeCode: found.request.mortgagee.code, status: found.deregistered ? "DEREGISTERED" : "REGISTERED" };
    },
  };

  function decide(registration: StoredRegistration) {
    const { request } = registration;
    const { registryReference } = registration.decision;
    const verdict = decideRegistration(request, lookup);
    if (verdict.status !== "REGISTERED") {
      registration.decision = { registryReference, ...verdict };
      return;
    }
    const at = now();
    const year = hanoiYear(at);
    const sequence = (sequenceByYear.get(year) ?? 0) + 1;
    sequenceByYear.set(year, sequence);
    const registrationNumber = `DKTC-${year}-${String(sequence).padStart(6, "0")}`;
    registration.decision = { registryReference, status: "REGISTERED", registrationNumber, registeredAt: at.toISOString() };
    byNumber.set(registrationNumber, registration);
    if (request.kind === "DEREGISTRATION") byNumber.get(request.subjectRegistrationNumber!)!.deregistered = true;
  }

  function remember(registration: StoredRegistration) {
    stored.push(registration);
    byScopedKey.set(scopedKeyOf(registration.request.mortgagee.code, registration.idempotencyKey), registration);
    byReference.set(registration.decision.registryReference, registration);
    if (registration.decision.status === "REGISTERED") byNumber.set(registration.decision.registrationNumber, registration);
    else if (registration.decision.status === "RECEIVED") pending.push(registration);
  }

  function save() {
    if (!options.stateFile) return;
    const state: SavedState = { registrations: stored, sequenceByYear: [...sequenceByYear] };
    const partial = `${options.stateFile}.${process.pid}.tmp`;
    mkdirSync(dirname(options.stateFile), { recursive: true });
    writeFileSync(partial, JSON.stringify(state));
    renameSync(partial, options.stateFile);
  }

  function load() {
    if (!options.stateFile) return;
    let state: SavedState;
    try {
      state = JSON.parse(readFileSync(options.stateFile, "utf8")) as SavedState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    state.registrations.forEach(remember);
    for (const [year, sequence] of state.sequenceByYear) sequenceByYear.set(year, sequence);
    // Requests left undecided when it stopped are decided now, in their order.
    if (pending.length > 0) {
      decideThrough(pending.at(-1)!);
      save();
    }
  }

  function decideThrough(target: StoredRegistration) {
    if (!pending.includes(target)) return;
    while (pending.length > 0) {
      const next = pending.shift()!;
      decide(next);
      if (next === target) return;
    }
  }

  /** Validates, deduplicates by key and stores; returns the answer the client should get. */
  function submit(request: SimulatorRequest): SimulatorReply {
    const idempotencyKey = firstHeader(request.headers["idempotency-key"]);
    if (!idempotencyKey) return { status: 400, body: { reason: "Idempotency-Key header is required" } };
    const problem = findShapeProblem(request.body);
    if (problem) return { status: 400, body: { reason: problem } };

    const body = request.body as RegistrationRequest;
    const scopedKey = scopedKeyOf(body.mortgagee.code, idempotencyKey);
    const fingerprint = canonicalJson(body);
    const earlier = byScopedKey.get(scopedKey);
    if (earlier) {
      return earlier.fingerprint === fingerprint ? answer(earlier) : { status: 422, body: { reason: IDEMPOTENCY_KEY_REUSED } };
    }

    const registration: StoredRegistration = {
      idempotencyKey,
      fingerprint,
      request: body,
      decision: { registryReference: `LRO-${randomUUID()}`, status: "RECEIVED" },
      deregistered: false,
    };
    remember(registration);
    if (decisionMode === "immediate") {
      decideThrough(registration);
    } else {
      const timer = setTimeout(() => {
        timers.delete(timer);
        decideThrough(registration);
        save();
      }, decisionDelayMs);
      timers.add(timer);
    }
    save();
    return answer(registration);
  }

  function getRegistration(request: SimulatorRequest): SimulatorReply {
    const registration = byReference.get(request.params.reference!);
    if (!registration) return { status: 404, body: { reason: `No registration ${request.params.reference}` } };
    return { status: 200, body: registration.decision };
  }

  function getParcel(request: SimulatorRequest): SimulatorReply {
    const serial = request.params.serial!;
    const parcel = parcels.get(serial);
    if (!parcel) return { status: 404, body: { reason: `Parcel ${serial} is not in the land book` } };
    return { status: 200, body: parcelView(parcel, stored) };
  }

  load();

  const routes = new SimulatorRoutes()
    .on("POST", "/v1/registrations", submit)
    .on("GET", "/v1/registrations/:reference", getRegistration)
    .on("GET", "/v1/parcels/:serial", getParcel);

  const server = await startSimulatorServer(routes, {
    port: options.port,
    token: options.token,
    intercept: (request, response) => {
      const isSubmission = request.method === "POST" && request.path === "/v1/registrations";
      if (request.method === "GET" && request.path.startsWith("/v1/parcels/")) parcelReadCount += 1;
      if (!isSubmission) return injector.intercept(request, response);
      postCount += 1;
      return injector.intercept(request, response, () => void submit(request));
    },
  });

  function clearTimers() {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  return {
    url: server.url,
    faults: injector.faults,
    get decision() {
      return decisionMode;
    },
    set decision(mode: DecisionMode) {
      decisionMode = mode;
    },
    get postCount() {
      return postCount;
    },
    get parcelReadCount() {
      return parcelReadCount;
    },
    registrations: () => stored.map(describe),
    setParcelStatus(certificateSerial, status) {
      const parcel = parcels.get(certificateSerial);
      if (!parcel) throw new Error(`Parcel ${certificateSerial} is not in the land book`);
      parcel.status = status;
    },
    forgetUndecided(registryReference) {
      const registration = byReference.get(registryReference);
      if (!registration || !pending.includes(registration)) throw new Error(`No undecided registration ${registryReference}`);
      pending = pending.filter((other) => other !== registration);
      stored = stored.filter((other) => other !== registration);
      byReference.delete(registryReference);
      byScopedKey.delete(scopedKeyOf(registration.request.mortgagee.code, registration.idempotencyKey));
      save();
    },
    reset() {
      clearTimers();
      injector.faults.reset();
      injector.releaseHeld();
      decisionMode = options.decision ?? "immediate";
      postCount = 0;
      parcelReadCount = 0;
      parcels = indexParcels(originalBook);
      stored = [];
      pending = [];
      byScopedKey.clear();
      byReference.clear();
      byNumber.clear();
      sequenceByYear.clear();
      save();
    },
    async close() {
      clearTimers();
      injector.releaseHeld();
      await server.close();
    },
  };
}

/** Idempotency keys are the bank's own: the same key from two banks is two requests. */
function scopedKeyOf(mortgageeCode: string, idempotencyKey: string): string {
  return `${mortgageeCode}\n${idempotencyKey}`;
}

function answer(registration: StoredRegistration): SimulatorReply {
  return { status: registration.decision.status === "RECEIVED" ? 202 : 200, body: registration.decision };
}

function parcelView(parcel: LandBookParcel, registrations: StoredRegistration[]): RegistryParcel {
  const { landUsers: _landUsers, attachedAssets: _attachedAssets, ...publicFields } = parcel;
  const encumbrances = registrations
    .filter((r) => r.request.kind === "INITIAL" && r.request.parcels.some((p) => p.certificateSerial === parcel.certificateSerial))
    .flatMap((r) =>
      r.decision.status === "REGISTERED"
        ? [
            {
              registrationNumber: r.decision.registrationNumber,
              registeredAt: r.decision.registeredAt,
              mortgageeCode: r.request.mortgagee.code,
              status: r.deregistered ? ("DEREGISTERED" as const) : ("REGISTERED" as const),
            },
          ]
        : [],
    )
    .sort((a, b) => compareText(a.registeredAt, b.registeredAt) || compareText(a.registrationNumber, b.registrationNumber));
  return { ...publicFields, encumbrances };
}

function describe(registration: StoredRegistration): SimulatedRegistration {
  const { request, decision } = registration;
  return {
    registryReference: decision.registryReference,
    idempotencyKey: registration.idempotencyKey,
    kind: request.kind,
    mortgageeCode: request.mortgagee.code,
    status: registration.deregistered ? "DEREGISTERED" : decision.status,
    registrationNumber: decision.status === "REGISTERED" ? decision.registrationNumber : null,
    registeredAt: decision.status === "REGISTERED" ? decision.registeredAt : null,
    reason: "reason" in decision ? decision.reason : null,
    subjectRegistrationNumber: request.subjectRegistrationNumber ?? null,
    parcels: request.parcels.map((p) => p.certificateSerial),
    hubReference: request.hubReference,
  };
}

function indexParcels(book: LandBook): Map<string, LandBookParcel> {
  return new Map(structuredClone(book.parcels).map((parcel) => [parcel.certificateSerial, parcel]));
}

/** The registry numbers by its own calendar year, and Hanoi is UTC+7 all year. */
function hanoiYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted, so key order never makes the same request look different. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => compareText(a, b)))
      : item,
  );
}
