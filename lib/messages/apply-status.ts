// POST /api/vonage/status after verification: move the message's status forward only.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Database, type Transaction } from "@/lib/db/client";
import { messages, webhookEvents } from "@/lib/db/schema";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";
import { parseStatusPayload, type StatusUpdate } from "@/lib/vonage/status-payload";
import { statusesBefore } from "./status-order";

export type StatusResult =
  | { outcome: "invalid"; reason: string }
  | { outcome: "applied"; messageId: number }
  | { outcome: "stale"; messageId: number }
  | { outcome: "unknown" };

type Tx = Transaction;

const FAILED = new Set(["rejected", "undeliverable"]);

/** Announces a message's new status to the consoles showing its cases. */
export async function notifyMessageChanged(tx: Pick<Database, "execute">, messageId: number): Promise<void> {
  await tx.execute(sql`
    select pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', c.survey_id, 'caseIds', json_agg(c.id), 'kind', 'status')::text)
    from case_messages cm join cases c on c.id = cm.case_id
    where cm.message_id = ${messageId}
    group by c.survey_id`);
}

async function applyUpdate(tx: Tx, update: StatusUpdate): Promise<Exclude<StatusResult, { outcome: "invalid" }>> {
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
    return { outcome: "applied", messageId: moved.id };
  }
  const [existing] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.providerMessageId, update.messageUuid))
    .limit(1);
  return existing ? { outcome: "stale", messageId: existing.id } : { outcome: "unknown" };
}

function outcomeReason(result: StatusResult, update: StatusUpdate): string | null {
  if (result.outcome === "unknown") return "No message with this id (yet): applied when the sender stores it";
  if (result.outcome === "stale") return `Ignored: ${update.status} is not newer than the message's status`;
  return null;
}

export async function receiveStatusWebhook({ rawBody, payload }: { rawBody: string; payload: unknown }): Promise<StatusResult> {
  const parsed = payload === undefined ? { ok: false as const, reason: "the body is not JSON" } : parseStatusPayload(payload);
  const db = getDb();
  if (!parsed.ok) {
    await db.insert(webhookEvents).values({
      kind: "status",
      rawBody,
      payload: payload === undefined ? null : payload,
      outcome: "invalid",
      reason: parsed.reason,
      processedAt: sql`now()`,
    });
    return { outcome: "invalid", reason: parsed.reason };
  }
  const update = parsed.update;
  return db.transaction(async (tx) => {
    await lockMessageUuid(tx, update.messageUuid);
    const result = await applyUpdate(tx, update);
    await tx.insert(webhookEvents).values({
      kind: "status",
      messageUuid: update.messageUuid,
      rawBody,
      payload,
      outcome: result.outcome === "unknown" ? "status_unknown" : "status_applied",
      reason: outcomeReason(result, update),
      messageId: result.outcome === "unknown" ? null : result.messageId,
      processedAt: sql`now()`,
    });
    return result;
  });
}

/**
 * Serialises a status webhook with the worker storing the same message_uuid, so a webhook
 * either finds the message or is stored as pending before the worker looks for pending ones.
 */
async function lockMessageUuid(tx: Tx, messageUuid: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(2, hashtext(${messageUuid}))`);
}

/**
 * The provider accepted the message: store its id and mark it submitted (unless a status
 * is already further on). Status webhooks can beat this: Vonage may report "submitted"
 * before the id is stored. Those were kept as "status_unknown" and are applied here, in
 * the order they came, in the same transaction.
 */
export async function storeProviderId(messageId: number, messageUuid: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await lockMessageUuid(tx, messageUuid);
    await tx
      .update(messages)
      .set({
        providerMessageId: messageUuid,
        status: sql`case when ${messages.status} = 'queued' then 'submitted'::message_status else ${messages.status} end`,
        statusUpdatedAt: sql`now()`,
        sendingSince: null,
        requestStartedAt: null,
        errorCode: null,
        errorDetail: null,
      })
      .where(eq(messages.id, messageId));
    await notifyMessageChanged(tx, messageId);
    const pending = await tx
      .select({ id: webhookEvents.id, payload: webhookEvents.payload })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.messageUuid, messageUuid), eq(webhookEvents.outcome, "status_unknown")))
      .orderBy(asc(webhookEvents.id));
    for (const event of pending) {
      const parsed = parseStatusPayload(event.payload);
      if (!parsed.ok) continue;
      const result = await applyUpdate(tx, parsed.update);
      if (result.outcome === "unknown") continue;
      await tx
        .update(webhookEvents)
        .set({ outcome: "status_applied", reason: outcomeReason(result, parsed.update), messageId: result.messageId, processedAt: sql`now()` })
        .where(eq(webhookEvents.id, event.id));
    }
  });
}
