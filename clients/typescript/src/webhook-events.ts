/**
 * The messages the hub POSTs to a partner's webhook endpoint (SPEC §8): `{ type, timestamp, data }`
 * with thin payloads — identifiers, the new status and what orders one thing's messages. Read the
 * rest through the API with your own token.
 */
import type {
  BookingStatus,
  ConsultMode,
  ConsultTopic,
  DeliveryStatus,
  DossierStatus,
  RegistrationStatus,
  SecurityRegistrationKind,
} from "./generated/graphql.js";

export interface SecurityRegistrationUpdatedData {
  id: string;
  dossierId: string;
  kind: SecurityRegistrationKind;
  status: RegistrationStatus;
  registrationNumber: string | null;
  registeredAt: string | null;
  /** The registration's history sequence: order one registration's messages by it. */
  sequence: number;
}

export interface DossierStatusChangedData {
  id: string;
  code: string;
  procedureCode: string;
  status: DossierStatus;
  /** The dossier event's sequence. */
  sequence: number;
  at: string;
}

export interface ConsultBookingChangedData {
  id: string;
  status: BookingStatus;
  topic: ConsultTopic;
  mode: ConsultMode;
  lawyerBarNumber: string | null;
  startsAt: string | null;
  endsAt: string | null;
  changedAt: string;
}

export interface DeliveryUpdatedData {
  dossierId: string;
  trackingNumber: string;
  status: DeliveryStatus;
  at: string;
}

export interface WebhookTestData {
  endpointId: string;
}

export interface WebhookPayloads {
  "securityRegistration.updated": SecurityRegistrationUpdatedData;
  "dossier.statusChanged": DossierStatusChangedData;
  "consultBooking.changed": ConsultBookingChangedData;
  "delivery.updated": DeliveryUpdatedData;
  "webhook.test": WebhookTestData;
}

/** A message's `type` (the contract's WebhookEventType names what an endpoint subscribes to). */
export type WebhookMessageType = keyof WebhookPayloads;

export const webhookMessageTypes: readonly WebhookMessageType[] = [
  "securityRegistration.updated",
  "dossier.statusChanged",
  "consultBooking.changed",
  "delivery.updated",
  "webhook.test",
];

/** One verified message; `type` narrows `data`. */
export type WebhookEvent = {
  [Type in WebhookMessageType]: {
    type: Type;
    /** ISO instant of the change (of the request, for `webhook.test`). */
    timestamp: string;
    data: WebhookPayloads[Type];
    /** The `webhook-id` header: the same on every attempt of a message, so de-duplicate on it. */
    messageId: string;
  };
}[WebhookMessageType];
