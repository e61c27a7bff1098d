/**
 * The one way a consult booking change is announced: a numbered row of the change feed and the
 * relay notifications, in the caller's transaction, so they commit or vanish with the change.
 * Subscribers read the feed after the last row they delivered (see consult-events.service.ts).
 */
import type { Executor } from "../../db/client.js";
import { insertBookingChange, type ConsultBookingRow, type ConsultTopicName } from "../../db/queries/consult.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { WebhookOutbox } from "../webhook/index.js";

export const consultTopics = {
  lawyer: (lawyerId: string) => `consult-lawyer:${lawyerId}`,
  requester: (subject: string) => `consult-requester:${subject}`,
  booker: (subject: string) => `consult-booker:${subject}`,
  /** New and open requests on a topic, for the lawyers who could take them. */
  requests: (topic: ConsultTopicName) => `consult-topic:${topic}`,
};

export class ConsultFeed {
  constructor(
    private readonly relay: EventRelay,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async record(tx: Executor, booking: ConsultBookingRow, at: Date): Promise<void> {
    await insertBookingChange(tx, booking, at);
    await this.webhooks.bookingChanged(tx, booking, at);
    const topics = new Set<string>([consultTopics.booker(booking.bookedBySubject)]);
    if (booking.lawyerId) topics.add(consultTopics.lawyer(booking.lawyerId));
    if (booking.requesterSubject) topics.add(consultTopics.requester(booking.requesterSubject));
    if (booking.status === "REQUESTED") topics.add(consultTopics.requests(booking.topic));
    for (const topic of topics) await this.relay.publish(tx, { topic, data: { bookingId: booking.id } });
  }
}
