/**
 * Records webhook messages in the transaction of the change they report (SPEC §8): one delivery
 * row per enabled endpoint subscribed to the message's type whose organization may read the thing
 * (SPEC §1) — a bank only its own registrations and their dossiers, the center and the post every
 * dossier and delivery, the bar association every booking, a law firm its own lawyers'. A change
 * that rolls back takes its messages with it; one that commits is delivered by the workers.
 * Payloads are thin: identifiers (the API's ids), the new status and what orders one thing's
 * messages — never a name, ID number, phone, address, question, outcome or amount.
 */
import { randomUUID } from "node:crypto";
import type { OrganizationKindName } from "../../auth/roles.js";
import type { Executor } from "../../db/client.js";
import { lawyersByIds, type ConsultBookingRow } from "../../db/queries/consult.js";
import type { DossierEventRow, DossierRow } from "../../db/queries/dossier.js";
import type { RegistrationRow } from "../../db/queries/registration.js";
import { enabledEndpoints, insertDeliveries, type CandidateEndpoint, type WebhookEventTypeName } from "../../db/queries/webhook.js";
import { encodeGlobalId } from "../../global-id.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { Catalog } from "../partner/catalog.js";
import { messageTypeOf } from "./webhook-events.js";

/** A new delivery: wakes the delivery workers of every instance (one of them claims it). */
export const WEBHOOK_DELIVERY_TOPIC = "webhook-deliveries";

export const newMessageId = () => `msg_${randomUUID().replace(/-/g, "")}`;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Organizations that read every dossier and every delivery (SPEC §1, §8). */
const readsEveryDossier: readonly OrganizationKindName[] = ["SERVICE_CENTER", "POST_OFFICE"];

interface Message {
  /** ISO instant of the change. */
  timestamp: Date;
  data: Record<string, unknown>;
}

export class WebhookOutbox {
  constructor(private readonly deps: { relay: EventRelay; catalog: Catalog; enabled: boolean }) {}

  /** A dossier's new timeline event (its first, SUBMITTED, included). */
  async dossierChanged(tx: Executor, dossier: DossierRow, event: Pick<DossierEventRow, "sequence" | "status" | "at">): Promise<void> {
    await this.record(
      tx,
      "DOSSIER_STATUS_CHANGED",
      nothing,
      (endpoint) => readsEveryDossier.includes(endpoint.organizationKind as OrganizationKindName) || endpoint.organizationId === dossier.submittedByOrgId,
      async () => ({
        timestamp: event.at,
        data: {
          id: encodeGlobalId("Dossier", dossier.id),
          code: dossier.code,
          procedureCode: (await this.deps.catalog.procedure(dossier.procedureId))?.code ?? "",
          status: event.status,
          sequence: event.sequence,
          at: iso(event.at),
        },
      }),
    );
  }

  /** A registration's new history event (its creation included); `registration` as it is after it. */
  async registrationChanged(tx: Executor, registration: RegistrationRow, at: Date): Promise<void> {
    await this.record(
      tx,
      "SECURITY_REGISTRATION_UPDATED",
      nothing,
      (endpoint) => endpoint.organizationId === registration.mortgageeOrgId,
      async () => ({
        timestamp: at,
        data: {
          id: encodeGlobalId("SecurityRegistration", registration.id),
          dossierId: encodeGlobalId("Dossier", registration.dossierId),
          kind: registration.kind,
          status: registration.status,
          registrationNumber: registration.registrationNumber,
          registeredAt: iso(registration.registeredAt),
          sequence: registration.lastSequence,
        },
      }),
    );
  }

  /** A booking's change, as it is after it. */
  async bookingChanged(tx: Executor, booking: ConsultBookingRow, at: Date): Promise<void> {
    await this.record(
      tx,
      "CONSULT_BOOKING_CHANGED",
      // Its lawyer (law firm, bar number) is read only when some endpoint listens.
      async () => (booking.lawyerId ? (await lawyersByIds(tx, [booking.lawyerId]))[0] : undefined),
      (endpoint, lawyer) => endpoint.organizationKind === "BAR_ASSOCIATION" || (lawyer !== undefined && endpoint.organizationId === lawyer.lawFirmOrgId),
      async (lawyer) => ({
        timestamp: at,
        data: {
          id: encodeGlobalId("ConsultBooking", booking.id),
          status: booking.status,
          topic: booking.topic,
          mode: booking.mode,
          lawyerBarNumber: lawyer?.barNumber ?? null,
          startsAt: iso(booking.startsAt),
          endsAt: iso(booking.endsAt),
          changedAt: iso(at),
        },
      }),
    );
  }

  /** A tracking event of a result shipment, new to the hub; `recordedAt` is when the hub took it. */
  async deliveryTracked(
    tx: Executor,
    delivery: { dossierId: string; trackingNumber: string | null },
    event: { status: string; at: Date },
    recordedAt: Date,
  ): Promise<void> {
    if (!delivery.trackingNumber) return;
    await this.record(
      tx,
      "DELIVERY_UPDATED",
      nothing,
      (endpoint) => readsEveryDossier.includes(endpoint.organizationKind as OrganizationKindName),
      async () => ({
        timestamp: recordedAt,
        data: { dossierId: encodeGlobalId("Dossier", delivery.dossierId), trackingNumber: delivery.trackingNumber, status: event.status, at: iso(event.at) },
      }),
    );
  }

  private async record<Context>(
    tx: Executor,
    eventType: WebhookEventTypeName,
    prepare: () => Promise<Context>,
    mayRead: (endpoint: CandidateEndpoint, context: Context) => boolean,
    build: (context: Context) => Promise<Message>,
  ): Promise<void> {
    if (!this.deps.enabled) return;
    // One cheap statement per transaction when nobody listens, which is the usual case.
    const subscribed = (await enabledEndpoints(tx)).filter((endpoint) => endpoint.events.includes(eventType));
    if (subscribed.length === 0) return;
    const context = await prepare();
    const endpoints = subscribed.filter((endpoint) => mayRead(endpoint, context));
    if (endpoints.length === 0) return;
    const message = await build(context);
    const type = messageTypeOf[eventType];
    const body = JSON.stringify({ type, timestamp: message.timestamp.toISOString(), data: message.data });
    const messageId = newMessageId();
    await insertDeliveries(
      tx,
      endpoints.map((endpoint) => ({ endpointId: endpoint.id, messageId, type, body })),
    );
    await this.deps.relay.publish(tx, { topic: WEBHOOK_DELIVERY_TOPIC, data: {} });
  }
}

const nothing = () => Promise.resolve(undefined);
