/**
 * One operation against one system as HTTP requests: the path, and for each request its headers
 * and body with variables drawn at random from the seeded keys. The hub and PostGraphile get the
 * GraphQL documents beside them (bench/operations/hub/, bench/peers/postgraphile/operations/); the
 * ceiling gets the variables alone on a path of its own.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { benchParcel } from "../seed/land-book.js";
import type { BenchKeys } from "./keys.js";

export const SYSTEMS = ["hub", "peer", "ceiling"] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Which operations each system answers (the peer has no mutations; the ceiling no GraphQL). */
export const ANSWERS: Record<SystemName, readonly string[]> = {
  hub: ["T0", "Q1", "Q2", "Q3", "Q4", "M1"],
  peer: ["T0", "Q1", "Q2", "Q3", "Q4"],
  ceiling: ["Q1", "Q2", "Q3", "Q4", "M1"],
};

export interface NextRequest {
  headers: Record<string, string>;
  body: string;
}

export interface RequestPlan {
  path: string;
  next(): NextRequest;
}

export interface PlanOptions {
  /** Page size of Q2 and Q3. */
  first: number;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const json = { "content-type": "application/json" };
const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });

const documents = new Map<string, string>();

function documentOf(system: "hub" | "peer", operation: string): string {
  const folder = system === "hub" ? "./hub/" : "../peers/postgraphile/operations/";
  const key = `${system}/${operation}`;
  if (!documents.has(key)) documents.set(key, readFileSync(new URL(`${folder}${operation}.graphql`, import.meta.url), "utf8"));
  return documents.get(key)!;
}

/** A week of slots: from the start of a seeded day (Hanoi) to seven days later. */
function week(keys: BenchKeys) {
  const from = new Date(`${pick(keys.slotDays)}T00:00:00+07:00`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 7 * 86_400_000).toISOString() };
}

export interface Drawn {
  variables: Record<string, unknown>;
  /** The viewer the hub needs for it (the peer and the ceiling take no token). */
  token?: string;
}

/** Variables of one request of `operation`, drawn at random from the seeded keys. */
export function drawVariables(operation: string, keys: BenchKeys, options: PlanOptions): Drawn {
  switch (operation) {
    case "T0":
      return { variables: {} };
    case "Q1":
      return { variables: { code: pick(keys.dossierCodes) }, token: keys.tokens.staff };
    case "Q2": {
      const branch = pick(keys.branches);
      return { variables: { branch, first: options.first }, token: keys.tokens.clerkByBranch[branch] };
    }
    case "Q3": {
      const bank = pick(keys.banks);
      return { variables: { bank, first: options.first }, token: keys.tokens.officerByBank[bank] };
    }
    case "Q4":
      return { variables: week(keys), token: keys.tokens.citizen };
    case "M1": {
      const bank = pick(keys.banks);
      return { variables: { key: `bench-${randomUUID()}`, input: registration(keys) }, token: keys.tokens.officerByBank[bank] };
    }
    default:
      throw new Error(`unknown operation ${operation}`);
  }
}

/** registerSecurity's input over a random seeded parcel, its land users as mortgagors. */
function registration(keys: BenchKeys) {
  const { landUsers, attachedAssets: _assets, status: _status, ...parcel } = benchParcel(Math.floor(Math.random() * keys.parcels));
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const number = randomUUID().slice(0, 8).toUpperCase();
  return {
    mortgagors: landUsers,
    parcels: [parcel],
    obligation: { contractNumber: `HDTD-${number}`, contractDate: yesterday, amount: "1500000000", currency: "VND" },
    securityContractNumber: `HDTC-${number}`,
    securityContractDate: yesterday,
    resultDelivery: "ELECTRONIC",
  };
}

/** One request of `operation` to `system` with variables already drawn (the equivalence check reuses them). */
export function requestFor(system: SystemName, operation: string, drawn: Drawn): NextRequest & { path: string } {
  if (!ANSWERS[system].includes(operation)) throw new Error(`${system} does not answer ${operation}`);
  if (system === "ceiling") {
    const path = operation === "M1" ? "/insert" : `/${operation.toLowerCase()}`;
    return { path, headers: json, body: JSON.stringify(operation === "M1" ? { id: randomUUID() } : drawn.variables) };
  }
  // The peer has no viewers: its documents take the bank or branch as a variable instead.
  const headers = system === "hub" && drawn.token ? bearer(drawn.token) : json;
  return { path: "/graphql", headers, body: JSON.stringify({ query: documentOf(system, operation), variables: drawn.variables }) };
}

export function requestPlan(system: SystemName, operation: string, keys: BenchKeys, options: PlanOptions): RequestPlan {
  const { path } = requestFor(system, operation, drawVariables(operation, keys, options));
  return { path, next: () => requestFor(system, operation, drawVariables(operation, keys, options)) };
}
