// A message's delivery status moves forward only (SPEC §4). Used by the status webhook
// (lib/inbound/receive-status.ts) and by the worker when Vonage accepts a message.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Executor, type Tx, transaction } from "@/lib/db/client";
import { LOCK_SPACE } from "@/lib/db/locks";
import { messages } from "@/lib/db/schema";
import { markStatusEventApplied, pendingStatusEvents } from "@/lib/inbound/event-log";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";
import { parseStatusPayload, type StatusUpdate } from "@/lib/vonage/status-payload";
import { UNKNOWN_OUTCOME } from "@/lib/outbound/delivery-errors";
import { statusesBefore } from "./status-order";
import { emitMessageEvent } from "@/lib/webhooks/outbox";

export type AppliedStatus =
  | { outcome: "applied"; messageId: number }
  | { outcome: "stale"; messageId: number }
  | { outcome: "unknown" };

const FAILED = new Set(["rejected", "undeliverable"]);

/** Announces a message's new status to the consoles showing its cases. */
export async function notifyMessageChanged(db: Executor, messageId: number): Promise<void> {
  await db.execute(sql`
    select pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', c.survey_id, 'caseIds', json_agg(c.id), 'kind', 'status')::text)
    from case_messages cm join cases c on c.id = cm.case_id
    where cm.message_id = ${messageId}
    group by c.survey_id`);
}

/** Applies one status report, in the caller's transaction (which holds `lockMessageUuid`). */
export async function applyStatusUpdate(tx: Tx, update: StatusUpdate): Promise<AppliedStatus> {
  const failed = FAILED.has(update.status);
  // The WHERE clause is the forward-only rule: a late "delivered" finds the row at "read"
  // and changes nothing, however the webhooks race.
  const [moved] = await tx
    .update(messages)
    .set({
      status: update.status,
      statusUpdatedAt: update.at ?? sql`now()`,
      ...(failed ? { errorCode: update.errorCode, errorDetail: update.errorDetail } : {}),
    })
    .where(and(eq(messages.providerMessageId, update.messageUuid), inArray(messages.status, statusesBefore(update.status))))
    .returning({ id: messages.id });
  if (moved) {
    await notifyMessageChanged(tx, moved.id);
    await emitMessageEvent(tx, "message.status", moved.id);
    return { outcome: "applied", messageId: moved.id };
  }
  const [existing] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.providerMessageId, update.messageUuid))
    .limit(1);
  return existing ? { outcome: "stale", messageId: existing.id } : { outcome: "unknown" };
}

/** What the event log says about a status report that did not move the message. */
export function statusOutcomeReason(result: AppliedStatus, update: StatusUpdate): string | null {
  if (result.outcome === "unknown") return "No message with this id (yet): applied when the sender stores it";
  if (result.outcome === "stale") return `Ignored: ${update.status} is not newer than the message's status`;
  return null;
}

/**
 * Serialises a status webhook with the worker storing the same message_uuid, so a webhook
 * either finds the message or is stored as pending before the worker looks for pending ones.
 */
export async function lockMessageUuid(tx: Tx, messageUuid: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE.messageUuid}, hashtext(${messageUuid}))`);
}

/**
 * The provider accepted the message: store its id and mark it submitted (unless a status
 * is already further on). Status webhooks can beat this: Vonage may report "submitted"
 * before the id is stored. Those were kept as "status_unknown" and are applied here, in
 * the order they came, in the same transaction. (Worker-time: no user acts here.)
 */
export async function storeProviderId(messageId: number, messageUuid: string): Promise<void> {
  // Queued, or failed by another worker as "may have been sent" while this one waited for
  // Vonage's answer: now it is known to be sent. Any other status stays, with its reason.
  const accepted = sql`(${messages.status} = 'queued' or (${messages.status} = 'failed' and ${messages.errorCode} = ${UNKNOWN_OUTCOME}))`;
  await transaction(async (tx) => {
    await lockMessageUuid(tx, messageUuid);
    // Whether this is the provider's acceptance (message.sent), not a repeat of it.
    const [before] = await tx.select({ status: messages.status, errorCode: messages.errorCode }).from(messages).where(eq(messages.id, messageId)).for("update");
    const acceptedNow = before?.status === "queued" || (before?.status === "failed" && before.errorCode === UNKNOWN_OUTCOME);
    await tx
      .update(messages)
      .set({
        providerMessageId: messageUuid,
        status: sql`case when ${accepted} then 'submitted'::message_status else ${messages.status} end`,
        statusUpdatedAt: sql`now()`,
        sendingSince: null,
        requestStartedAt: null,
        errorCode: sql`case when ${accepted} then null else ${messages.errorCode} end`,
        errorDetail: sql`case when ${accepted} then null else ${messages.errorDetail} end`,
      })
      .where(eq(messages.id, messageId));
    await notifyMessageChanged(tx, messageId);
    if (acceptedNow) await emitMessageEvent(tx, "message.sent", messageId);
    for (const event of await pendingStatusEvents(tx, messageUuid)) {
      const parsed = parseStatusPayload(event.payload);
      if (!parsed.ok) continue;
      const result = await applyStatusUpdate(tx, parsed.update);
      if (result.outcome === "unknown") continue;
      await markStatusEventApplied(tx, event.id, { messageId: result.messageId, reason: statusOutcomeReason(result, parsed.update) });
    }
  });
}
