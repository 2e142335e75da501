// The one way notifications are written (SPEC §13): as SQL inside the transaction of what
// caused them (an assignment, a note, an inbound message, a breach), so a notification exists
// exactly when its cause was committed, and the hot path pays no extra round trip.
//
// Rules kept here, for every cause alike:
//   - never for the user who acted (actor_user_id);
//   - only to active users (deactivated users get nothing);
//   - email wanted (email_state 'pending') when the user has email notifications on; the
//     email relay (worker) hands pending ones to the job queue;
//   - each recipient's bell hears of it on commit (NOTIFY on NOTIFICATIONS_CHANNEL, payload
//     the user id), and the email relay is woken (NOTIFICATION_EMAIL_WAKE_CHANNEL).
// Whether a recipient may see the case is the caller's to decide in `recipients` (assignees
// and mentioned users may by construction; the breach scan's admins see every case).
import "server-only";
import type postgres from "postgres";

export const NOTIFICATIONS_CHANNEL = "caseline_notifications";
export const NOTIFICATION_EMAIL_WAKE_CHANNEL = "caseline_notification_emails";

/**
 * A data-modifying CTE body: `with n as (${insertNotifications(sql, recipients)}) select …`.
 * `recipients` is a SELECT of the columns
 *   user_id, kind (notification_kind), case_id, actor_user_id, message_id, note_id, data (jsonb)
 * (any of the last four may be null, cast to their types). Returns the inserted rows' id and user_id.
 */
export function insertNotifications(sql: postgres.Sql, recipients: postgres.PendingQuery<postgres.Row[]>) {
  return sql`
    insert into notifications (user_id, kind, case_id, actor_user_id, message_id, note_id, data, email_state)
    select r.user_id, r.kind, r.case_id, r.actor_user_id, r.message_id, r.note_id, coalesce(r.data, '{}'::jsonb),
           case when u.email_notifications then 'pending'::notification_email_state end
    from (${recipients}) r
    join users u on u.id = r.user_id and u.active
    where r.user_id is distinct from r.actor_user_id
    returning id, user_id, email_state`;
}

/**
 * The SELECT that announces the rows of CTE `cte` (made by insertNotifications) on commit:
 * one NOTIFY per recipient, and one wake-up of the email relay when any email is pending.
 * Returns a single row with the number of notifications written.
 */
export function announceNotifications(sql: postgres.Sql, cte: string) {
  const name = sql(cte);
  return sql`
    select (select count(*)::int from ${name}) as written,
           (select count(*) from (select pg_notify(${NOTIFICATIONS_CHANNEL}, u.user_id::text) from (select distinct user_id from ${name}) u) x) as announced,
           (select count(*) from (select pg_notify(${NOTIFICATION_EMAIL_WAKE_CHANNEL}, '') where exists (select 1 from ${name} where email_state = 'pending')) y) as woken`;
}
