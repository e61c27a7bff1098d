/** What the post's shipment API and its tracking webhooks carry (SPEC §3 "Post shipment API"). */

export const SHIPMENT_STATUSES = [
  "CREATED",
  "PICKED_UP",
  "IN_TRANSIT",
  "DELIVERED",
  "FAILED",
  "RETURNED_TO_SENDER",
] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface ShipmentRequest {
  /** The dossier's receipt code, e.g. HN-2025-000123. */
  reference: string;
  recipientName: string;
  recipientPhone: string;
  address: string;
}

export interface ShipmentEvent {
  status: ShipmentStatus;
  /** ISO 8601 instant. */
  at: string;
  note: string | null;
}

export interface Shipment {
  trackingNumber: string;
  status: ShipmentStatus;
  /** Oldest first. */
  events: ShipmentEvent[];
}

export interface ShipmentWebhook {
  type: "shipment.updated";
  data: { trackingNumber: string; status: ShipmentStatus; at: string; note: string | null };
}

export function isShipmentStatus(value: unknown): value is ShipmentStatus {
  return typeof value === "string" && (SHIPMENT_STATUSES as readonly string[]).includes(value);
}

/** After these the post does nothing more with the parcel. FAILED is one failed attempt, not the end. */
export function isFinalShipmentStatus(status: ShipmentStatus): boolean {
  return status === "DELIVERED" || status === "RETURNED_TO_SENDER";
}

/**
 * Webhooks and polls arrive late, twice and out of order, so the hub applies an event only when it
 * ranks higher than what it already has. Order:
 *   CREATED 0 < PICKED_UP 1 < IN_TRANSIT 2 < FAILED 3 < DELIVERED 4 = RETURNED_TO_SENDER 4.
 * FAILED ranks below DELIVERED so a successful second attempt still wins over a failed first one;
 * the two final statuses tie so that once one is recorded, no event can replace it.
 */
export function shipmentStatusRank(status: ShipmentStatus): number {
  return statusRanks[status];
}

const statusRanks: Record<ShipmentStatus, number> = {
  CREATED: 0,
  PICKED_UP: 1,
  IN_TRANSIT: 2,
  FAILED: 3,
  DELIVERED: 4,
  RETURNED_TO_SENDER: 4,
};
