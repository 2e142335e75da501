// SPEC §9 assignment: a case has at most one assignee, a user who may see its survey. Each
// change is one transaction with its history event, audit entry, `case.assigned` webhook and
// live update. Three ways in: someone assigns (`assignCase`), a first reply assigns
// (`assignOnFirstReply`, inside the reply's transaction), and losing access unassigns
// (`unassignWithoutAccess`, inside the access change's transaction).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { transaction, type Tx } from "@/lib/db/client";
import { caseEvents, cases, surveyAccess, surveys, users, type Case } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { userWhoMaySeeSurvey } from "@/lib/surveys/survey-users";
import { caseSummary } from "@/lib/webhooks/event-data";
import { emitWebhookEvent } from "@/lib/webhooks/outbox";
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
 * Inside the transaction that changed a user's role, access or active flag: their cases in
 * surveys they may no longer see become unassigned (SPEC §9), each with its history event.
 */
export async function unassignWithoutAccess(tx: Tx, actor: CurrentUser, userId: number): Promise<number> {
  const lost = await tx
    .select({ kase: cases, name: users.name, email: users.email })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.assigneeId))
    .where(
      and(
        eq(cases.assigneeId, userId),
        sql`not (${users.active} and (${users.role} in ('owner', 'admin')
          or exists (select 1 from ${surveyAccess} where ${surveyAccess.userId} = ${users.id} and ${surveyAccess.surveyId} = ${cases.surveyId})))`,
      ),
    )
    .for("update", { of: cases });
  for (const { kase, name, email } of lost) await applyAssignment(tx, actor, kase, null, "access_removed", { id: userId, name: name || email });
  return lost.length;
}

async function applyAssignment(
  tx: Tx,
  actor: CurrentUser,
  current: Case,
  to: AssigneeRef | null,
  reason: AssignReason,
  knownFrom?: AssigneeRef,
): Promise<void> {
  const from = current.assigneeId === null ? null : (knownFrom ?? (await userRef(tx, current.assigneeId)));
  await tx.update(cases).set({ assigneeId: to?.id ?? null, updatedAt: new Date() }).where(eq(cases.id, current.id));
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
