/**
 * What partners may subscribe to (SPEC §8): each event type's message `type`, and the kinds of
 * organization that may receive it. Who gets one message is decided per change, by what the
 * endpoint's organization may read (webhook-outbox.ts).
 */
import type { OrganizationKindName } from "../../auth/roles.js";
import type { WebhookEventTypeName } from "../../db/queries/webhook.js";

export const messageTypeOf: Record<WebhookEventTypeName, string> = {
  SECURITY_REGISTRATION_UPDATED: "securityRegistration.updated",
  DOSSIER_STATUS_CHANGED: "dossier.statusChanged",
  CONSULT_BOOKING_CHANGED: "consultBooking.changed",
  DELIVERY_UPDATED: "delivery.updated",
};

export const TEST_MESSAGE_TYPE = "webhook.test";

/** The kinds of organization that may subscribe to each event type; the land registry to none. */
const receiverKinds: Record<WebhookEventTypeName, readonly OrganizationKindName[]> = {
  SECURITY_REGISTRATION_UPDATED: ["BANK"],
  DOSSIER_STATUS_CHANGED: ["SERVICE_CENTER", "POST_OFFICE", "BANK"],
  CONSULT_BOOKING_CHANGED: ["BAR_ASSOCIATION", "LAW_FIRM"],
  DELIVERY_UPDATED: ["SERVICE_CENTER", "POST_OFFICE"],
};

export const mayReceive = (kind: OrganizationKindName, type: WebhookEventTypeName): boolean => receiverKinds[type].includes(kind);
