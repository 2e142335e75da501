import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkWebhookSignature, sha256Hex, signWebhook, verifyHs256 } from "@/lib/vonage/webhook-signature";

const secret = "signature-secret";
const body = Buffer.from('{"message_uuid":"abc"}');

function token(header: object, claims: object, key = secret) {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${enc(header)}.${enc(claims)}`;
  return `${unsigned}.${createHmac("sha256", key).update(unsigned).digest("base64url")}`;
}

describe("signed webhooks", () => {
  it("accepts a Vonage-style token whose payload_hash matches the raw body", () => {
    expect(checkWebhookSignature({ authorization: `Bearer ${signWebhook(body, secret)}`, rawBody: body, secret })).toEqual({ ok: true });
  });

  it.each<[string, string | null, string | null, number]>([
    ["no secret configured", `Bearer ${signWebhook(body, secret)}`, null, 503],
    ["no header", null, secret, 503],
    ["not a bearer token", "Basic abc", secret, 401],
    ["another secret", `Bearer ${signWebhook(body, "other")}`, secret, 401],
    ["another body's hash", `Bearer ${signWebhook("{}", secret)}`, secret, 401],
    ["alg none", `Bearer ${token({ alg: "none" }, { payload_hash: sha256Hex(body) })}`, secret, 401],
    ["expired", `Bearer ${token({ alg: "HS256" }, { payload_hash: sha256Hex(body), exp: 1 })}`, secret, 401],
    ["no payload_hash", `Bearer ${token({ alg: "HS256" }, { iss: "Vonage" })}`, secret, 401],
    ["three dots of junk", "Bearer a.b.c", secret, 401],
  ])("%s → %s", (_, authorization, configured, status) => {
    const result = checkWebhookSignature({ authorization, rawBody: body, secret: configured });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(status);
  });

  it("reads the claims of a good token", () => {
    expect(verifyHs256(token({ alg: "HS256", typ: "JWT" }, { iss: "Vonage", x: 1 }), secret)).toEqual({ iss: "Vonage", x: 1 });
  });
});
