/**
 * Before anything is timed: the same variables sent to the three systems must read the same data.
 * The ceiling promises the hub's JSON exactly (compared with keys sorted); the peer answers in its
 * own schema, so its row counts are compared (timeline and consultations of Q1, totalCount and
 * page of Q2/Q3, slots of Q4). Differences are reported, not fatal: the figures stay readable.
 */
import type { BenchKeys } from "./keys.js";
import { drawVariables, requestFor, type SystemName } from "./requests.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

async function answer(system: SystemName, baseUrl: string, operation: string, drawn: ReturnType<typeof drawVariables>): Promise<Json> {
  const request = requestFor(system, operation, drawn);
  const response = await fetch(baseUrl + request.path, { method: "POST", headers: request.headers, body: request.body });
  return (await response.json()) as Json;
}

function canonical(value: Json): string {
  return JSON.stringify(value, (_key, item: Json) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) : item,
  );
}

const at = (value: Json, path: string[]): Json => path.reduce<Json>((node, key) => (node && typeof node === "object" && !Array.isArray(node) ? (node[key] ?? null) : null), value);
const length = (value: Json) => (Array.isArray(value) ? value.length : null);

/** What to compare between the hub and the peer, per operation: [hub path, peer path, measure]. */
const peerChecks: Record<string, Array<[string[], string[], (value: Json) => Json]>> = {
  Q1: [
    [["data", "dossier", "timeline"], ["data", "dossierByCode", "dossierEventsList"], length],
    [["data", "dossier", "consultations"], ["data", "dossierByCode", "consultBookingsList"], length],
  ],
  Q2: [
    [["data", "dossiers", "totalCount"], ["data", "branchByCode", "dossiers", "totalCount"], (v) => v],
    [["data", "dossiers", "nodes"], ["data", "branchByCode", "dossiers", "nodes"], length],
  ],
  Q3: [
    [["data", "securityRegistrations", "totalCount"], ["data", "organizationByCode", "securityRegistrationsByMortgageeOrgId", "totalCount"], (v) => v],
    [["data", "securityRegistrations", "nodes"], ["data", "organizationByCode", "securityRegistrationsByMortgageeOrgId", "nodes"], length],
  ],
  Q4: [[["data", "availableSlots"], ["data", "consultSlotsList"], length]],
};

export async function checkEquivalence(
  servers: Partial<Record<SystemName, string>>,
  keys: BenchKeys,
  operations: string[],
  samples = 3,
): Promise<string[]> {
  const problems: string[] = [];
  for (const operation of operations.filter((name) => name in peerChecks)) {
    for (let sample = 0; sample < samples; sample++) {
      const drawn = drawVariables(operation, keys, { first: 50 });
      const label = `${operation} ${JSON.stringify(drawn.variables)}`;
      const hub = servers.hub ? await answer("hub", servers.hub, operation, drawn) : null;
      if (hub && at(hub, ["errors"])) problems.push(`${label}: the hub answered errors ${canonical(at(hub, ["errors"])).slice(0, 200)}`);
      if (hub && servers.ceiling) {
        const ceiling = await answer("ceiling", servers.ceiling, operation, drawn);
        if (canonical(hub) !== canonical(ceiling)) problems.push(`${label}: the ceiling's JSON differs from the hub's`);
      }
      if (hub && servers.peer) {
        const peer = await answer("peer", servers.peer, operation, drawn);
        for (const [hubPath, peerPath, measureOf] of peerChecks[operation]!) {
          const mine = measureOf(at(hub, hubPath));
          const theirs = measureOf(at(peer, peerPath));
          if (canonical(mine) !== canonical(theirs)) problems.push(`${label}: ${hubPath.at(-1)} is ${canonical(mine)} on the hub, ${canonical(theirs)} on the peer`);
        }
      }
    }
  }
  return problems;
}
