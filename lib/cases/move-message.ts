// SPEC §5 "Move a message to its own case": in one transaction the message leaves this case,
// a new case of the same survey, their-number, our-number and channel is created with it —
// its title from that message, its notes holding the comment — and both cases record the
// move. The message stays in any other case it was in.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { transaction } from "@/lib/db/client";
import { caseEvents, caseMessages, cases, messages } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { lockSurveyForm } from "@/lib/surveys/queries";
import { caseSummary, caseUpdatedData } from "@/lib/webhooks/event-data";
import { emitWebhookEvent } from "@/lib/webhooks/outbox";
import { markReadChecked } from "./case-reads";
import { isOpen } from "./open-state";
import { caseTitle } from "./titles";

export const MAX_MOVE_COMMENT = 2_000;

export async function moveMessageToNewCase(
  actor: CurrentUser,
  { caseId, messageId, comment }: { caseId: number; messageId: number; comment: string },
): Promise<{ newCaseId: number }> {
  const note = comment.trim();
  if (note.length > MAX_MOVE_COMMENT) throw new AppError("bad_request", `The comment can be at most ${MAX_MOVE_COMMENT} characters.`);
  return transaction(async (tx) => {
    const from = await requireVisibleCase(actor, caseId, { db: tx, lock: "update" });
    const form = await lockSurveyForm(tx, from.surveyId);

    const [message] = await tx
      .select({ id: messages.id, direction: messages.direction, text: messages.text, messageType: messages.messageType })
      .from(caseMessages)
      .innerJoin(messages, eq(messages.id, caseMessages.messageId))
      .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.messageId, messageId)))
      .limit(1);
    if (!message) throw new AppError("conflict", "That message is no longer in this case.");
    if (message.direction !== "inbound") throw new AppError("bad_request", "Only messages from the person can be moved to a case of their own.");

    const status = form.statusQuestionName ? form.defaultStatus : null;
    const [created] = await tx
      .insert(cases)
      .values({
        surveyId: from.surveyId,
        theirNumber: from.theirNumber,
        ourNumber: from.ourNumber,
        channel: from.channel,
        title: caseTitle(message.text, message.messageType),
        notes: note,
        status,
        answers: status !== null && form.statusQuestionName ? { [form.statusQuestionName]: status } : {},
        open: isOpen(form, status),
        messageCount: 1,
        createdBy: actor.id,
      })
      .returning();
    const newCaseId = created!.id;

    await tx.delete(caseMessages).where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.messageId, messageId)));
    await tx.insert(caseMessages).values({ caseId: newCaseId, messageId });
    await tx
      .update(cases)
      .set({ messageCount: sql`greatest(${cases.messageCount} - 1, 0)`, updatedAt: new Date() })
      .where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values([
      { caseId, type: "moved_to", messageId, actorUserId: actor.id, data: { caseId: newCaseId, comment: note } },
      { caseId: newCaseId, type: "moved_from", messageId, actorUserId: actor.id, data: { caseId, comment: note } },
    ]);
    await recordAudit(tx, actor, {
      action: "case.message_moved",
      surveyId: from.surveyId,
      caseId,
      after: { messageId, newCaseId, comment: note },
    });
    await markReadChecked(tx, actor, newCaseId);
    await emitWebhookEvent(tx, {
      type: "case.created",
      theirNumber: from.theirNumber,
      data: { case: caseSummary(created!), cause: "moved", messageId, fromCaseId: caseId },
    });
    await emitWebhookEvent(tx, { type: "case.updated", theirNumber: from.theirNumber, data: caseUpdatedData(from, {}, ["messages"]) });
    await notifyCaseChange(tx, { surveyId: from.surveyId, caseIds: [caseId, newCaseId], kind: "moved" });
    return { newCaseId };
  });
}
