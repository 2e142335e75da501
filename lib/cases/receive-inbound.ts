// What POST /api/vonage/inbound does once the signature is verified: log the event, route
// the message, all in one transaction (SPEC §3: acknowledge only after commit).
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { webhookEvents } from "@/lib/db/schema";
import { parseInboundPayload } from "@/lib/vonage/inbound-payload";
import { routeInboundMessage, type RoutedMessage } from "./route-inbound";

export type InboundResult =
  | { outcome: "duplicate" }
  | { outcome: "invalid"; eventId: number; reason: string }
  | ({ eventId: number } & RoutedMessage);

/**
 * `payload` is the parsed JSON body, or undefined when the body was not JSON. Signed bodies
 * that cannot be understood are kept in the event log (outcome "invalid") for admins.
 */
export async function receiveInboundWebhook({ rawBody, payload }: { rawBody: string; payload: unknown }): Promise<InboundResult> {
  const db = getDb();
  const parsed = payload === undefined ? { ok: false as const, reason: "the body is not JSON" } : parseInboundPayload(payload);

  if (!parsed.ok) {
    const uuid = messageUuidOf(payload);
    const [row] = await db
      .insert(webhookEvents)
      .values({
        kind: "inbound",
        messageUuid: uuid,
        rawBody,
        payload: payload === undefined ? null : payload,
        outcome: "invalid",
        reason: parsed.reason,
        processedAt: sql`now()`,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    return row ? { outcome: "invalid", eventId: row.id, reason: parsed.reason } : { outcome: "duplicate" };
  }

  const message = parsed.message;
  return db.transaction(async (tx) => {
    // The unique index on inbound message_uuid is the dedup: a repeat (even a concurrent one,
    // which waits here for the first to commit) inserts nothing and changes nothing.
    const [event] = await tx
      .insert(webhookEvents)
      .values({
        kind: "inbound",
        messageUuid: message.messageUuid,
        rawBody,
        payload,
        ourNumber: message.ourNumber,
        theirNumber: message.theirNumber,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (!event) return { outcome: "duplicate" } as const;
    const routed = await routeInboundMessage(tx, event.id, message);
    return { eventId: event.id, ...routed };
  });
}

function messageUuidOf(payload: unknown): string | null {
  if (payload && typeof payload === "object" && "message_uuid" in payload) {
    const value = (payload as { message_uuid: unknown }).message_uuid;
    if (typeof value === "string" && value.length > 0 && value.length <= 200) return value;
  }
  return null;
}
