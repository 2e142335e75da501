// The first steps of both Vonage webhooks: read the raw body (with a size limit), check the
// signature against it, then parse JSON. Nothing is stored before the signature is good.
import "server-only";
import { AppError } from "@/lib/http/app-error";
import { getWebhookSecret } from "@/lib/settings/server-settings";
import { checkWebhookSignature } from "./webhook-signature";

export const MAX_WEBHOOK_BYTES = 256 * 1024;

export type SignedWebhook = { rawBody: string; payload: unknown };

export async function readSignedWebhook(request: Request): Promise<SignedWebhook> {
  const raw = await readLimited(request, MAX_WEBHOOK_BYTES);
  const check = checkWebhookSignature({
    authorization: request.headers.get("authorization"),
    rawBody: raw,
    secret: await getWebhookSecret(),
  });
  if (!check.ok) {
    throw new AppError(check.status === 503 ? "unavailable" : "unauthenticated", `Webhook refused: ${check.reason}.`);
  }
  const rawBody = raw.toString("utf8");
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    payload = undefined; // signed but not JSON: kept in the event log by the caller
  }
  return { rawBody, payload };
}

async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `Webhook bodies are limited to ${limit / 1024} KB.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
