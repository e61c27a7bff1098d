/**
 * `consultBookingChanged` (SPEC §5): a lawyer hears of new requests matching their specialties and
 * of changes to their own consults; everyone else of changes to the bookings that are theirs (a
 * citizen's, or those a staff member booked). The stream listens before it first reads and then
 * reads the change feed after the last row it delivered, so each change reaches each subscriber
 * once, from whichever hub instance made it; a booking is delivered only if the caller may read it
 * at that moment (a request another lawyer has just taken is not).
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import {
  bookingChangesAfter,
  bookingsByIds,
  findLawyerByBarNumber,
  latestBookingChangeId,
  type ChangeAudience,
  type ConsultBookingRow,
  type LawyerRow,
} from "../../db/queries/consult.js";
import type { EventRelay } from "../../realtime/relay.js";
import { pullStream } from "../../realtime/stream.js";
import { consultTopics } from "./consult-feed.js";
import { canReadBooking } from "./consult.policy.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

const BATCH = 100;

export class ConsultEventsService {
  constructor(private readonly deps: { db: Database; relay: EventRelay; lawyers: LawyerDirectory; now: () => Date }) {}

  async subscribe(caller: Caller): Promise<AsyncIterable<ConsultBookingRow>> {
    const lawyer = hasRole(caller, "LAWYER") ? await this.deps.lawyers.identify(caller) : null;
    let last: number | null = null;
    return pullStream(this.deps.relay, {
      topics: topicsFor(audienceOf(caller, lawyer)),
      pull: async () => {
        if (last === null) {
          // Start after what exists now (read after listening began): nothing is missed or repeated.
          last = await latestBookingChangeId(this.deps.db);
          return [];
        }
        // The lawyer's record as stored now (kept true to the roster by their calls and the roster
        // refresh): one suspended since subscribing hears of no more requests.
        const current = lawyer ? ((await findLawyerByBarNumber(this.deps.db, lawyer.barNumber)) ?? lawyer) : null;
        return this.changesSince(caller, current, (id) => (last = id), last);
      },
      stillAllowed: () => caller.expiresAt > this.deps.now(),
    });
  }

  private async changesSince(
    caller: Caller,
    lawyer: LawyerRow | null,
    advance: (id: number) => void,
    after: number,
  ): Promise<ConsultBookingRow[]> {
    const audience = audienceOf(caller, lawyer);
    const delivered: ConsultBookingRow[] = [];
    // The position moves on only once every read has answered: a read that fails (the stream reads
    // again) leaves it where it was, so nothing read before the failure is skipped.
    for (let cursor = after; ; ) {
      const changes = await bookingChangesAfter(this.deps.db, cursor, audience, BATCH);
      if (changes.length === 0) {
        advance(cursor);
        return delivered;
      }
      const bookings = new Map((await bookingsByIds(this.deps.db, [...new Set(changes.map((c) => c.bookingId))])).map((b) => [b.id, b]));
      for (const change of changes) {
        const booking = bookings.get(change.bookingId);
        if (booking && canReadBooking(caller, lawyer, booking)) delivered.push(booking);
      }
      cursor = changes.at(-1)!.id;
      if (changes.length < BATCH) {
        advance(cursor);
        return delivered;
      }
    }
  }
}

function audienceOf(caller: Caller, lawyer: LawyerRow | null): ChangeAudience {
  return {
    lawyerId: lawyer?.id,
    // A lawyer who may not take requests now is not told of new ones.
    requestTopics: lawyer?.rosterStatus === "ACTIVE" ? lawyer.specialties : [],
    requesterSubject: hasRole(caller, "CITIZEN") ? caller.subject : undefined,
    bookedBySubject: caller.subject,
  };
}

function topicsFor(audience: ChangeAudience): string[] {
  const topics = [consultTopics.booker(audience.bookedBySubject!)];
  if (audience.lawyerId) topics.push(consultTopics.lawyer(audience.lawyerId));
  if (audience.requesterSubject) topics.push(consultTopics.requester(audience.requesterSubject));
  for (const topic of audience.requestTopics ?? []) topics.push(consultTopics.requests(topic));
  return topics;
}
