// Signed webhook requests, as Vonage sends them, for the real route handlers.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { signWebhook } from "@/lib/vonage/webhook-signature";

export const WEBHOOK_SECRET = "test-webhook-secret-0123456789";

/** null: no secret in the environment. */
export function useWebhookSecret(secret: string | null = WEBHOOK_SECRET) {
  if (secret === null) delete process.env.VONAGE_WEBHOOK_SECRET;
  else process.env.VONAGE_WEBHOOK_SECRET = secret;
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/fixtures/vonage", `${name}.json`), "utf8"));
}

export function inboundSms({
  from,
  to,
  text,
  uuid = randomUUID(),
  timestamp = new Date().toISOString(),
}: {
  from: string;
  to: string;
  text: string;
  uuid?: string;
  timestamp?: string;
}) {
  return {
    channel: "sms",
    message_uuid: uuid,
    to,
    from,
    timestamp,
    message_type: "text",
    text,
    sms: { num_messages: "1" },
  };
}

export function signedRequest(
  url: string,
  body: unknown,
  { secret = WEBHOOK_SECRET, authorization }: { secret?: string; authorization?: string | null } = {},
): Request {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = authorization === undefined ? `Bearer ${signWebhook(raw, secret)}` : authorization;
  if (auth !== null) headers.authorization = auth;
  return new Request(url, { method: "POST", headers, body: raw });
}
