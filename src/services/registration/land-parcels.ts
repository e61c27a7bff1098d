/**
 * Parcels are read from the land registry, the authority (SPEC §3), never from the hub's copy of
 * what a bank typed. One call per distinct certificate serial per operation: the per-request
 * DataLoader (src/server/loaders.ts) batches and caches through this function.
 */
import type { LandRegistryClient } from "../../integrations/land-registry/client.js";
import type { RegistryParcel } from "../../integrations/land-registry/types.js";
import { upstreamUnavailable, type HubError } from "../../errors.js";

export async function loadParcels(registry: LandRegistryClient, serials: readonly string[]): Promise<(RegistryParcel | null | HubError)[]> {
  return Promise.all(
    serials.map((serial) =>
      registry.getParcel(serial).catch(
        // Down, slow or refusing our read: the client can do nothing but try later.
        () => upstreamUnavailable("land registry"),
      ),
    ),
  );
}
