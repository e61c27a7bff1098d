/**
 * Development mode's identity provider: an ES256 key pair made once and kept in the data folder,
 * so tokens minted by `npm run token` stay valid across restarts. Never used when AUTH_JWKS_URL is set.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";

export interface DevKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

const ALG = "ES256";

export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  const file = join(dataDir, "dev-auth-keys.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevKeys;
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const keys: DevKeys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" },
  };
  mkdirSync(dataDir, { recursive: true });
  // Written with the file's own flag so two processes starting together cannot both create it.
  try {
    writeFileSync(file, JSON.stringify(keys, null, 2), { flag: "wx", mode: 0o600 });
    return keys;
  } catch {
    return JSON.parse(readFileSync(file, "utf8")) as DevKeys;
  }
}

export interface TokenClaimsInput {
  sub: string;
  roles: string[];
  org?: string;
  branch?: string;
  barNumber?: string;
  name?: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

export async function mintDevToken(keys: DevKeys, issuer: string, audience: string, claims: TokenClaimsInput): Promise<string> {
  const key = await importJWK(keys.privateJwk, ALG);
  const payload: Record<string, unknown> = { roles: claims.roles };
  if (claims.org) payload.org = claims.org;
  if (claims.branch) payload.branch = claims.branch;
  if (claims.barNumber) payload.bar_number = claims.barNumber;
  if (claims.name) payload.name = claims.name;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, kid: keys.privateJwk.kid })
    .setSubject(claims.sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + claims.ttlSeconds)
    .sign(key);
}
