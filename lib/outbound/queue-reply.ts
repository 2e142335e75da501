// SPEC §4: a staff reply from a case. The message (status queued) and its send job are
// stored in one transaction; the client's idempotency key makes a double click or a
// retried request store — and so send — one message.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { assignOnFirstReply, holdAssignee } from "@/lib/cases/assign";
import { caseEvents, caseMessages, cases, messages } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { enqueueSend } from "@/lib/jobs/send-queue";
import { assertMaySend } from "@/lib/optout/suppression";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { lastInboundAt } from "./last-inbound";
import { checkReplyMessage, replyText } from "./reply-text";
import { whatsappWindow } from "./whatsapp-window";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;

export type QueueReplyResult =
  | { status: "queued"; messageId: number; duplicate: boolean }
  /** WhatsApp outside the 24-hour window: nothing stored; ask before sending anyway. */
  | { status: "outside_window"; lastInboundAt: string | null };

export type ReplyInput = {
  caseId: number;
  message: string;
  idempotencyKey: string;
  sendOutsideWindow?: boolean;
};

export async function queueReply(
  actor: CurrentUser,
  { caseId, message, idempotencyKey, sendOutsideWindow = false }: ReplyInput,
): Promise<QueueReplyResult> {
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new AppError("bad_request", "The request has no valid idempotency key: reload the page and try again.");
  const kase = await requireVisibleCase(actor, caseId);

  const earlier = await findByKey(idempotencyKey, caseId, replyText(message, caseId));
  if (earlier) return earlier;

  const { theirNumber, ourNumber, channel } = kase;
  if (!theirNumber || !ourNumber || !channel) {
    throw new AppError("bad_request", "This case did not come from a message conversation, so there is no number to reply to.");
  }
  const problem = checkReplyMessage(message, caseId, channel);
  if (problem) throw new AppError("bad_request", problem);
  // SPEC §12: refused before anything is stored (409 with the reason). A STOP landing between
  // this check and the commit is caught by the send worker, which checks again.
  await assertMaySend(ourNumber, theirNumber);

  if (channel === "whatsapp" && !sendOutsideWindow) {
    const last = await lastInboundAt(theirNumber, ourNumber);
    if (!whatsappWindow(last, new Date()).open) return { status: "outside_window", lastInboundAt: last?.toISOString() ?? null };
  }

  const text = replyText(message, caseId);
  const stored = await transaction(async (tx) => {
    // SPEC §9 "first reply assigns" is decided under the case's row lock, so two first replies
    // at once assign it once. Taken first: after the inserts below (whose foreign keys share-lock
    // the case) two replies would each wait for the other.
    if (kase.assigneeId === null) await holdAssignee(tx, actor.id);
    const locked = kase.assigneeId === null ? await requireVisibleCase(actor, caseId, { db: tx, lock: "update" }) : null;
    const [inserted] = await tx
      .insert(messages)
      .values({ direction: "outbound", channel, ourNumber, theirNumber, text, status: "queued", idempotencyKey, sentBy: actor.id, at: sql`now()` })
      .onConflictDoNothing({ target: messages.idempotencyKey })
      .returning({ id: messages.id });
    // The same key committed by a concurrent request in the meantime.
    if (!inserted) return null;
    await tx.insert(caseMessages).values({ caseId, messageId: inserted.id });
    await tx.insert(caseEvents).values({ caseId, type: "message_added", messageId: inserted.id, actorUserId: actor.id, data: { reply: true } });
    await tx
      .update(cases)
      .set({ messageCount: sql`${cases.messageCount} + 1`, lastActivityAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(cases.id, caseId));
    await enqueueSend(tx, inserted.id);
    if (locked) await assignOnFirstReply(tx, actor, locked);
    // Which message, not its text: the text is in the case already, and a second copy in the
    // audit log would be one more place a person's conversation has to be erased from.
    await recordAudit(tx, actor, { action: "reply.queued", surveyId: kase.surveyId, caseId, after: { messageId: inserted.id, channel } });
    await notifyCaseChange(tx, { surveyId: kase.surveyId, caseIds: [caseId], kind: "message" });
    return inserted.id;
  });
  if (stored !== null) return { status: "queued", messageId: stored, duplicate: false };
  const raced = await findByKey(idempotencyKey, caseId, text);
  if (!raced) throw new AppError("conflict", "This reply could not be stored: try again.");
  return raced;
}

async function findByKey(idempotencyKey: string, caseId: number, text: string): Promise<QueueReplyResult | null> {
  const [row] = await getDb()
    .select({
      id: messages.id,
      text: messages.text,
      inCase: sql<boolean>`exists (select 1 from ${caseMessages} where ${and(eq(caseMessages.messageId, messages.id), eq(caseMessages.caseId, caseId))})`,
    })
    .from(messages)
    .where(eq(messages.idempotencyKey, idempotencyKey))
    .limit(1);
  if (!row) return null;
  // A key is one reply: the same text to the same case. Anything else is not a resend, and
  // answering "sent" would hide that the new text never went out.
  if (!row.inCase || row.text !== text) {
    throw new AppError("conflict", "This reply was already sent with different text. Close the dialog and send the new text as a new reply.");
  }
  return { status: "queued", messageId: row.id, duplicate: true };
}
