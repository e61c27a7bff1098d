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

/** Printable ASCII: S10 numbers and whatever the post may use instead, never anything the database cannot hold. */
export function isTrackingNumber(value: unknown): value is string {
  return typeof value === "string" && /^[\x21-\x7e]{1,64}$/.test(value);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Event times outside these years are a sender's bug (and PostgreSQL cannot hold some, like year 0). */
const EARLIEST_EVENT = Date.UTC(2000, 0, 1);
const LATEST_EVENT = Date.UTC(2100, 0, 1);
const NOTE_MAX = 1000;

/**
 * One tracking event as the post sent it (webhook body or polled history), made safe to store:
 * null when it is not one (unknown status, unreadable or implausible time, a note that is not
 * text). The note loses control characters (PostgreSQL text cannot hold NUL) and is cut to 1000
 * characters rather than losing the event.
 */
export function readShipmentEvent(raw: unknown): ShipmentEvent | null {
  if (typeof raw !== "object" || raw === null) return null;
  const { status, at, note } = raw as Record<string, unknown>;
  if (!isShipmentStatus(status) || typeof at !== "string" || !ISO_INSTANT.test(at)) return null;
  const time = Date.parse(at);
  if (Number.isNaN(time) || time < EARLIEST_EVENT || time >= LATEST_EVENT) return null;
  if (note !== undefined && note !== null && typeof note !== "string") return null;
  const cleanNote = typeof note === "string" ? note.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").slice(0, NOTE_MAX) : "";
  return { status, at: new Date(time).toISOString(), note: cleanNote === "" ? null : cleanNote };
}

/** After these the post does nothing more with the parcel. FAILED is one failed attempt, not the end. */
export function isFinalShipmentStatus(status: ShipmentStatus): boolean {
  return status === "DELIVERED" || status === "RETURNED_TO_SENDER";
}
