/**
 * The hub's adapter for the land registry partner API (SPEC §3). One HTTP attempt per call:
 * the outbox worker owns retries and backoff, and resubmits with the same Idempotency-Key.
 */
import { PartnerUnavailableError } from "../partner-errors.js";
import { callPartner, type PartnerEndpoint } from "../partner-http.js";
import type { RegistrationRequest, RegistryDecision, RegistryParcel } from "./types.js";

const PARTNER = "land registry";

interface SubmittedRegistration {
  /** 202 means the registry took the request and decides later (`status: "RECEIVED"`); poll it. */
  httpStatus: 200 | 202;
  decision: RegistryDecision;
}

export interface LandRegistryClient {
  submitRegistration(idempotencyKey: string, request: RegistrationRequest): Promise<SubmittedRegistration>;
  getRegistration(registryReference: string): Promise<RegistryDecision>;
  /** null when the registry has no parcel with that certificate serial. */
  getParcel(certificateSerial: string): Promise<RegistryParcel | null>;
}

export function createLandRegistryClient(endpoint: PartnerEndpoint): LandRegistryClient {
  return {
    async submitRegistration(idempotencyKey, request) {
      const response = await callPartner<unknown>(PARTNER, endpoint, {
        method: "POST",
        path: "/v1/registrations",
        body: request,
        headers: { "idempotency-key": idempotencyKey },
      });
      return { httpStatus: response.status === 202 ? 202 : 200, decision: readDecision(response.body) };
    },

    async getRegistration(registryReference) {
      const response = await callPartner<unknown>(PARTNER, endpoint, {
        method: "GET",
        path: `/v1/registrations/${encodeURIComponent(registryReference)}`,
      });
      return readDecision(response.body);
    },

    async getParcel(certificateSerial) {
      const response = await callPartner<RegistryParcel>(
        PARTNER,
        endpoint,
        { method: "GET", path: `/v1/parcels/${encodeURIComponent(certificateSerial)}` },
        { allowNotFound: true },
      );
      return response.status === 404 ? null : response.body;
    },
  };
}

/**
 * A 2xx whose body is not a decision is the registry's fault, not a verdict on our request.
 * Calling it "unavailable" lets the worker retry, which is safe because the key is the same.
 */
function readDecision(body: unknown): RegistryDecision {
  const decision = body as Partial<Record<string, unknown>> | null;
  const ok =
    typeof decision?.registryReference === "string" &&
    (decision.status === "RECEIVED" ||
      (decision.status === "REGISTERED" &&
        typeof decision.registrationNumber === "string" &&
        typeof decision.registeredAt === "string") ||
      ((decision.status === "REJECTED" || decision.status === "SUPPLEMENT_REQUESTED") &&
        typeof decision.reason === "string"));
  if (!ok) throw new PartnerUnavailableError(PARTNER, "the answer is not a registry decision");
  return decision as unknown as RegistryDecision;
}
