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
import { notifyCaseChange } from "@/lib/realtime/channel";
import { lastInboundAt } from "./last-inbound";
import { attachUpload, captionText, checkAttachable, type Attachment } from "./reply-media";
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
  /** SPEC §11: an upload of the actor's sent with the reply; the message, if any, is its caption. */
  mediaId?: number;
};

export async function queueReply(
  actor: CurrentUser,
  { caseId, message, idempotencyKey, sendOutsideWindow = false, mediaId }: ReplyInput,
): Promise<QueueReplyResult> {
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new AppError("bad_request", "The request has no valid idempotency key: reload the page and try again.");
  const kase = await requireVisibleCase(actor, caseId);

  const text = mediaId === undefined ? replyText(message, caseId) : captionText(message, caseId);
  const earlier = await findByKey(idempotencyKey, caseId, text, mediaId ?? null);
  if (earlier) return earlier;

  const { theirNumber, ourNumber, channel } = kase;
  if (!theirNumber || !ourNumber || !channel) {
    throw new AppError("bad_request", "This case did not come from a message conversation, so there is no number to reply to.");
  }
  let attachment: Attachment | null = null;
  if (mediaId !== undefined) {
    try {
      attachment = await checkAttachable(actor, { fileId: mediaId, channel, caption: text });
    } catch (error) {
      // Attached meanwhile by the same reply (a retried request with this key): that reply is the answer.
      const raced = await findByKey(idempotencyKey, caseId, text, mediaId);
      if (raced) return raced;
      throw error;
    }
  } else {
    const problem = checkReplyMessage(message, caseId, channel);
    if (problem) throw new AppError("bad_request", problem);
  }

  if (channel === "whatsapp" && !sendOutsideWindow) {
    const last = await lastInboundAt(theirNumber, ourNumber);
    if (!whatsappWindow(last, new Date()).open) return { status: "outside_window", lastInboundAt: last?.toISOString() ?? null };
  }

  const stored = await transaction(async (tx) => {
    // SPEC §9 "first reply assigns" is decided under the case's row lock, so two first replies
    // at once assign it once. Taken first: after the inserts below (whose foreign keys share-lock
    // the case) two replies would each wait for the other.
    if (kase.assigneeId === null) await holdAssignee(tx, actor.id);
    const locked = kase.assigneeId === null ? await requireVisibleCase(actor, caseId, { db: tx, lock: "update" }) : null;
    const [inserted] = await tx
      .insert(messages)
      .values({
        direction: "outbound",
        channel,
        ourNumber,
        theirNumber,
        text,
        ...(attachment ? { messageType: attachment.kind, media: attachment.media } : {}),
        status: "queued",
        idempotencyKey,
        sentBy: actor.id,
        at: sql`now()`,
      })
      .onConflictDoNothing({ target: messages.idempotencyKey })
      .returning({ id: messages.id });
    // The same key committed by a concurrent request in the meantime.
    if (!inserted) return null;
    if (attachment) await attachUpload(tx, actor, attachment.fileId, inserted.id);
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
    await recordAudit(tx, actor, { action: "reply.queued", surveyId: kase.surveyId, caseId, after: { messageId: inserted.id, channel, ...(attachment ? { mediaId: attachment.fileId } : {}) } });
    await notifyCaseChange(tx, { surveyId: kase.surveyId, caseIds: [caseId], kind: "message" });
    return inserted.id;
  });
  if (stored !== null) return { status: "queued", messageId: stored, duplicate: false };
  const raced = await findByKey(idempotencyKey, caseId, text, mediaId ?? null);
  if (!raced) throw new AppError("conflict", "This reply could not be stored: try again.");
  return raced;
}

async function findByKey(idempotencyKey: string, caseId: number, text: string | null, mediaId: number | null): Promise<QueueReplyResult | null> {
  const [row] = await getDb()
    .select({
      id: messages.id,
      text: messages.text,
      inCase: sql<boolean>`exists (select 1 from ${caseMessages} where ${and(eq(caseMessages.messageId, messages.id), eq(caseMessages.caseId, caseId))})`,
      // Written out: drizzle leaves columns unqualified here, and media_files has an "id" too.
      mediaId: sql<number | null>`(select f.id::int from media_files f where f.message_id = "messages"."id")`,
    })
    .from(messages)
    .where(eq(messages.idempotencyKey, idempotencyKey))
    .limit(1);
  if (!row) return null;
  // A key is one reply: the same text (and file) to the same case. Anything else is not a
  // resend, and answering "sent" would hide that the new text never went out.
  if (!row.inCase || row.text !== text || row.mediaId !== mediaId) {
    const what = row.mediaId !== mediaId ? "a different file" : "different text";
    throw new AppError("conflict", `This reply was already sent with ${what}. Close the dialog and send the new one as a new reply.`);
  }
  return { status: "queued", messageId: row.id, duplicate: true };
}
