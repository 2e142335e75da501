// SPEC §13: the breach scan (system: the service-level worker runs it every 30 s). Open cases
// whose reply is due and whose breach was not notified yet are found through the partial
// index cases_breach_scan_idx — never by scanning cases — in batches, each batch ONE statement:
// mark them notified, write the history event sla_breached and the notifications (the
// assignee; an unassigned case: the owners and admins, who see every survey), and announce the
// change to the console. `for update skip locked`: two workers (two app instances) never take
// the same case, and a case marked by one is not seen as due by the other, so each breach is
// notified once. A new due time (a message after a reply) clears the mark: a new breach.
import "server-only";
import type postgres from "postgres";
import { getSql } from "@/lib/db/client";
import { announceNotifications, insertNotifications } from "@/lib/notifications/write";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";

export const BREACH_BATCH = 500;
/** NOTIFY payloads are at most 8,000 bytes: a change names at most this many cases. */
const IDS_PER_CHANGE = 400;

/**
 * The cases of one batch: due by `now`, not notified, oldest due first, locked — those another
 * scan holds are skipped. Written so the planner can use the partial index cases_breach_scan_idx
 * (its predicate appears as is); the benchmark EXPLAINs it.
 */
export function dueCases(sql: postgres.Sql, { now, limit }: { now: Date; limit: number }) {
  return sql`
    select c.id from cases c
    where c.response_due_at is not null and c.breach_notified_at is null and c.response_due_at <= ${now.toISOString()}::timestamptz and c.open
    order by c.response_due_at
    limit ${limit}
    for update of c skip locked`;
}

/** One batch's statement (the benchmark times it). */
export function breachBatchStatement(sql: postgres.Sql, { now, limit }: { now: Date; limit: number }) {
  const at = now.toISOString();
  const recipients = sql`
    select m.assignee_id as user_id, 'sla_breached'::notification_kind as kind, m.id as case_id,
           null::int as actor_user_id, null::bigint as message_id, null::bigint as note_id, m.data
    from marked m where m.assignee_id is not null
    union all
    select u.id, 'sla_breached'::notification_kind, m.id, null::int, null::bigint, null::bigint, m.data
    from marked m join users u on u.role in ('owner', 'admin') and u.active
    where m.assignee_id is null`;
  return sql<Array<{ breached: number; written: number }>>`
    with due as (${dueCases(sql, { now, limit })}), marked as (
      update cases c set breach_notified_at = ${at}::timestamptz
      from due where c.id = due.id
      returning c.id, c.survey_id, c.assignee_id,
                jsonb_build_object('kind', c.response_due_kind, 'dueAt', to_char(c.response_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as data
    ), history as (
      insert into case_events (case_id, type, data, at)
      select id, 'sla_breached', data, ${at}::timestamptz from marked
    ), n as (${insertNotifications(sql, recipients)}
    ), changes as (
      select count(pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', survey_id, 'caseIds', ids, 'kind', 'overdue')::text)) as sent
      from (
        select survey_id, json_agg(id order by id) as ids
        from (select survey_id, id, (row_number() over (partition by survey_id order by id) - 1) / ${IDS_PER_CHANGE} as part from marked) p
        group by survey_id, part
      ) g
    )
    select (select count(*)::int from marked) as breached, a.written, (select sent from changes) as changes
    from (${announceNotifications(sql, "n")}) a`;
}

/**
 * Notifies every breach due by `now` (injectable for tests), batch after batch, and returns
 * how many cases breached. Stops after `maxBatches` so one run never holds the worker long;
 * the next run goes on. `sql`: the pool (each batch commits on its own), or a transaction's
 * connection (the benchmark's, rolled back).
 */
export async function scanBreaches({
  now = new Date(),
  batchSize = BREACH_BATCH,
  maxBatches = 20,
  sql = getSql(),
}: { now?: Date; batchSize?: number; maxBatches?: number; sql?: postgres.Sql } = {}): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [row] = await breachBatchStatement(sql, { now, limit: batchSize });
    total += row?.breached ?? 0;
    if ((row?.breached ?? 0) < batchSize) break;
  }
  return total;
}
