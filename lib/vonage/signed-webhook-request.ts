// The first steps of both Vonage webhooks: read the raw body (with a size limit), check the
// signature against it, then parse JSON. Nothing is stored before the signature is good.
import "server-only";
import { AppError } from "@/lib/http/app-error";
import { readLimitedBody } from "@/lib/http/read-body";
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
  const raw = await readLimitedBody(request, MAX_WEBHOOK_BYTES, `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES / 1024} KB.`);
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
