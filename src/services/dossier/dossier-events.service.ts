/**
 * `dossierEvents` (SPEC §5): replay what the subscriber missed, then stream, with no gap and no
 * duplicate. The stream listens before it first reads, and every read asks the database for the
 * events after the last one delivered, so events committed during the replay are neither lost nor
 * sent twice, and a lost notification is made good by the next one.
 */
import type { Viewer } from "../../auth/viewer.js";
import type { Database } from "../../db/client.js";
import { findDossier, listEventsAfter, type DossierEventRow } from "../../db/queries/dossier.js";
import type { EventRelay } from "../../realtime/relay.js";
import { pullStream } from "../../realtime/stream.js";
import { badInput, notFound } from "../errors.js";
import { canReadDossier } from "./dossier.policy.js";
import { dossierTopic } from "./dossier-ledger.js";

export class DossierEventsService {
  constructor(private readonly deps: { db: Database; relay: EventRelay; now: () => Date }) {}

  async subscribe(viewer: Viewer, dossierId: string, afterSequence: number | null | undefined): Promise<AsyncIterable<DossierEventRow>> {
    if (afterSequence !== null && afterSequence !== undefined && (!Number.isInteger(afterSequence) || afterSequence < 0)) {
      throw badInput("afterSequence", "afterSequence must be 0 or more");
    }
    const readable = async () => {
      const dossier = await findDossier(this.deps.db, { id: dossierId });
      return dossier && canReadDossier(viewer, dossier) ? dossier : null;
    };
    if (!(await readable())) throw notFound("Dossier");

    let last = afterSequence ?? null;
    return pullStream(this.deps.relay, {
      topics: [dossierTopic(dossierId)],
      pull: async () => {
        const dossier = await readable();
        if (!dossier) return [];
        if (last === null) {
          // No replay asked for: start after what exists now (read after listening began).
          last = dossier.lastSequence;
          return [];
        }
        const events = await listEventsAfter(this.deps.db, dossierId, last);
        if (events.length > 0) last = events.at(-1)!.sequence;
        return events;
      },
      stillAllowed: () => viewer.expiresAt > this.deps.now(),
    });
  }
}
