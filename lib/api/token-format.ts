// API token format (pure). A token is "cl_" + 43 url-safe characters (32 random bytes);
// only its SHA-256 is stored, so a database dump holds no usable token. 256 random bits
// make a slow hash pointless: nobody can guess one, so a fast hash that lets every request
// look its token up by index is the right choice (as GitHub and Stripe tokens do).
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "cl_";
const TOKEN_PATTERN = /^cl_[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function isTokenShaped(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What lists show to recognise a token: its first characters. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** The token in an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}
