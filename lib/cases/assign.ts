// SPEC §9 assignment: a case has at most one assignee, a user who may see its survey. Each
// change is one transaction with its history event, audit entry, `case.assigned` webhook and
// live update. Three ways in: someone assigns (`assignCase`), a first reply assigns
// (`assignOnFirstReply`, inside the reply's transaction), and losing access unassigns
// (`unassignWithoutAccess`, inside the access change's transaction).
import "server-only";
import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { transaction, type Tx } from "@/lib/db/client";
import { caseEvents, surveys, users, type Case } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { assignedRecipients } from "@/lib/notifications/causes";
import { announceNotifications, insertNotifications } from "@/lib/notifications/write";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { userWhoMaySeeSurvey } from "@/lib/surveys/survey-users";
import { caseSummary } from "@/lib/webhooks/event-data";
import { caseSummaryJson, emitWebhookEvent, WEBHOOK_WAKE_CHANNEL } from "@/lib/webhooks/outbox";
import { assignedEventData, firstReplyAssignee, type AssigneeRef, type AssignReason } from "./assign-rules";

export type AssignResult = { assignee: AssigneeRef | null; changed: boolean };

/** Gives the case to `assigneeId` (null: unassigned). The assignee must be able to see the case. */
export async function assignCase(actor: CurrentUser, { caseId, assigneeId }: { caseId: number; assigneeId: number | null }): Promise<AssignResult> {
  return transaction(async (tx) => {
    if (assigneeId !== null) await holdAssignee(tx, assigneeId);
    // Row lock: two people assigning at once apply one after the other, each with its event.
    const current = await requireVisibleCase(actor, caseId, { db: tx, lock: "update" });
    const result = await changeAssignee(tx, actor, current, assigneeId);
    if (!result) throw new AppError("bad_request", NOT_ASSIGNABLE);
    return result;
  });
}

/**
 * Before the case's row lock, in any transaction that may assign `userId`: a share lock on the
 * user's row. An access change (lib/users/admin.ts) locks that row for update before it
 * unassigns, so the two take turns in one order — user, then case — and an assignment can
 * neither slip in after the unassigning read nor deadlock with it. The check that the user may
 * see the survey then runs after this lock, on what the access change committed.
 */
export async function holdAssignee(tx: Tx, userId: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("share");
}

export const NOT_ASSIGNABLE = "That user cannot be assigned: they are not an active user who may see this survey.";

/**
 * Inside a transaction holding the case's row lock (assignCase, a PATCH of several fields):
 * the change, or null when the user may not be assigned (nothing written).
 */
export async function changeAssignee(tx: Tx, actor: CurrentUser, current: Case, assigneeId: number | null): Promise<AssignResult | null> {
  const to = assigneeId === null ? null : await userWhoMaySeeSurvey(current.surveyId, assigneeId, tx);
  if (assigneeId !== null && !to) return null;
  if ((to?.id ?? null) === current.assigneeId) return { assignee: to, changed: false };
  await applyAssignment(tx, actor, current, to, "manual");
  return { assignee: to, changed: true };
}

/**
 * Inside a reply's transaction, with the case row locked: assigns an unassigned case to the
 * replier when its survey says "first reply assigns". Returns whether it did.
 */
export async function assignOnFirstReply(tx: Tx, actor: CurrentUser, current: Case): Promise<boolean> {
  if (current.assigneeId !== null) return false;
  const [survey] = await tx.select({ firstReplyAssigns: surveys.firstReplyAssigns }).from(surveys).where(eq(surveys.id, current.surveyId));
  if (!survey || firstReplyAssignee(survey, current, actor) === null) return false;
  await applyAssignment(tx, actor, current, { id: actor.id, name: actor.name || actor.email }, "first_reply");
  return true;
}

/**
 * Inside the transaction that changed a user's role, access or active flag (which holds the
 * user's row): their cases in surveys they may no longer see become unassigned (SPEC §9), each
 * with its history event, audit entry and `case.assigned` webhook — as one statement, since a
 * user may hold thousands of cases from years of first replies.
 */
export async function unassignWithoutAccess(tx: Tx, actor: CurrentUser, userId: number): Promise<number> {
  const q = tx.$client;
  const createdAt = new Date().toISOString();
  const bySurvey = (await q`
    with lost as (
      select c.id from cases c join users u on u.id = c.assignee_id
      where c.assignee_id = ${userId}
        and not (u.active and (u.role in ('owner', 'admin')
          or exists (select 1 from survey_access a where a.user_id = u.id and a.survey_id = c.survey_id)))
      for update of c
    ), cleared as (
      update cases c set assignee_id = null, updated_at = now() from lost where c.id = lost.id
      returning c.id, c.survey_id, c.title, c.status, c.open, c.their_number, c.our_number, c.channel, c.last_activity_at,
                gen_random_uuid()::text as event_id
    ), former as (
      select jsonb_build_object('id', u.id, 'name', coalesce(nullif(u.name, ''), u.email)) as ref from users u where u.id = ${userId}
    ), events as (
      insert into case_events (case_id, type, actor_user_id, data)
      select c.id, 'assigned', ${actor.id}, jsonb_build_object('from', f.ref, 'to', null, 'reason', 'access_removed')
      from cleared c cross join former f
    ), audit as (
      insert into audit_log (actor_user_id, actor_token_id, action, survey_id, case_id, before, after)
      select ${actor.id}, ${actor.tokenId ?? null}, 'case.assigned', c.survey_id, c.id,
             jsonb_build_object('assigneeId', ${userId}::int), jsonb_build_object('assigneeId', null, 'reason', 'access_removed')
      from cleared c
    ), deliveries as (
      -- The outbox (lib/webhooks/outbox.ts): one row per active subscription to the event,
      -- the payload as ./event-types.ts describes case.assigned.
      insert into webhook_deliveries (subscription_id, event_id, event_type, payload, their_number)
      select s.id, c.event_id, 'case.assigned',
             jsonb_build_object('id', c.event_id, 'type', 'case.assigned', 'createdAt', ${createdAt}::text, 'data', jsonb_build_object(
               'case', ${caseSummaryJson(q, "c")},
               'assigneeId', null, 'previousAssigneeId', ${userId}::int)),
             c.their_number
      from cleared c join webhook_subscriptions s on s.active and 'case.assigned' = any(s.events)
      returning pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')
    )
    select survey_id, array_agg(id order by id) as ids from cleared group by survey_id`) as unknown as Array<{ survey_id: number; ids: Array<string | number> }>;
  let count = 0;
  for (const { survey_id: surveyId, ids } of bySurvey) {
    count += ids.length;
    // NOTIFY payloads are at most 8,000 bytes: the ids go in slices.
    for (let i = 0; i < ids.length; i += 400) {
      await notifyCaseChange(tx, { surveyId: Number(surveyId), caseIds: ids.slice(i, i + 400).map(Number), kind: "assigned" });
    }
  }
  return count;
}

async function applyAssignment(
  tx: Tx,
  actor: CurrentUser,
  current: Case,
  to: AssigneeRef | null,
  reason: AssignReason,
): Promise<void> {
  const from = current.assigneeId === null ? null : await userRef(tx, current.assigneeId);
  // The assignee's notification (SPEC §13) is written by the same statement as the change.
  const q = tx.$client;
  await q`
    with moved as (
      update cases set assignee_id = ${to?.id ?? null}, updated_at = now() where id = ${current.id}
    ), n as (${insertNotifications(q, assignedRecipients(q, { caseId: current.id, assigneeId: to?.id ?? null, actorId: actor.id }))})
    ${announceNotifications(q, "n")}`;
  await tx.insert(caseEvents).values({ caseId: current.id, type: "assigned", actorUserId: actor.id, data: assignedEventData(from, to, reason) });
  await recordAudit(tx, actor, {
    action: "case.assigned",
    surveyId: current.surveyId,
    caseId: current.id,
    before: { assigneeId: current.assigneeId },
    after: { assigneeId: to?.id ?? null, ...(reason === "manual" ? {} : { reason }) },
  });
  await emitWebhookEvent(tx, {
    type: "case.assigned",
    theirNumber: current.theirNumber,
    data: { case: caseSummary(current), assigneeId: to?.id ?? null, previousAssigneeId: current.assigneeId },
  });
  await notifyCaseChange(tx, { surveyId: current.surveyId, caseIds: [current.id], kind: "assigned" });
}

async function userRef(tx: Tx, userId: number): Promise<AssigneeRef> {
  const [row] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return { id: userId, name: row ? row.name || row.email : "" };
}
