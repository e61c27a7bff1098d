/**
 * Endpoint signing secrets (SPEC §8): made by the hub (`whsec_` + base64 of 24 random bytes, the
 * Standard Webhooks form), shown once, and stored sealed with AES-256-GCM under
 * WEBHOOK_SECRETS_KEY, so a database dump alone cannot sign. Outside production, without the key,
 * one is made once in the data folder (like the development token keys); in production without
 * it, webhooks are off.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { HubConfig } from "../../config.js";
import { loadOrCreateDataFile } from "../../data-folder.js";

const SECRET_BYTES = 24;
const FORMAT = "v1";

export function makeSigningSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString("base64")}`;
}

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("the webhook secrets key must be 32 bytes");
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return [FORMAT, iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(":");
  }

  open(stored: string): string {
    const [format, iv, tag, sealed] = stored.split(":");
    if (format !== FORMAT || !iv || !tag || !sealed) throw new Error("not a sealed webhook secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).toString("utf8");
  }
}

/** The configured key; outside production one kept in the data folder; in production without one, none (webhooks off). */
export function webhookSecretsKey(config: Pick<HubConfig, "nodeEnv" | "dataDir" | "webhooks">): Buffer | undefined {
  if (config.webhooks.secretsKey) return config.webhooks.secretsKey;
  if (config.nodeEnv === "production") return undefined;
  return Buffer.from(loadOrCreateDataFile(config.dataDir, "webhook-secrets-key", () => randomBytes(32).toString("base64")), "base64");
}
