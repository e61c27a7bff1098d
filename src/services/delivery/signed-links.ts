/**
 * Short-lived links to the hub's own upload and download endpoints: the token carries its
 * purpose, the document and the expiry, signed with HMAC-SHA256, so any instance holding the
 * secret can check a link without a database row. Single use (uploads) is the database's job.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { loadOrCreateDataFile } from "../../data-folder.js";

export type LinkPurpose = "upload" | "download";

export interface LinkClaims {
  purpose: LinkPurpose;
  documentId: string;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: "invalid" | "expired" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class LinkSigner {
  constructor(private readonly secret: string) {}

  sign(claims: LinkClaims): string {
    const payload = Buffer.from(
      JSON.stringify({ p: claims.purpose, d: claims.documentId, e: Math.floor(claims.expiresAt.getTime() / 1000) }),
    ).toString("base64url");
    return `${payload}.${this.mac(payload)}`;
  }

  /** Checks the signature first, then the purpose and the expiry against `now`. */
  verify(token: string, purpose: LinkPurpose, now: Date): LinkCheck {
    const invalid = { ok: false, reason: "invalid" } as const;
    if (token.length > 512) return invalid;
    const [payload, mac, extra] = token.split(".");
    if (!payload || !mac || extra !== undefined) return invalid;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
    let parsed: { p?: unknown; d?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return invalid;
    }
    if (parsed.p !== purpose || typeof parsed.d !== "string" || !UUID.test(parsed.d) || typeof parsed.e !== "number") return invalid;
    const expiresAt = new Date(parsed.e * 1000);
    if (expiresAt <= now) return { ok: false, reason: "expired" };
    return { ok: true, claims: { purpose, documentId: parsed.d, expiresAt } };
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }
}

/**
 * LINK_SIGNING_SECRET when configured; otherwise one made once and kept in the data folder, like
 * the development keys, so links survive a restart and hubs sharing the folder accept each other's.
 */
export function loadOrCreateLinkSecret(configured: string | undefined, dataDir: string): string {
  return configured || loadOrCreateDataFile(dataDir, "link-signing-secret", () => randomBytes(32).toString("hex"));
}
