/**
 * `securityRegistrationUpdated` (SPEC §5): every change to the bank's registrations, or to one
 * registration, through the relay, so a change made on any instance reaches subscribers of all.
 * Messages name the registration that changed; each wake-up reads its current state from the
 * database and checks the viewer may still read it, so a message is only ever a signal.
 */
import { hasRole, type Viewer } from "../../auth/viewer.js";
import type { Database } from "../../db/client.js";
import { findRegistration, registrationsByIds, type RegistrationRow } from "../../db/queries/registration.js";
import type { EventRelay } from "../../realtime/relay.js";
import { pullStream } from "../../realtime/stream.js";
import { badInput, notFound } from "../errors.js";
import { registrationBankTopic } from "./registration-ledger.js";
import { canReadRegistration } from "./registration.policy.js";

export class RegistrationUpdatesService {
  constructor(private readonly deps: { db: Database; relay: EventRelay; now: () => Date }) {}

  async subscribe(viewer: Viewer, registrationId: string | null): Promise<AsyncIterable<RegistrationRow>> {
    let bankId: string;
    if (registrationId) {
      const registration = await findRegistration(this.deps.db, registrationId);
      if (!registration || !canReadRegistration(viewer, registration)) throw notFound("Security registration");
      bankId = registration.mortgageeOrgId;
    } else {
      if (!hasRole(viewer, "BANK_OFFICER") || !viewer.organization) {
        throw badInput("id", "Give the id of the registration to follow; only bank officers follow their whole bank");
      }
      bankId = viewer.organization.id;
    }

    const topic = registrationBankTopic(bankId);
    const changed = new Set<string>();
    // Registered before the pull stream's own listener, so the ids are collected before it wakes.
    const stopCollecting = this.deps.relay.on(topic, (message) => {
      const id = message.data.registrationId;
      if (typeof id === "string" && (!registrationId || id === registrationId)) changed.add(id);
    });
    const stream = pullStream(this.deps.relay, {
      topics: [topic],
      pull: async () => {
        const ids = [...changed];
        changed.clear();
        if (ids.length === 0) return [];
        const rows = await registrationsByIds(this.deps.db, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.flatMap((id) => {
          const row = byId.get(id);
          return row && canReadRegistration(viewer, row) ? [row] : [];
        });
      },
      stillAllowed: () => viewer.expiresAt > this.deps.now(),
    });
    return withCleanup(stream, stopCollecting);
  }
}

async function* withCleanup<T>(stream: AsyncIterableIterator<T>, cleanup: () => void): AsyncGenerator<T> {
  try {
    yield* stream;
  } finally {
    cleanup();
  }
}
