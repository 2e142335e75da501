// The simulator reaches the app the way Vonage does: a signed POST to the webhook URLs.
import "server-only";
import { internalBaseUrl } from "@/lib/server/internal-url";
import { getWebhookSecret } from "@/lib/settings/server-settings";
import { signWebhook } from "@/lib/vonage/webhook-signature";

export async function postSignedWebhook(pathname: "/api/vonage/inbound" | "/api/vonage/status", payload: unknown): Promise<{ status: number; body: unknown }> {
  const secret = await getWebhookSecret();
  if (!secret) throw new Error("No webhook secret: the simulator cannot sign.");
  const raw = JSON.stringify(payload);
  const response = await fetch(`${internalBaseUrl()}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(raw, secret)}` },
    body: raw,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body };
}
