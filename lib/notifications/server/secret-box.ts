import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Channel secrets at rest (a webhook's signing secret, Slack's URL): AES-256-GCM with a key derived
// by HKDF-SHA256 from BETTER_AUTH_SECRET, so a copy of the database alone does not give them away.
// Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url); the channel's id is bound in as associated data,
// so a secret moved to another row does not open.

const INFO = "vpsorg-dashboard notification channel secret v1";

function keyFrom(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "vpsorg-dashboard", INFO, 32));
}

export function sealSecret(authSecret: string, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(authSecret), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The secret, or throws when the key (BETTER_AUTH_SECRET) or the row changed since it was sealed. */
export function openSecret(authSecret: string, sealed: string, context: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(authSecret), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
