// SPEC §13 closing by time (system: the service-level worker runs it every 60 s). An open case
// of a survey with "close after N days" whose last message is older than N days is closed the
// way an edit closes it (lib/cases/update-case.ts): the status question's answer becomes the
// closing value, `open` false (the closed_at trigger clears its due time), with a history
// event "closed after N days without activity", the case.updated webhook and a live update.
// In batches, one statement each, through the index cases_survey_open_activity_idx.
import "server-only";
import { getSql, transaction } from "@/lib/db/client";
import { LOCK_SPACE } from "@/lib/db/locks";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";
import { caseSummaryJson, WEBHOOK_WAKE_CHANNEL } from "@/lib/webhooks/outbox";
import { autoCloseCutoff } from "./rules";

export const AUTO_CLOSE_BATCH = 500;

type SurveyToClose = { id: number; days: number };

/**
 * Closes every case past its survey's N days at `now` (injectable for tests), batch after
 * batch; returns how many were closed. At most `maxBatches` per survey per run.
 */
export async function closeIdleCases({ now = new Date(), batchSize = AUTO_CLOSE_BATCH, maxBatches = 20 } = {}): Promise<number> {
  const surveys = await getSql()<SurveyToClose[]>`
    select id, auto_close_days as days from surveys
    where auto_close_days is not null and status_question_id is not null and closing_value is not null`;
  let total = 0;
  for (const survey of surveys) {
    for (let i = 0; i < maxBatches; i++) {
      const closed = await closeBatch(survey, { now, limit: batchSize });
      total += closed;
      if (closed < batchSize) break;
    }
  }
  return total;
}

async function closeBatch(survey: SurveyToClose, { now, limit }: { now: Date; limit: number }): Promise<number> {
  const cutoff = autoCloseCutoff(survey.days, now).toISOString();
  const at = now.toISOString();
  return transaction(async (tx, finish) => {
    const sql = tx.$client;
    // As an edit does (lockSurveyForm): the case settings cannot change while cases close by them.
    await sql`select pg_advisory_xact_lock_shared(${LOCK_SPACE.caseSettings}, ${survey.id})`;
    const [row] = await finish(sql<Array<{ closed: number }>>`
      with s as (
        select s.id, s.closing_value, q.name as status_name, s.auto_close_days as days
        from surveys s join survey_questions q on q.id = s.status_question_id
        where s.id = ${survey.id} and s.auto_close_days = ${survey.days} and s.closing_value is not null
      ), idle as (
        -- The routing lock of the person's number, tried, not waited for: a message being
        -- routed to the case right now keeps it open (it is skipped this time), and a message
        -- arriving meanwhile waits for this commit, then finds the case closed.
        select c.id, c.status as previous_status from cases c join s on c.survey_id = s.id
        where c.open and c.last_activity_at < ${cutoff}::timestamptz
          and pg_try_advisory_xact_lock(${LOCK_SPACE.routing}, hashtext(coalesce(c.their_number, '')))
        order by c.last_activity_at, c.id
        limit ${limit}
        for update of c skip locked
      ), closed as (
        update cases c set answers = jsonb_set(c.answers, array[s.status_name], to_jsonb(s.closing_value)),
                           status = s.closing_value, open = false, updated_at = ${at}::timestamptz
        from idle, s where c.id = idle.id
        returning c.id, c.survey_id, c.title, c.status, c.open, c.their_number, c.our_number, c.channel, c.last_activity_at,
                  idle.previous_status, s.days, gen_random_uuid()::text as event_id
      ), history as (
        insert into case_events (case_id, type, data, at)
        select id, 'auto_closed', jsonb_build_object('days', days, 'status', status, 'from', previous_status), ${at}::timestamptz from closed
      ), deliveries as (
        -- The outbox (lib/webhooks/outbox.ts): case.updated as an edit that closes sends it.
        insert into webhook_deliveries (subscription_id, event_id, event_type, payload, their_number)
        select w.id, c.event_id, 'case.updated',
               jsonb_build_object('id', c.event_id, 'type', 'case.updated', 'createdAt', ${at}::text, 'data', jsonb_build_object(
                 'case', ${caseSummaryJson(sql, "c")},
                 'changedFields', jsonb_build_array('status', 'open'),
                 'previous', jsonb_build_object('title', c.title, 'status', c.previous_status, 'open', true))),
               c.their_number
        from closed c join webhook_subscriptions w on w.active and 'case.updated' = any(w.events)
        returning pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')
      ), changes as (
        select count(pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', survey_id, 'caseIds', ids, 'kind', 'status')::text)) as sent
        from (
          select survey_id, json_agg(id order by id) as ids
          from (select survey_id, id, (row_number() over (order by id) - 1) / 400 as part from closed) p
          group by survey_id, part
        ) g
      )
      select (select count(*)::int from closed) as closed, (select sent from changes) as changes, (select count(*) from deliveries) as hooks`);
    return row?.closed ?? 0;
  });
}
