// Edit a case (title, notes, answers with the status question) — SPEC §5: setting the
// status to the closing value closes it, another value reopens it. One transaction, with
// history events and a live-update notification.
import "server-only";
import { eq } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { transaction } from "@/lib/db/client";
import { caseEvents, cases } from "@/lib/db/schema";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { checkAnswers } from "@/lib/surveys/answers";
import { lockSurveyForm } from "@/lib/surveys/queries";
import { caseUpdatedData } from "@/lib/webhooks/event-data";
import { emitWebhookEvent } from "@/lib/webhooks/outbox";
import { changeAssignee, holdAssignee, NOT_ASSIGNABLE } from "./assign";
import { markReadChecked } from "./case-reads";
import { isOpen } from "./open-state";

export const MAX_TITLE = 200;
export const MAX_NOTES = 20_000;

export type CaseEdit = { title: string; notes: string; answers: Record<string, string | undefined> };
/**
 * A change of some fields only (the API's PATCH): what is left out keeps its current value,
 * read inside the transaction after the row lock, so a concurrent edit of another field is
 * never overwritten with a stale copy.
 */
export type CasePatch = { title?: string; notes?: string; answers?: Record<string, string | undefined>; assigneeId?: number | null };

export type UpdateResult = { ok: true; open: boolean } | { ok: false; fieldErrors: Record<string, string> };

export async function updateCase(
  actor: CurrentUser,
  { caseId, edit: change, partial = false }: { caseId: number; edit: CaseEdit; partial?: false } | { caseId: number; edit: CasePatch; partial: true },
): Promise<UpdateResult> {
  return transaction(async (tx) => {
    const assigneeId = partial ? (change as CasePatch).assigneeId : undefined;
    if (assigneeId) await holdAssignee(tx, assigneeId);
    // Row lock: two people saving the same case at once apply one after the other.
    const current = await requireVisibleCase(actor, caseId, { db: tx, lock: "update" });
    // Read under a share lock: case settings cannot change while this edit decides open/closed.
    const form = await lockSurveyForm(tx, current.surveyId);
    const edit: CaseEdit = partial ? completePatch(change, current) : (change as CaseEdit);

    const fieldErrors: Record<string, string> = {};
    const title = edit.title.replace(/\s+/g, " ").trim();
    if (!title) fieldErrors.title = "Give the case a title.";
    else if (title.length > MAX_TITLE) fieldErrors.title = `A title can be at most ${MAX_TITLE} characters.`;
    const notes = edit.notes.trim();
    if (notes.length > MAX_NOTES) fieldErrors.notes = `Notes can be at most ${MAX_NOTES} characters.`;
    const checked = checkAnswers(form.questions, edit.answers);
    if (!checked.ok) Object.assign(fieldErrors, checked.fieldErrors);
    if (Object.keys(fieldErrors).length || !checked.ok) return { ok: false, fieldErrors };
    // The API's PATCH may change the assignee with the rest, under the same lock, all or nothing.
    if (assigneeId !== undefined) {
      const assigned = await changeAssignee(tx, actor, current, assigneeId);
      if (!assigned) return { ok: false, fieldErrors: { assigneeId: NOT_ASSIGNABLE } };
    }

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
      events.push({ caseId, type: "status_changed", actorUserId: actor.id, data: { from: current.status, to: status } });
      if (current.open && !open) events.push({ caseId, type: "closed", actorUserId: actor.id, data: { status } });
      if (!current.open && open) events.push({ caseId, type: "reopened", actorUserId: actor.id, data: { status } });
    }
    if (changed.length) events.push({ caseId, type: "edited", actorUserId: actor.id, data: { fields: changed } });
    if (!events.length) return { ok: true, open };

    await tx.update(cases).set({ title, notes, answers, status, open, updatedAt: new Date() }).where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values(events);
    const diff = auditDiff(
      { title: current.title, notes: current.notes, answers: current.answers, open: current.open },
      { title, notes, answers, open },
    );
    if (diff) await recordAudit(tx, actor, { action: "case.updated", surveyId: current.surveyId, caseId, ...diff });
    await markReadChecked(tx, actor, caseId);
    const fields = changed.map((field) => (field === "title" || field === "notes" ? field : `answers.${field}`));
    if (status !== current.status) fields.push("status");
    if (open !== current.open) fields.push("open");
    await emitWebhookEvent(tx, { type: "case.updated", theirNumber: current.theirNumber, data: caseUpdatedData(current, { title, status, open }, fields) });
    await notifyCaseChange(tx, { surveyId: current.surveyId, caseIds: [caseId], kind: status !== current.status ? "status" : "edited" });
    return { ok: true, open };
  });
}

/** A patch made whole with the case's current values (answers as the form would send them). */
function completePatch(patch: CasePatch, current: { title: string; notes: string; answers: Record<string, unknown> }): CaseEdit {
  const currentAnswers = Object.fromEntries(
    Object.entries(current.answers).map(([name, value]) => [name, value === null || value === undefined ? undefined : String(value)]),
  );
  return {
    title: patch.title ?? current.title,
    notes: patch.notes ?? current.notes,
    answers: { ...currentAnswers, ...patch.answers },
  };
}
