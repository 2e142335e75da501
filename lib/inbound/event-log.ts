// The webhook event log (webhook_events): every body Vonage sent us that was signed, kept
// with its outcome. The inbound hot path writes its own rows inside its statements
// (./route-inbound.ts, where the insert is the dedup); the other writes are here, and so
// are the admin screen's reads. Nothing Vonage sent is ever dropped.
import "server-only";
import { and, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { getDb, type Executor } from "@/lib/db/client";
import { isDataError, sqlState } from "@/lib/db/errors";
import { webhookEvents } from "@/lib/db/schema";

export type ProblemEvent = {
  id: number;
  kind: "inbound" | "status";
  outcome: "unrouted" | "invalid" | "failed";
  ourNumber: string | null;
  theirNumber: string | null;
  reason: string | null;
  receivedAt: string;
  text: string | null;
};

const PROBLEMS = ["unrouted", "invalid", "failed"] as const;

/** Unrouted, invalid and failed events, newest first; `before` is the id of the last one shown. */
export async function listProblemEvents(actor: CurrentUser, { limit = 50, before }: { limit?: number; before?: number } = {}): Promise<ProblemEvent[]> {
  assertRole(actor, ADMIN_ROLES);
  const rows = await getDb()
    .select({
      id: webhookEvents.id,
      kind: webhookEvents.kind,
      outcome: webhookEvents.outcome,
      ourNumber: webhookEvents.ourNumber,
      theirNumber: webhookEvents.theirNumber,
      reason: webhookEvents.reason,
      receivedAt: webhookEvents.receivedAt,
      text: sql<string | null>`${webhookEvents.payload} ->> 'text'`,
    })
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.outcome, PROBLEMS), before ? lt(webhookEvents.id, before) : undefined))
    .orderBy(desc(webhookEvents.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map((r) => ({ ...r, outcome: r.outcome as ProblemEvent["outcome"], receivedAt: r.receivedAt.toISOString() }));
}

/** The raw body of one event, shown on demand; null when there is no such event. */
export async function getEventRawBody(actor: CurrentUser, id: number): Promise<string | null> {
  assertRole(actor, ADMIN_ROLES);
  const [row] = await getDb().select({ rawBody: webhookEvents.rawBody }).from(webhookEvents).where(eq(webhookEvents.id, id)).limit(1);
  return row?.rawBody ?? null;
}

/** How many messages wait for a link, per number of ours: exact, whatever their age. */
export async function countUnroutedByNumber(actor: CurrentUser): Promise<Map<string, number>> {
  assertRole(actor, ADMIN_ROLES);
  const rows = await getDb()
    .select({ ourNumber: webhookEvents.ourNumber, n: count() })
    .from(webhookEvents)
    .where(eq(webhookEvents.outcome, "unrouted"))
    .groupBy(webhookEvents.ourNumber);
  return new Map(rows.flatMap((r) => (r.ourNumber ? [[r.ourNumber, r.n] as const] : [])));
}

// ─── Writes (system: Vonage's signed webhooks, no user) ──────────────────────────────

/**
 * Why a webhook whose transaction failed can never be stored, so it is kept as invalid and
 * answered 200 rather than 5xx for Vonage's 24 hours of retries: PostgreSQL refused the data
 * itself (lib/db/errors.ts), or a unique value it carries is already taken (an inbound
 * message_uuid Vonage gave one of our replies). Null: worth retrying.
 */
export function unstorableReason(error: unknown): string | null {
  if (!isDataError(error) && sqlState(error) !== "23505") return null;
  return `PostgreSQL could not store it: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}

/** A signed body that is not a message or status we understand: kept for admins, answered 200. */
export async function logInvalidWebhook(event: {
  kind: "inbound" | "status";
  messageUuid: string | null;
  rawBody: string;
  payload: unknown;
  reason: string;
}): Promise<{ id: number } | null> {
  const [row] = await getDb()
    .insert(webhookEvents)
    .values({
      kind: event.kind,
      messageUuid: event.messageUuid,
      rawBody: event.rawBody,
      payload: event.payload === undefined ? null : event.payload,
      outcome: "invalid",
      reason: event.reason,
      processedAt: sql`now()`,
    })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return row ?? null;
}

/**
 * Routing failed and the webhook answers 5xx, so Vonage retries; meanwhile admins see that it
 * failed and why. The row does not claim the message_uuid (only routed rows do), so the
 * retry can still be routed; one such row per message is enough, and none once the message
 * is in the log otherwise (its COMMIT went through but the answer was lost, or a concurrent
 * delivery of it landed).
 */
export async function logRoutingFailure(
  message: { messageUuid: string; ourNumber: string; theirNumber: string },
  rawBody: string,
  payload: unknown,
  error: unknown,
): Promise<void> {
  const reason = `Routing failed, Vonage will retry: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  await getDb().execute(sql`
    insert into ${webhookEvents} (kind, message_uuid, raw_body, payload, our_number, their_number, outcome, reason, processed_at)
    select 'inbound', ${message.messageUuid}, ${rawBody}, ${JSON.stringify(payload)}::jsonb, ${message.ourNumber}, ${message.theirNumber},
           'failed', ${reason}, now()
    where not exists (select 1 from ${webhookEvents} where message_uuid = ${message.messageUuid} and kind = 'inbound')`);
}

/** A status webhook, with what it did (applied, or kept until its message id is known). */
export async function logStatusEvent(
  tx: Executor,
  event: { messageUuid: string; rawBody: string; payload: unknown; applied: boolean; reason: string | null; messageId: number | null },
): Promise<void> {
  await tx.insert(webhookEvents).values({
    kind: "status",
    messageUuid: event.messageUuid,
    rawBody: event.rawBody,
    payload: event.payload,
    outcome: event.applied ? "status_applied" : "status_unknown",
    reason: event.reason,
    messageId: event.messageId,
    processedAt: sql`now()`,
  });
}

/** Status webhooks that came before the worker stored their message id, oldest first. */
export async function pendingStatusEvents(tx: Executor, messageUuid: string): Promise<Array<{ id: number; payload: unknown }>> {
  return tx
    .select({ id: webhookEvents.id, payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.messageUuid, messageUuid), eq(webhookEvents.outcome, "status_unknown")))
    .orderBy(webhookEvents.id);
}

export async function markStatusEventApplied(tx: Executor, id: number, { messageId, reason }: { messageId: number; reason: string | null }): Promise<void> {
  await tx
    .update(webhookEvents)
    .set({ outcome: "status_applied", reason, messageId, processedAt: sql`now()` })
    .where(eq(webhookEvents.id, id));
}
