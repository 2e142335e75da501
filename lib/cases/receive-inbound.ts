// What POST /api/vonage/inbound does once the signature is verified: log the event and
// route the message in one transaction (SPEC §3: acknowledge only after commit).
import { getSql } from "@/lib/db/client";
import { pipelinedTransaction } from "@/lib/db/pipelined-transaction";
import { parseInboundPayload, storableJson, storableText } from "@/lib/vonage/inbound-payload";
import { logAndRouteInbound, type RoutedMessage } from "./route-inbound";

export type InboundResult = RoutedMessage | { outcome: "invalid"; eventId: number | null; reason: string };

/**
 * `payload` is the parsed JSON body, or undefined when the body was not JSON. Signed bodies
 * that cannot be understood are kept in the event log (outcome "invalid") for admins.
 */
export async function receiveInboundWebhook(webhook: { rawBody: string; payload: unknown }): Promise<InboundResult> {
  const sql = getSql();
  const rawBody = storableText(webhook.rawBody);
  const payload = storableJson(webhook.payload);
  const parsed = payload === undefined ? { ok: false as const, reason: "the body is not JSON" } : parseInboundPayload(payload);
  if (!parsed.ok) {
    const [row] = await sql<Array<{ id: number }>>`
      insert into webhook_events (kind, message_uuid, raw_body, payload, outcome, reason, processed_at)
      values ('inbound', ${messageUuidOf(payload)}, ${rawBody},
              ${payload === undefined ? null : JSON.stringify(payload)}::jsonb, 'invalid', ${parsed.reason}, now())
      on conflict do nothing
      returning id::int`;
    return row ? { outcome: "invalid", eventId: row.id, reason: parsed.reason } : { outcome: "duplicate" };
  }
  try {
    return await pipelinedTransaction((tx, finish) => logAndRouteInbound(tx, finish, parsed.message, rawBody, payload));
  } catch (error) {
    // The webhook answers 5xx and Vonage retries; meanwhile admins see that it failed and why.
    // The row does not claim the message_uuid, so the retry can still be routed.
    await recordFailure(parsed.message, rawBody, payload, error).catch(() => {});
    throw error;
  }
}

async function recordFailure(
  message: { messageUuid: string; ourNumber: string; theirNumber: string },
  rawBody: string,
  payload: unknown,
  error: unknown,
) {
  const reason = `Routing failed, Vonage will retry: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  await getSql()`
    insert into webhook_events (kind, message_uuid, raw_body, payload, our_number, their_number, outcome, reason, processed_at)
    select 'inbound', ${message.messageUuid}, ${rawBody}, ${JSON.stringify(payload)}::jsonb, ${message.ourNumber}, ${message.theirNumber},
           'failed', ${reason}, now()
    where not exists (select 1 from webhook_events where message_uuid = ${message.messageUuid} and outcome = 'failed')`;
}

function messageUuidOf(payload: unknown): string | null {
  if (payload && typeof payload === "object" && "message_uuid" in payload) {
    const value = (payload as { message_uuid: unknown }).message_uuid;
    if (typeof value === "string" && value.length > 0 && value.length <= 200) return value;
  }
  return null;
}
