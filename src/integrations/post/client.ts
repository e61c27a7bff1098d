/** The hub's adapter for the post's shipment API (SPEC §3). One HTTP attempt per call; retries are the caller's. */
import { backoffDelay, sleep, type BackoffPolicy } from "../backoff.js";
import { PartnerUnavailableError } from "../partner-errors.js";
import { callPartner, type PartnerEndpoint } from "../partner-http.js";
import { isShipmentStatus, isTrackingNumber, type Shipment, type ShipmentRequest, type ShipmentStatus } from "./types.js";

const PARTNER = "post";

export interface CreatedShipment {
  trackingNumber: string;
  status: ShipmentStatus;
}

export interface PostClient {
  /** The same key with the same request answers the same shipment, so a retry never ships twice. */
  createShipment(idempotencyKey: string, request: ShipmentRequest): Promise<CreatedShipment>;
  /** null when the post does not know the tracking number. */
  getShipment(trackingNumber: string): Promise<Shipment | null>;
}

export function createPostClient(endpoint: PartnerEndpoint): PostClient {
  return {
    async createShipment(idempotencyKey, request) {
      const { body } = await callPartner<unknown>(PARTNER, endpoint, {
        method: "POST",
        path: "/v1/shipments",
        body: request,
        headers: { "idempotency-key": idempotencyKey },
      });
      const answer = body as Partial<CreatedShipment> | null;
      if (!isTrackingNumber(answer?.trackingNumber) || !isShipmentStatus(answer.status)) {
        // A 2xx we cannot read is most likely a proxy or a half-deployed partner: worth another try.
        throw new PartnerUnavailableError(PARTNER, "unreadable shipment answer");
      }
      return { trackingNumber: answer.trackingNumber, status: answer.status };
    },

    async getShipment(trackingNumber) {
      const { status, body } = await callPartner<Shipment>(
        PARTNER,
        endpoint,
        { method: "GET", path: `/v1/shipments/${encodeURIComponent(trackingNumber)}` },
        { allowNotFound: true },
      );
      if (status === 404) return null;
      if (!isShipmentStatus(body?.status) || !Array.isArray(body.events)) {
        throw new PartnerUnavailableError(PARTNER, "unreadable shipment answer");
      }
      return body;
    },
  };
}

/**
 * Retries only what may succeed later (PartnerUnavailableError); the idempotency key makes a
 * retry after a lost answer return the shipment the first attempt created.
 */
export async function createShipmentWithRetry(
  client: PostClient,
  idempotencyKey: string,
  request: ShipmentRequest,
  options: { attempts: number; backoff: BackoffPolicy },
): Promise<CreatedShipment> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= Math.max(1, options.attempts); attempt++) {
    try {
      return await client.createShipment(idempotencyKey, request);
    } catch (error) {
      if (!(error instanceof PartnerUnavailableError)) throw error;
      lastError = error;
      if (attempt < options.attempts) await sleep(backoffDelay(attempt, options.backoff));
    }
  }
  throw lastError;
}
