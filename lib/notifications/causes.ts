// Who is notified of what (SPEC §13), as the recipient SELECTs that insertNotifications
// (./write.ts) turns into rows inside the statement of each cause. Each one names only users
// who may see the case:
//   - assigned: the new assignee (an assignee is always a user who may see the survey: the
//     assignment checks it, and losing access unassigns);
//   - mentioned: the users a note mentions (only users who may see the case can be mentioned);
//   - new_message: the assignee of each case an inbound message was added to.
// The actor (never notified) and inactive users (never notified) are filtered by write.ts.
import "server-only";
import type postgres from "postgres";

type Sql = postgres.Sql;

/** The new assignee of a case, told by whoever assigned it (none when unassigned). */
export function assignedRecipients(sql: Sql, { caseId, assigneeId, actorId }: { caseId: number; assigneeId: number | null; actorId: number }) {
  return sql`
    select u.id as user_id, 'assigned'::notification_kind as kind, ${caseId}::bigint as case_id, ${actorId}::int as actor_user_id,
           null::bigint as message_id, null::bigint as note_id, null::jsonb as data
    from users u where u.id = ${assigneeId}::int`;
}

/** The users of CTE `mentioned` (a `user_id` column: the note's stored mentions). */
export function mentionedRecipients(sql: Sql, mentioned: string, { caseId, noteId, actorId }: { caseId: number; noteId: number; actorId: number }) {
  return sql`
    select m.user_id, 'mentioned'::notification_kind as kind, ${caseId}::bigint as case_id, ${actorId}::int as actor_user_id,
           null::bigint as message_id, ${noteId}::bigint as note_id, null::jsonb as data
    from ${sql(mentioned)} m`;
}

/** The assignee of each of these cases, told of an inbound message added to it. */
export function newMessageRecipients(sql: Sql, { caseIds, messageId }: { caseIds: readonly number[]; messageId: number }) {
  return sql`
    select c.assignee_id as user_id, 'new_message'::notification_kind as kind, c.id as case_id, null::int as actor_user_id,
           ${messageId}::bigint as message_id, null::bigint as note_id, null::jsonb as data
    from cases c where c.id = any(${caseIds as number[]}::bigint[]) and c.assignee_id is not null`;
}
