// SPEC §11: Vonage fetches an outbound file itself, so it gets an address nobody can guess and
// that stops working: /api/media/public/{fileId}/{expires}/{signature}/{name}, where
// signature = HMAC-SHA256(key, "fileId.expires") and the key is derived from AUTH_SECRET
// (lib/crypto/secret-box.ts mediaUrlKey). The name is only for the reader (WhatsApp shows
// it); it is not signed and not trusted. Pure: the key and the clock are given.
import { createHmac, timingSafeEqual } from "node:crypto";
import { urlSafeFileName } from "./outbound-rules";

/** How long Vonage may fetch a file after the send started (retries and all). */
export const MEDIA_URL_TTL_SECONDS = 24 * 60 * 60;

export const PUBLIC_MEDIA_PATH = "/api/media/public";

function signature(key: Buffer, fileId: number, expires: number): string {
  return createHmac("sha256", key).update(`${fileId}.${expires}`).digest("base64url");
}

/** The signed address of a file, valid for MEDIA_URL_TTL_SECONDS from `nowMs`. */
export function signedMediaUrl({ key, baseUrl, fileId, name, nowMs }: { key: Buffer; baseUrl: string; fileId: number; name: string | null; nowMs: number }): string {
  const expires = Math.floor(nowMs / 1000) + MEDIA_URL_TTL_SECONDS;
  const base = baseUrl.replace(/\/+$/, "");
  return `${base}${PUBLIC_MEDIA_PATH}/${fileId}/${expires}/${signature(key, fileId, expires)}/${encodeURIComponent(urlSafeFileName(name ?? ""))}`;
}

/**
 * The file id a signed address names, when its signature is right and it has not expired;
 * null for anything else (the route then answers a plain 404, whatever was wrong).
 */
export function verifyMediaUrl(
  key: Buffer,
  parts: { fileId: string; expires: string; signature: string },
  nowMs: number,
): number | null {
  if (!/^[1-9]\d{0,15}$/.test(parts.fileId) || !/^\d{1,12}$/.test(parts.expires) || !/^[A-Za-z0-9_-]{43}$/.test(parts.signature)) return null;
  const fileId = Number(parts.fileId);
  const expires = Number(parts.expires);
  const expected = Buffer.from(signature(key, fileId, expires));
  const given = Buffer.from(parts.signature);
  // Constant time, and checked before the expiry so timing says nothing about the signature.
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  if (!valid || expires * 1000 <= nowMs) return null;
  return fileId;
}
