/**
 * `securityRegistrationUpdated` (SPEC §5): every change to the bank's registrations, or to one
 * registration, through the relay, so a change made on any instance reaches subscribers of all.
 * Messages name the registration that changed; each wake-up reads its current state from the
 * database and checks the caller may still read it, so a message is only ever a signal. After the
 * relay lost LISTEN, its catch-up reads every registration of the bank changed since the
 * subscription began; each registration's state goes out once per new sequence, never older.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import { findRegistration, registrationsByIds, registrationsChangedSince, type RegistrationRow } from "../../db/queries/registration.js";
import type { EventRelay } from "../../realtime/relay.js";
import { pullStream } from "../../realtime/stream.js";
import { badInput, notFound } from "../../errors.js";
import { registrationBankTopic } from "./registration-ledger.js";
import { canReadRegistration } from "./registration.policy.js";

export class RegistrationEventsService {
  constructor(private readonly deps: { db: Database; relay: EventRelay; now: () => Date }) {}

  async subscribe(caller: Caller, registrationId: string | null): Promise<AsyncIterable<RegistrationRow>> {
    let bankId: string;
    if (registrationId) {
      const registration = await findRegistration(this.deps.db, registrationId);
      if (!registration || !canReadRegistration(caller, registration)) throw notFound("Security registration");
      bankId = registration.mortgageeOrgId;
    } else {
      if (!hasRole(caller, "BANK_OFFICER") || !caller.organization) {
        throw badInput("id", "Give the id of the registration to follow; only bank officers follow their whole bank");
      }
      bankId = caller.organization.id;
    }

    const topic = registrationBankTopic(bankId);
    const since = this.deps.now();
    const changed = new Set<string>();
    let catchUp = false;
    // Each registration's last sequence delivered: a late notification crossing a catch-up repeats nothing.
    const delivered = new Map<string, number>();
    // Registered before the pull stream's own listener, so the ids are collected before it wakes.
    const stopCollecting = this.deps.relay.on(topic, (message) => {
      if (message.catchUp) catchUp = true;
      const id = message.data.registrationId;
      if (typeof id === "string" && (!registrationId || id === registrationId)) changed.add(id);
    });
    const stream = pullStream(this.deps.relay, {
      topics: [topic],
      pull: async () => {
        const ids = [...changed];
        const catchingUp = catchUp;
        changed.clear();
        catchUp = false;
        let rows: RegistrationRow[] = [];
        try {
          if (catchingUp) rows = await registrationsChangedSince(this.deps.db, { bankId, registrationId, since });
          else if (ids.length > 0) {
            const byId = new Map((await registrationsByIds(this.deps.db, ids)).map((row) => [row.id, row]));
            rows = ids.flatMap((id) => byId.get(id) ?? []);
          }
        } catch (error) {
          // Read again later (the stream retries): what this read was for is still to be read.
          ids.forEach((id) => changed.add(id));
          catchUp ||= catchingUp;
          throw error;
        }
        return rows.filter((row) => {
          if (!canReadRegistration(caller, row) || row.lastSequence <= (delivered.get(row.id) ?? 0)) return false;
          delivered.set(row.id, row.lastSequence);
          return true;
        });
      },
      stillAllowed: () => caller.expiresAt > this.deps.now(),
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
