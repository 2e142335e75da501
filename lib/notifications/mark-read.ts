// Marking notifications read (SPEC §13): one, all, or all of a case when its user opens it.
// Each change is announced to the user's other tabs (NOTIFY on NOTIFICATIONS_CHANNEL) so every
// bell shows the same count.
import "server-only";
import type { CurrentUser } from "@/lib/auth/access";
import { getSql } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { NOTIFICATIONS_CHANNEL } from "./write";

/**
 * One of the actor's notifications; another user's (or a missing one) answers 404 and
 * changes nothing. Reading one already read changes nothing and succeeds.
 */
export async function markNotificationRead(actor: CurrentUser, notificationId: number): Promise<void> {
  const sql = getSql();
  const [row] = await sql<Array<{ id: string }>>`
    with mine as (
      select id, read_at from notifications where id = ${notificationId} and user_id = ${actor.id}
    ), marked as (
      update notifications n set read_at = now() from mine where n.id = mine.id and mine.read_at is null
      returning n.id, pg_notify(${NOTIFICATIONS_CHANNEL}, ${String(actor.id)})
    )
    select id::text from mine`;
  if (!row) throw new AppError("not_found", "Notification not found.");
}

/** Every unread notification of the actor; returns how many were marked. */
export async function markAllNotificationsRead(actor: CurrentUser): Promise<number> {
  const sql = getSql();
  const [row] = await sql<Array<{ marked: number }>>`
    with marked as (
      update notifications set read_at = now() where user_id = ${actor.id} and read_at is null returning id
    )
    select count(*)::int as marked,
           (select pg_notify(${NOTIFICATIONS_CHANNEL}, ${String(actor.id)}) where exists (select 1 from marked)) as announced
    from marked`;
  return row?.marked ?? 0;
}
