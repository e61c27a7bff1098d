/**
 * The hub's adapter for the bar association's roster: one member by bar number, cached for a
 * few minutes because every LAWYER request asks "is this lawyer still ACTIVE?" (SPEC §3, §4).
 */
import { PartnerUnavailableError } from "../partner-errors.js";
import { callPartner, type PartnerEndpoint } from "../partner-http.js";
import {
  CONSULT_TOPIC_NAMES,
  ROSTER_MEMBER_KINDS,
  ROSTER_MEMBER_STATUSES,
  type ConsultTopicName,
  type RosterMember,
} from "./types.js";

const PARTNER = "bar-roster";

export interface BarRosterClient {
  /** The roster's entry, or null when the roster does not list this bar number. */
  getMember(barNumber: string): Promise<RosterMember | null>;
  /** Drops the cached answer, e.g. after the roster is known to have changed. */
  forget(barNumber: string): void;
}

export interface BarRosterClientOptions {
  cacheTtlMs?: number;
  now?: () => number;
}

interface CachedAnswer {
  member: RosterMember | null;
  expiresAt: number;
}

export function createBarRosterClient(endpoint: PartnerEndpoint, options: BarRosterClientOptions = {}): BarRosterClient {
  const ttlMs = options.cacheTtlMs ?? 120_000;
  const now = options.now ?? Date.now;
  // Keyed by bar number. Entries are few (one per lawyer who signs in) and expire on read,
  // so no size bound is needed.
  const cache = new Map<string, CachedAnswer>();
  const inFlight = new Map<string, Promise<RosterMember | null>>();

  async function fetchMember(barNumber: string): Promise<RosterMember | null> {
    const response = await callPartner<unknown>(
      PARTNER,
      endpoint,
      { method: "GET", path: `/v1/members/${encodeURIComponent(barNumber)}` },
      { allowNotFound: true },
    );
    if (response.status === 404) return null;
    return parseMember(response.body, barNumber);
  }

  return {
    getMember(barNumber) {
      const cached = cache.get(barNumber);
      if (cached && cached.expiresAt > now()) return Promise.resolve(cached.member);
      if (cached) cache.delete(barNumber);

      const pending = inFlight.get(barNumber);
      if (pending) return pending;

      const request: Promise<RosterMember | null> = fetchMember(barNumber)
        .then((member) => {
          // A forget() while the request was out means its answer may already be stale.
          if (inFlight.get(barNumber) === request) cache.set(barNumber, { member, expiresAt: now() + ttlMs });
          return member;
        })
        .finally(() => {
          if (inFlight.get(barNumber) === request) inFlight.delete(barNumber);
        });
      inFlight.set(barNumber, request);
      return request;
    },

    forget(barNumber) {
      cache.delete(barNumber);
      inFlight.delete(barNumber);
    },
  };
}

/**
 * Kind and status decide what a lawyer may do, so an unknown value is an upstream fault rather
 * than something to guess at. An unknown practice area is only dropped: it cannot match any
 * consult topic anyway, and it should not lock the lawyer out.
 */
function parseMember(body: unknown, barNumber: string): RosterMember {
  const fault = (reason: string) => new PartnerUnavailableError(PARTNER, `malformed member ${barNumber}: ${reason}`);
  if (typeof body !== "object" || body === null) throw fault("not an object");
  const raw = body as Record<string, unknown>;

  if (raw.barNumber !== barNumber) throw fault(`answered for bar number ${JSON.stringify(raw.barNumber)}`);
  if (typeof raw.fullName !== "string" || raw.fullName.trim() === "") throw fault("no fullName");
  if (!includes(ROSTER_MEMBER_KINDS, raw.kind)) throw fault(`unknown kind ${JSON.stringify(raw.kind)}`);
  if (!includes(ROSTER_MEMBER_STATUSES, raw.status)) throw fault(`unknown status ${JSON.stringify(raw.status)}`);
  if (raw.lawFirmCode != null && typeof raw.lawFirmCode !== "string") throw fault("lawFirmCode is not a string");
  if (!Array.isArray(raw.practiceAreas)) throw fault("practiceAreas is not a list");

  const practiceAreas = [...new Set(raw.practiceAreas)].filter((area): area is ConsultTopicName =>
    includes(CONSULT_TOPIC_NAMES, area),
  );
  // Frozen because one cached object is handed to every caller.
  return Object.freeze({
    barNumber,
    fullName: raw.fullName.trim(),
    kind: raw.kind,
    status: raw.status,
    lawFirmCode: raw.lawFirmCode ?? null,
    practiceAreas: Object.freeze(practiceAreas) as ConsultTopicName[],
  });
}

function includes<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}
