/**
 * Stripe-style idempotency (SPEC §3): a bank's key names one operation; the hash of what was asked
 * decides whether a repeat is the same request (answer the first result) or a different one
 * (IDEMPOTENCY_KEY_REUSED). Pure, so the rules are tested without a database.
 */
import { createHash } from "node:crypto";

export type LodgingMutation =
  | "registerSecurity"
  | "amendSecurityRegistration"
  | "deregisterSecurity"
  | "correctSecurityRegistration"
  | "registerEnforcementNotice";

/**
 * JSON with object keys sorted and null/undefined members dropped, so neither key order nor an
 * explicit `null` for a missing optional field makes the same request look different.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) return item;
    const entries = Object.entries(item).filter(([, member]) => member !== null && member !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** What identifies a request: the mutation, the registration it acts on, and its arguments as sent. */
export function requestHash(mutation: LodgingMutation, targetId: string | null, args: unknown): string {
  return createHash("sha256").update(canonicalJson({ mutation, targetId, args })).digest("hex");
}

/** The key the hub sends the registry: one per registration, the same on every retry of it. */
export const registryIdempotencyKey = (registrationId: string) => `hub-registration-${registrationId}`;
