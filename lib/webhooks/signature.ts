// How a delivery is signed (SPEC §15), the recipe receivers follow to check it:
//   Caseline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>", keyed with the secret>
// Pure, so the worker signs and the tests (and the README's recipe) verify with the same rule.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Caseline-Signature";
export const EVENT_ID_HEADER = "Caseline-Event-Id";

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * The receiver's side: true when `header` signs `body` with `secret` and its time is within
 * `toleranceSeconds` of `nowSeconds` (a replayed old delivery is refused).
 */
export function verifySignature({
  secret,
  header,
  body,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
}: {
  secret: string;
  header: string | null | undefined;
  body: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
