// SPEC §7: the Vonage private key and webhook secret are encrypted at rest with a key
// derived from the app's secret (AUTH_SECRET). AES-256-GCM, so tampering is detected.
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/config/env";

const VERSION = "v1";

function key(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "caseline", "settings-secrets", 32));
}

function appSecret(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set; it is needed to encrypt and decrypt stored secrets.");
  return secret;
}

export function encryptSecret(plain: string, secret = appSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** Null when the value was encrypted with another AUTH_SECRET or altered. */
export function decryptSecret(sealed: string, secret = appSecret()): string | null {
  const [version, data] = sealed.split(":");
  if (version !== VERSION || !data) return null;
  const raw = Buffer.from(data, "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * The webhook secret the built-in simulator signs with when none is configured: derived
 * from AUTH_SECRET, so every process of one install agrees on it without storing it.
 */
export function simulatorWebhookSecret(secret = appSecret()): string {
  return Buffer.from(hkdfSync("sha256", secret, "caseline", "simulator-webhook-secret", 32)).toString("base64url");
}

/** The API key the send worker presents to the simulator's fake Messages API. */
export const SIMULATOR_API_KEY = "caseline-simulator";

/** Its secret (Basic auth): derived from AUTH_SECRET, so only this install's processes know it. */
export function simulatorApiSecret(secret = appSecret()): string {
  return Buffer.from(hkdfSync("sha256", secret, "caseline", "simulator-api-secret", 32)).toString("base64url");
}

/** SPEC §11: the key that signs the expiring file addresses Vonage fetches outbound media from. */
export function mediaUrlKey(secret = appSecret()): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "caseline", "media-public-url", 32));
}
