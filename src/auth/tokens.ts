/**
 * Bearer token verification (SPEC §1): asymmetric signatures only, `exp` required, 30 s of clock
 * tolerance, issuer and audience checked. A remote JWKS is cached by jose and refetched when a
 * token names a `kid` it has not seen (key rotation).
 */
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { HubConfig } from "../config.js";
import { unauthenticated } from "../errors.js";
import { loadOrCreateDevKeys } from "./dev-keys.js";
import { isRole, type Role } from "./roles.js";

export interface TokenClaims {
  subject: string;
  roles: Role[];
  org: string | null;
  branch: string | null;
  barNumber: string | null;
  name: string | null;
  expiresAt: Date;
}

export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
}

const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

export async function createTokenVerifier(config: Pick<HubConfig, "auth" | "dataDir">): Promise<TokenVerifier> {
  let keySet: JWTVerifyGetKey;
  if (config.auth.mode === "jwks") {
    keySet = createRemoteJWKSet(new URL(config.auth.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 600_000, timeoutDuration: 5_000 });
  } else {
    const keys = await loadOrCreateDevKeys(config.dataDir);
    keySet = createLocalJWKSet({ keys: [keys.publicJwk] });
  }
  const { issuer, audience } = config.auth;

  return withVerifiedCache({
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ASYMMETRIC_ALGORITHMS,
          issuer,
          audience,
          clockTolerance: 30,
          requiredClaims: ["exp", "sub"],
        });
        return claimsFrom(payload as Record<string, unknown>);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw unauthenticated("The token has expired");
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw unauthenticated("The token is not valid");
        throw error;
      }
    },
  });
}

/** How long a verified token is taken on trust before its signature is checked again. */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Checking a signature costs more than many a whole operation, and clients send the same token
 * with every request: a token verified in the last minute, and not yet at its `exp`, answers its
 * claims again without the check. A token near or past `exp` is verified in full (so the clock
 * tolerance and the expiry error are jose's), as is one the cache has forgotten. Failures are not
 * kept. A key withdrawn from a JWKS stops working within the minute (jose keeps keys ten).
 */
function withVerifiedCache(verifier: TokenVerifier): TokenVerifier {
  const verified = new Map<string, { claims: TokenClaims; until: number }>();
  return {
    async verify(token) {
      const now = Date.now();
      const hit = verified.get(token);
      if (hit && now < hit.until) return hit.claims;
      const claims = await verifier.verify(token);
      // Shared by every request with the token from now on.
      Object.freeze(claims.roles);
      Object.freeze(claims);
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, until: Math.min(now + VERIFIED_TTL_MS, claims.expiresAt.getTime()) });
      return claims;
    },
  };
}

function claimsFrom(payload: Record<string, unknown>): TokenClaims {
  const rawRoles = Array.isArray(payload.roles) ? payload.roles : typeof payload.roles === "string" ? [payload.roles] : [];
  const roles = rawRoles.filter(isRole);
  if (roles.length === 0) throw unauthenticated("The token names no known role");
  return {
    subject: String(payload.sub),
    roles,
    org: stringClaim(payload.org),
    branch: stringClaim(payload.branch),
    barNumber: stringClaim(payload.bar_number),
    name: stringClaim(payload.name),
    expiresAt: new Date(Number(payload.exp) * 1000),
  };
}

const stringClaim = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);
