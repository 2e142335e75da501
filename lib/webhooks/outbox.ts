// The outbox (SPEC §15): an event's deliveries — one row per active subscription to its
// type — are written by the transaction that makes the change, so an event is never lost
// and never sent for a change that was rolled back. The worker's relay hands them to the
// job queue after commit (./relay.ts), woken by the NOTIFY sent here (delivered on commit).
//
// Each helper is one statement. The inbound hot path puts the same insert inside its own
// statements as a data-modifying CTE (`insertDeliveries`), so webhooks cost it no round trip.
import "server-only";
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { Tx } from "@/lib/db/client";
import type { WebhookEventData, WebhookEventType, WebhookPayload } from "./event-types";

/** Wakes the relay when deliveries were written (else it polls). */
export const WEBHOOK_WAKE_CHANNEL = "caseline_webhooks";

type Sql = postgres.Sql;
type Fragment = postgres.PendingQuery<postgres.Row[]>;

export function webhookPayload<T extends WebhookEventType>(type: T, data: WebhookEventData<T>): WebhookPayload<T> {
  return { id: randomUUID(), type, createdAt: new Date().toISOString(), data };
}

/**
 * `insert into webhook_deliveries …` for one event: a row per active subscription to its
 * type, and a wake-up for the relay (PostgreSQL sends one NOTIFY per transaction for
 * identical ones, and none when no row was written). Usable alone or as a CTE; `payload` is
 * SQL giving the body as jsonb, and `from` adds relations it refers to.
 */
export function insertDeliveries(
  sql: Sql,
  { type, eventId, payload, theirNumber, from }: { type: WebhookEventType; eventId: string; payload: Fragment; theirNumber: string | null | Fragment; from?: Fragment },
): Fragment {
  return sql`
    insert into webhook_deliveries (subscription_id, event_id, event_type, payload, their_number)
    select s.id, ${eventId}, ${type}, ${payload}, ${theirNumber}
    from webhook_subscriptions s ${from ?? sql``}
    where s.active and ${type} = any(s.events)
    returning pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')`;
}

/** The event as jsonb, from its payload built here. */
export function payloadJson(sql: Sql, payload: WebhookPayload): Fragment {
  return sql`${JSON.stringify(payload)}::jsonb`;
}

/** Writes one event's deliveries in the caller's transaction. */
export async function emitWebhookEvent<T extends WebhookEventType>(
  tx: Tx,
  { type, data, theirNumber }: { type: T; data: WebhookEventData<T>; theirNumber: string | null },
): Promise<void> {
  const sql = tx.$client;
  const payload = webhookPayload(type, data);
  await insertDeliveries(sql, { type, eventId: payload.id, payload: payloadJson(sql, payload), theirNumber });
}

/** An ISO 8601 UTC time with milliseconds, as JavaScript's toISOString() writes it. */
export function isoTime(sql: Sql, column: Fragment): Fragment {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The `case` object of the case events (./event-types.ts), read in SQL from the cases row
 * aliased `alias`: for statements that change many cases and write an event per case.
 */
export function caseSummaryJson(sql: Sql, alias: string): Fragment {
  const c = sql(alias);
  return sql`jsonb_build_object('id', ${c}.id, 'surveyId', ${c}.survey_id, 'title', ${c}.title, 'status', ${c}.status, 'open', ${c}.open,
    'theirNumber', ${c}.their_number, 'ourNumber', ${c}.our_number, 'channel', ${c}.channel,
    'lastActivityAt', ${isoTime(sql, sql`${c}.last_activity_at`)})`;
}

/**
 * A message event (message.sent, message.status) whose data is read from the message row
 * in the same statement: `{ message, caseIds, surveyId }` as ./event-types.ts describes.
 */
export async function emitMessageEvent(tx: Tx, type: "message.sent" | "message.status" | "message.received", messageId: number): Promise<void> {
  const sql = tx.$client;
  const eventId = randomUUID();
  const createdAt = new Date().toISOString();
  const payload = sql`jsonb_build_object(
      'id', ${eventId}::text, 'type', ${type}::text, 'createdAt', ${createdAt}::text,
      'data', jsonb_build_object(
        'message', jsonb_build_object(
          'id', m.id, 'direction', m.direction, 'channel', m.channel, 'ourNumber', m.our_number,
          'theirNumber', m.their_number, 'type', m.message_type, 'text', m.text, 'status', m.status,
          'error', case when m.error_code is null and m.error_detail is null then null
                        else jsonb_build_object('code', m.error_code, 'detail', m.error_detail) end,
          'automatic', m.automatic, 'at', ${isoTime(sql, sql`m.at`)}),
        'caseIds', (select coalesce(jsonb_agg(cm.case_id order by cm.case_id), '[]'::jsonb) from case_messages cm where cm.message_id = m.id),
        'surveyId', (select c.survey_id from case_messages cm join cases c on c.id = cm.case_id where cm.message_id = m.id order by c.id limit 1)))`;
  await insertDeliveries(sql, {
    type,
    eventId,
    payload,
    theirNumber: sql`m.their_number`,
    from: sql`join messages m on m.id = ${messageId}`,
  });
}
