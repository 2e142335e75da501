// "Unread" in the console: when each user last opened each case (case_reads).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb, type Executor } from "@/lib/db/client";
import { caseReads, cases, notifications } from "@/lib/db/schema";
import { NOTIFICATIONS_CHANNEL } from "@/lib/notifications/write";

/**
 * Inside a use case that has already checked the actor's access to the case (it runs in
 * that use case's transaction): the actor has now seen it.
 */
export async function markReadChecked(db: Executor, actor: CurrentUser, caseId: number): Promise<void> {
  await db
    .insert(caseReads)
    .values({ userId: actor.id, caseId })
    .onConflictDoUpdate({ target: [caseReads.userId, caseReads.caseId], set: { readAt: sql`now()` } });
}

/**
 * The actor opened the case: nothing happens for a case they may not see. Their notifications
 * about it are read too (SPEC §13), and their bells hear of it when there were any.
 */
export async function markCaseRead(actor: CurrentUser, caseId: number): Promise<void> {
  await getDb().execute(sql`
    with seen as (
      insert into ${caseReads} (user_id, case_id)
      select ${actor.id}, ${cases.id} from ${cases}
      where ${and(eq(cases.id, caseId), visibleSurveys(actor, cases.surveyId))}
      on conflict (user_id, case_id) do update set read_at = now()
      returning case_id
    ), notified as (
      update ${notifications} set read_at = now()
      where user_id = ${actor.id} and case_id in (select case_id from seen) and read_at is null
      returning id
    )
    select pg_notify(${NOTIFICATIONS_CHANNEL}, ${String(actor.id)}) where exists (select 1 from notified)`);
}
