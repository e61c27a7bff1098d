/**
 * Identity as SPEC §1 with a real (local) identity provider: a JWKS served over HTTP with RS256,
 * ES256 and EdDSA keys, rotated while the hub runs; development tokens, symmetric algorithms,
 * expired tokens and tokens for another issuer or audience refused.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { gql } from "../support/graphql.js";
import { startTestHub, testConfig, tokenMinter, type TestHub } from "../support/hub.js";

const ISSUER = "https://id.example.vn/";
const AUDIENCE = "hanoi-partner-hub";

interface SigningKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(alg: "RS256" | "ES256" | "EdDSA", kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : {});
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

function sign(key: SigningKey, claims: Record<string, unknown>, options: { exp?: number | null; iss?: string; aud?: string } = {}) {
  const jwt = new SignJWT({ roles: ["CENTER_STAFF"], org: "HN-PASC", branch: "HN-PASC-B01", ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject("staff-from-idp")
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(key.privateKey);
}

let jwks: JWK[] = [];
let idp: Server;
let database: TestDatabase;
let hub: TestHub;
let keys: Record<string, SigningKey>;

beforeAll(async () => {
  keys = {
    rsa: await signingKey("RS256", "rsa-1"),
    ec: await signingKey("ES256", "ec-1"),
    ed: await signingKey("EdDSA", "ed-1"),
    next: await signingKey("ES256", "ec-2"),
  };
  jwks = [keys.rsa!.publicJwk, keys.ec!.publicJwk, keys.ed!.publicJwk];
  idp = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: jwks }));
  });
  await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;
  database = await createTestDatabase();
  hub = await startTestHub(database.handle, {
    config: testConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE }),
  });
});
afterAll(async () => {
  await hub?.close();
  await database?.close();
  idp?.close();
});

const VIEWER = `{ viewer { subject roles organization { code } branch { code } } }`;

describe("tokens from the identity provider", () => {
  it.each(["rsa", "ec", "ed"])("accepts a %s-signed token", async (name) => {
    const response = await gql(hub.url, VIEWER, {}, await sign(keys[name]!, {}));
    expect(response.errors).toBeUndefined();
    expect(response.data.viewer).toEqual({
      subject: "staff-from-idp",
      roles: ["CENTER_STAFF"],
      organization: { code: "HN-PASC" },
      branch: { code: "HN-PASC-B01" },
    });
  });

  it("accepts a key added to the JWKS while the hub runs (refetched on an unknown kid)", async () => {
    await gql(hub.url, VIEWER, {}, await sign(keys.ec!, {})); // the JWKS is cached now
    jwks = [...jwks, keys.next!.publicJwk];
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // past the refetch cool-down
    const response = await gql(hub.url, VIEWER, {}, await sign(keys.next!, {}));
    expect(response.errors).toBeUndefined();
  });

  it("refuses development tokens once an identity provider is configured", async () => {
    const devToken = await tokenMinter(testConfig())({ role: "CENTER_STAFF", org: "HN-PASC" });
    const response = await gql(hub.url, VIEWER, {}, devToken);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["expired", { exp: Math.floor(Date.now() / 1000) - 120 }],
    ["without exp", { exp: null }],
    ["for another audience", { aud: "someone-else" }],
    ["from another issuer", { iss: "https://evil.example/" }],
  ])("refuses a token %s", async (_name, options) => {
    const response = await gql(hub.url, VIEWER, {}, await sign(keys.ec!, {}, options as never));
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a symmetric (HS256) token even with a known kid", async () => {
    const secret = new TextEncoder().encode("a-shared-secret-that-must-not-work-here");
    const token = await new SignJWT({ roles: ["ADMIN"], org: "HN-PASC" })
      .setProtectedHeader({ alg: "HS256", kid: "ec-1" })
      .setSubject("attacker")
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("10m")
      .sign(secret);
    expect((await gql(hub.url, VIEWER, {}, token)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
