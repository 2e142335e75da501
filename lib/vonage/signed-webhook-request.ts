// The first steps of both Vonage webhooks: read the raw body (with a size limit), check the
// signature against it, then parse JSON. Nothing is stored before the signature is good.
import "server-only";
import { AppError } from "@/lib/http/app-error";
import { getWebhookSecret } from "@/lib/settings/server-settings";
import { storableJson, storableText } from "./inbound-payload";
import { jsonShapeProblem } from "./json-shape";
import { checkWebhookSignature } from "./webhook-signature";

export const MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * A signed body, ready to store: `rawBody` without what PostgreSQL cannot hold (NUL, half a
 * surrogate pair), `payload` its parsed JSON, cleaned the same way — or undefined, with
 * `problem` saying why, when the body is not JSON or breaks the limits of ./json-shape.ts.
 */
export type SignedWebhook = { rawBody: string; payload: unknown; problem?: string };

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
  const rawBody = storableText(raw.toString("utf8"));
  const problem = jsonShapeProblem(rawBody);
  if (problem) return { rawBody, payload: undefined, problem: `the body is ${problem}` };
  try {
    return { rawBody, payload: storableJson(JSON.parse(rawBody)) };
  } catch {
    // signed but not JSON: kept in the event log by the caller
    return { rawBody, payload: undefined, problem: "the body is not JSON" };
  }
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
