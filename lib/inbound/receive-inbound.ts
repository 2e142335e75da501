// What POST /api/vonage/inbound does once the signature is verified: parse the Vonage
// payload (lib/vonage), then log the event and route the message in one transaction
// (SPEC §3: acknowledge only after commit). The case rules see a parsed message only.
// System: Vonage calls it through a signed webhook, so no user acts here.
import "server-only";
import { transaction } from "@/lib/db/client";
import { parseInboundPayload } from "@/lib/vonage/inbound-payload";
import type { SignedWebhook } from "@/lib/vonage/signed-webhook-request";
import { logInvalidWebhook, logRoutingFailure, unstorableReason } from "./event-log";
import { logAndRouteInbound, type RoutedMessage } from "./route-inbound";

export type InboundResult = RoutedMessage | { outcome: "invalid"; eventId: number | null; reason: string };

/**
 * `payload` is the parsed JSON body, or undefined when the body was not JSON. Signed bodies
 * that cannot be understood are kept in the event log (outcome "invalid") for admins.
 */
export async function receiveInboundWebhook({ rawBody, payload, problem }: SignedWebhook): Promise<InboundResult> {
  const parsed = payload === undefined ? { ok: false as const, reason: problem ?? "the body is not JSON" } : parseInboundPayload(payload);
  if (!parsed.ok) {
    const row = await logInvalidWebhook({ kind: "inbound", messageUuid: messageUuidOf(payload), rawBody, payload, reason: parsed.reason });
    return row ? { outcome: "invalid", eventId: row.id, reason: parsed.reason } : { outcome: "duplicate" };
  }
  try {
    return await transaction((tx, finish) => logAndRouteInbound(tx, finish, parsed.message, rawBody, payload));
  } catch (error) {
    const reason = unstorableReason(error);
    if (reason) {
      const row = await logInvalidWebhook({ kind: "inbound", messageUuid: parsed.message.messageUuid, rawBody, payload, reason });
      return row ? { outcome: "invalid", eventId: row.id, reason } : { outcome: "duplicate" };
    }
    // The webhook answers 5xx and Vonage retries; meanwhile admins see that it failed and why.
    await logRoutingFailure(parsed.message, rawBody, payload, error).catch(() => {});
    throw error;
  }
}

function messageUuidOf(payload: unknown): string | null {
  if (payload && typeof payload === "object" && "message_uuid" in payload) {
    const value = (payload as { message_uuid: unknown }).message_uuid;
    if (typeof value === "string" && value.length > 0 && value.length <= 200) return value;
  }
  return null;
}
