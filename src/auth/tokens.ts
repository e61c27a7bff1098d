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

  return {
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
