// Edit a case (title, notes, answers with the status question) — SPEC §5: setting the
// status to the closing value closes it, another value reopens it. One transaction, with
// history events and a live-update notification.
import { eq, sql } from "drizzle-orm";
import { canSeeSurvey, type CurrentUser } from "@/lib/auth/access";
import { getDb, type Transaction } from "@/lib/db/client";
import { caseEvents, caseReads, cases } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { CHANGES_CHANNEL, changePayload } from "@/lib/realtime/channel";
import { checkAnswers } from "@/lib/surveys/answers";
import { getSurveyForm } from "@/lib/surveys/queries";
import { isOpen } from "./open-state";

export const MAX_TITLE = 200;
export const MAX_NOTES = 20_000;

export type CaseEdit = { title: string; notes: string; answers: Record<string, string | undefined> };

export type UpdateResult = { ok: true; open: boolean } | { ok: false; fieldErrors: Record<string, string> };

export async function updateCase({ user, caseId, edit }: { user: CurrentUser; caseId: number; edit: CaseEdit }): Promise<UpdateResult> {
  // Access is checked before the transaction, so it never waits for a second pooled
  // connection while holding one.
  const { surveyId } = await checkCaseAccess({ user, caseId });
  return getDb().transaction(async (tx) => {
    // Row lock: two people saving the same case at once apply one after the other.
    const [current] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update").limit(1);
    if (!current || current.surveyId !== surveyId) throw new AppError("not_found", "Case not found.");
    // Read under a share lock: case settings cannot change while this edit decides open/closed.
    const form = await getSurveyForm({ surveyId }, tx);
    if (!form) throw new AppError("not_found", "Case not found.");

    const fieldErrors: Record<string, string> = {};
    const title = edit.title.replace(/\s+/g, " ").trim();
    if (!title) fieldErrors.title = "Give the case a title.";
    else if (title.length > MAX_TITLE) fieldErrors.title = `A title can be at most ${MAX_TITLE} characters.`;
    const notes = edit.notes.trim();
    if (notes.length > MAX_NOTES) fieldErrors.notes = `Notes can be at most ${MAX_NOTES} characters.`;
    const checked = checkAnswers(form.questions, edit.answers);
    if (!checked.ok) Object.assign(fieldErrors, checked.fieldErrors);
    if (Object.keys(fieldErrors).length || !checked.ok) return { ok: false, fieldErrors };

    const answers = { ...current.answers, ...checked.answers };
    const status = form.statusQuestionName ? ((answers[form.statusQuestionName] as string | null | undefined) ?? null) : current.status;
    const open = isOpen(form, status);

    const changed = [
      ...(title !== current.title ? ["title"] : []),
      ...(notes !== current.notes ? ["notes"] : []),
      ...form.questions
        .filter((q) => q.name !== form.statusQuestionName && q.name in checked.answers)
        .filter((q) => (current.answers[q.name] ?? null) !== (checked.answers[q.name] ?? null))
        .map((q) => q.name),
    ];
    const events: Array<typeof caseEvents.$inferInsert> = [];
    if (status !== current.status) {
      events.push({ caseId, type: "status_changed", actorUserId: user.id, data: { from: current.status, to: status } });
      if (current.open && !open) events.push({ caseId, type: "closed", actorUserId: user.id, data: { status } });
      if (!current.open && open) events.push({ caseId, type: "reopened", actorUserId: user.id, data: { status } });
    }
    if (changed.length) events.push({ caseId, type: "edited", actorUserId: user.id, data: { fields: changed } });
    if (!events.length) return { ok: true, open };

    await tx.update(cases).set({ title, notes, answers, status, open, updatedAt: new Date() }).where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values(events);
    await markRead(tx, user.id, caseId);
    await tx.execute(
      sql`select pg_notify(${CHANGES_CHANNEL}, ${changePayload({ surveyId: current.surveyId, caseIds: [caseId], kind: status !== current.status ? "status" : "edited" })})`,
    );
    return { ok: true, open };
  });
}

/** The case's survey, or a 404 for a case that is missing or not the user's to see. */
export async function checkCaseAccess({ user, caseId }: { user: CurrentUser; caseId: number }): Promise<{ surveyId: number }> {
  const [row] = await getDb().select({ surveyId: cases.surveyId }).from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!row || !(await canSeeSurvey({ user, surveyId: row.surveyId }))) throw new AppError("not_found", "Case not found.");
  return { surveyId: row.surveyId };
}

type Tx = Transaction;

export async function markRead(tx: Tx | ReturnType<typeof getDb>, userId: number, caseId: number): Promise<void> {
  await tx
    .insert(caseReads)
    .values({ userId, caseId })
    .onConflictDoUpdate({ target: [caseReads.userId, caseReads.caseId], set: { readAt: sql`now()` } });
}

export async function markCaseRead({ user, caseId }: { user: CurrentUser; caseId: number }): Promise<void> {
  await markRead(getDb(), user.id, caseId);
}

