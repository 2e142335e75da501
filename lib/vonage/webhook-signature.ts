// Vonage signed webhooks (SPEC §3): "Authorization: Bearer <JWT>", HS256 with the signature
// secret, and the JWT's payload_hash = SHA-256 hex of the raw body.
//
// The HS256 check is done here with node:crypto rather than @vonage/jwt's verifySignature:
// that goes through jsonwebtoken, which first tries every string secret as a PEM public key
// and throws — about half a millisecond of CPU per webhook, a third of the app's time under
// load (measured with --cpu-prof during npm run bench:inbound).
import "server-only";
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export type SignatureCheck =
  | { ok: true }
  | { ok: false; status: 401 | 503; reason: string };

export function sha256Hex(body: string | Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

export function checkWebhookSignature({
  authorization,
  rawBody,
  secret,
}: {
  authorization: string | null;
  rawBody: Buffer;
  secret: string | null;
}): SignatureCheck {
  // 503, not 401: Vonage retries 5xx, so a real message comes back signed once we can check it.
  if (!secret) return { ok: false, status: 503, reason: "no webhook secret is configured" };
  if (!authorization) return { ok: false, status: 503, reason: "the request is not signed" };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { ok: false, status: 401, reason: "the Authorization header is not a bearer token" };
  const token = match[1]!;
  const claims = verifyHs256(token, secret);
  if (!claims) return { ok: false, status: 401, reason: "the signature does not match" };
  const expected = sha256Hex(rawBody);
  const given = typeof claims?.payload_hash === "string" ? claims.payload_hash.toLowerCase() : "";
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    return { ok: false, status: 401, reason: "payload_hash does not match the body" };
  }
  return { ok: true };
}

/** The claims of a JWT signed with HS256 by this secret and not expired; null otherwise. */
export function verifyHs256(token: string, secret: string, now = Date.now()): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    if (head.alg !== "HS256") return null;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof claims !== "object" || claims === null) return null;
    if (typeof claims.exp === "number" && claims.exp * 1000 < now) return null;
    return claims;
  } catch {
    return null;
  }
}

/** Signs a webhook body the way Vonage does; used by the carrier simulator and the tests. */
export function signWebhook(rawBody: string | Buffer, secret: string, claims: Record<string, unknown> = {}): string {
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    iss: "Vonage",
    api_key: "caseline",
    payload_hash: sha256Hex(rawBody),
    ...claims,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac("sha256", secret).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}
