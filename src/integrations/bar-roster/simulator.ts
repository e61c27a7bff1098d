/**
 * The bundled bar roster: a real HTTP server on loopback speaking the roster API (SPEC §3), used
 * when BAR_ROSTER_URL is not set and by tests, which change members and inject faults through it.
 */
import { callPartner, type PartnerEndpoint } from "../partner-http.js";
import { send, SimulatorRoutes, startSimulatorServer, type SimulatorRequest } from "../simulator-server.js";
import { demoRoster } from "./demo-roster.js";
import type { RosterMember, RosterMemberStatus } from "./types.js";

export interface BarRosterSimulatorOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  members?: RosterMember[];
}

export interface BarRosterSimulator {
  url: string;
  close(): Promise<void>;
  /** Throws when the roster does not list `barNumber`. */
  setStatus(barNumber: string, status: RosterMemberStatus): void;
  upsert(member: RosterMember): void;
  /** Requests that passed the bearer check, faulted ones included. */
  readonly requestCount: number;
  faults: {
    /** The next `count` requests are answered with `status` (default 503) instead of the roster's answer. */
    failNext(count: number, status?: number): void;
    /** Every answer comes this much later (a slow roster). */
    latencyMs: number;
    reset(): void;
  };
}

export async function startBarRosterSimulator(options: BarRosterSimulatorOptions = {}): Promise<BarRosterSimulator> {
  const members = new Map<string, RosterMember>();
  // Copies, so a caller's objects never change behind the simulator's back (nor the other way round).
  const upsert = (member: RosterMember) => {
    members.set(member.barNumber, { ...member, practiceAreas: [...member.practiceAreas] });
  };
  (options.members ?? demoRoster()).forEach(upsert);

  let requestCount = 0;
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 };

  const routes = new SimulatorRoutes()
    .on("GET", "/v1/members/:barNumber", ({ params }: SimulatorRequest) => {
      const member = members.get(params.barNumber!);
      return member
        ? { status: 200, body: member }
        : { status: 404, body: { reason: `bar number ${params.barNumber} is not on the roster` } };
    })
    // Simulator extra, not part of the roster API: the whole roster, for the hub's demo provisioning.
    .on("GET", "/v1/members", () => ({ status: 200, body: { members: [...members.values()] } }));

  const faults: BarRosterSimulator["faults"] = {
    latencyMs: 0,
    failNext(count, status = 503) {
      failures = { remaining: count, status };
    },
    reset() {
      failures = { remaining: 0, status: 503 };
      faults.latencyMs = 0;
    },
  };
  const server = await startSimulatorServer(routes, {
    port: options.port,
    token: options.token,
    intercept: async (_request, response) => {
      requestCount++;
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs).unref());
      if (failures.remaining === 0) return false;
      failures.remaining--;
      send(response, { status: failures.status, body: { reason: "injected fault" } });
      return true;
    },
  });

  return {
    url: server.url,
    close: () => server.close(),
    setStatus(barNumber, status) {
      const member = members.get(barNumber);
      if (!member) throw new Error(`bar number ${barNumber} is not on the simulated roster`);
      member.status = status;
    },
    upsert,
    get requestCount() {
      return requestCount;
    },
    faults,
  };
}

/**
 * The whole roster from the simulator's extra `GET /v1/members` (the real roster API lists members
 * one by one): the hub's demo data provisions every member from it.
 */
export async function fetchSimulatedRoster(endpoint: PartnerEndpoint): Promise<RosterMember[]> {
  const response = await callPartner<{ members: RosterMember[] }>("bar-roster", endpoint, { method: "GET", path: "/v1/members" });
  return response.body.members;
}
