/**
 * `dossierEvents` (SPEC §5): replay what the subscriber missed, then stream, with no gap and no
 * duplicate. The stream listens before it first reads, and every read asks the database for the
 * events after the last one delivered, so events committed during the replay are neither lost nor
 * sent twice, and a lost notification is made good by the next one.
 */
import type { Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import { findDossier, listEventsAfter, type DossierEventRow, type DossierRow } from "../../db/queries/dossier.js";
import { InFlight } from "../../realtime/coalesce.js";
import type { EventRelay } from "../../realtime/relay.js";
import { pullStream } from "../../realtime/stream.js";
import { badInput, notFound } from "../../errors.js";
import { canReadDossier } from "./dossier.policy.js";
import { dossierTopic } from "./dossier-ledger.js";

export class DossierEventsService {
  private readonly dossierReads = new InFlight<DossierRow | undefined>();
  private readonly eventReads = new InFlight<DossierEventRow[]>();

  constructor(private readonly deps: { db: Database; relay: EventRelay; now: () => Date }) {}

  async subscribe(caller: Caller, dossierId: string, afterSequence: number | null | undefined): Promise<AsyncIterable<DossierEventRow>> {
    if (afterSequence !== null && afterSequence !== undefined && (!Number.isInteger(afterSequence) || afterSequence < 0)) {
      throw badInput("afterSequence", "afterSequence must be 0 or more");
    }
    const topic = dossierTopic(dossierId);
    // Subscribers woken by the same message share one read; a later message means a new read.
    const generation = () => `${dossierId}:${this.deps.relay.messagesSeen(topic)}`;
    const readable = async () => {
      const dossier = await this.dossierReads.get(generation(), () => findDossier(this.deps.db, { id: dossierId }));
      return dossier && canReadDossier(caller, dossier) ? dossier : null;
    };
    if (!(await readable())) throw notFound("Dossier");

    let last = afterSequence ?? null;
    return pullStream(this.deps.relay, {
      topics: [topic],
      pull: async () => {
        const dossier = await readable();
        if (!dossier) return [];
        if (last === null) {
          // No replay asked for: start after what exists now (read after listening began).
          last = dossier.lastSequence;
          return [];
        }
        const after = last;
        const events = await this.eventReads.get(`${generation()}:${after}`, () => listEventsAfter(this.deps.db, dossierId, after));
        if (events.length > 0) last = events.at(-1)!.sequence;
        return events;
      },
      stillAllowed: () => caller.expiresAt > this.deps.now(),
    });
  }
}
