// SPEC §4: a staff reply from a case. The message (status queued) and its send job are
// stored in one transaction; the client's idempotency key makes a double click or a
// retried request store — and so send — one message. SPEC §10: a WhatsApp template goes the
// same way, stored with its rendered body as the message's text; SPEC §11: a file uploaded
// before (lib/media/upload.ts) goes with the text as its caption.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { assignOnFirstReply, holdAssignee } from "@/lib/cases/assign";
import { caseEvents, caseMessages, cases, messages, type MessageTemplate } from "@/lib/db/schema";
import { sameValue } from "@/lib/audit/diff";
import { AppError } from "@/lib/http/app-error";
import { enqueueSend } from "@/lib/jobs/send-queue";
import { assertMaySend } from "@/lib/optout/suppression";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { REPLIED_SET } from "@/lib/service-levels/due-sql";
import { fillTemplate, normaliseLocale } from "@/lib/templates/rules";
import { sendableTemplate } from "@/lib/templates/templates";
import { lastInboundAt } from "./last-inbound";
import { attachUpload, captionText, checkAttachable, type Attachment } from "./reply-media";
import { checkReplyMessage, replyText } from "./reply-text";
import { whatsappWindow } from "./whatsapp-window";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;

export type QueueReplyResult =
  | { status: "queued"; messageId: number; duplicate: boolean }
  /** WhatsApp outside the 24-hour window: nothing stored; ask before sending anyway. */
  | { status: "outside_window"; lastInboundAt: string | null };

/**
 * SPEC §10: a WhatsApp template instead of text — its name, its parameters in order, and its
 * language code, which may be left out when the name has one language for the case's number.
 */
export type ReplyTemplateInput = { name: string; locale?: string; parameters: string[] };

export type ReplyInput = {
  caseId: number;
  /** The text of a reply; or, instead, a `template`. */
  message?: string;
  template?: ReplyTemplateInput;
  idempotencyKey: string;
  /** Text on WhatsApp only: send although the 24-hour window is closed (a template needs no asking). */
  sendOutsideWindow?: boolean;
  /** SPEC §11: an upload of the actor's sent with the reply; the message, if any, is its caption. */
  mediaId?: number;
};

/** What a request asks to send, as its idempotency key is compared with a stored reply. */
type Requested =
  /** Text, or a file with the text (if any) as its caption. */
  | { kind: "text"; text: string | null; mediaId: number | null }
  | { kind: "template"; name: string; locale: string | undefined; parameters: string[] };

/** What is stored and sent. */
type Content = { text: string | null; messageType: string; template: MessageTemplate | null; attachment: Attachment | null };

/**
 * One staff reply — text or a WhatsApp template — stored with its send job. Both kinds take
 * this one path: the same access check, idempotency, first-reply assignment, audit and live
 * update; only what is checked before (the text and the window, or the template and its
 * parameters) differs.
 */
export async function queueReply(
  actor: CurrentUser,
  { caseId, message, template, idempotencyKey, sendOutsideWindow = false, mediaId }: ReplyInput,
): Promise<QueueReplyResult> {
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new AppError("bad_request", "The request has no valid idempotency key: reload the page and try again.");
  if (template && message?.trim()) throw new AppError("bad_request", "Send either a text or a template, not both.");
  // Templates with a media header go as WhatsApp's own payload, which Caseline does not send.
  if (template && mediaId !== undefined) throw new AppError("bad_request", "A template is sent without a file: send the file as its own reply.");
  const kase = await requireVisibleCase(actor, caseId);

  const requested = requestedContent(caseId, message ?? "", template, mediaId ?? null);
  const earlier = await findByKey(idempotencyKey, caseId, requested);
  if (earlier) return earlier;

  const { theirNumber, ourNumber, channel } = kase;
  if (!theirNumber || !ourNumber || !channel) {
    throw new AppError("bad_request", "This case did not come from a message conversation, so there is no number to reply to.");
  }
  // SPEC §12: refused before anything is stored (409 with the reason) — text or file. Opt-outs
  // are SMS's (lib/optout/keywords.ts optOutRefusal says why WhatsApp is not held back).
  // A STOP landing between this check and the commit is caught by the send worker, which checks again.
  if (channel !== "whatsapp") await assertMaySend(ourNumber, theirNumber);

  let content: Content;
  if (requested.kind === "template") {
    if (channel !== "whatsapp") {
      throw new AppError("bad_request", "Templates are for WhatsApp: this case is an SMS conversation, so send a text reply.");
    }
    const found = await sendableTemplate(ourNumber, { name: requested.name, locale: requested.locale });
    const filled = fillTemplate(found.body, requested.parameters);
    if (!filled.ok) throw new AppError("bad_request", `Template “${found.name}”: ${filled.error}`);
    // No " #ref": a template's body is fixed by WhatsApp's approval. Allowed whether the
    // 24-hour window is open or not: that is what templates are for.
    content = {
      text: filled.text,
      messageType: "template",
      template: { name: found.name, locale: found.locale, parameters: filled.parameters },
      attachment: null,
    };
  } else {
    let attachment: Attachment | null = null;
    if (requested.mediaId !== null) {
      try {
        attachment = await checkAttachable(actor, { fileId: requested.mediaId, channel, caption: requested.text });
      } catch (error) {
        // Attached meanwhile by the same reply (a retried request with this key): that reply is the answer.
        const raced = await findByKey(idempotencyKey, caseId, requested);
        if (raced) return raced;
        throw error;
      }
    } else {
      const problem = checkReplyMessage(message ?? "", caseId, channel);
      if (problem) throw new AppError("bad_request", problem);
    }
    if (channel === "whatsapp" && !sendOutsideWindow) {
      const last = await lastInboundAt(theirNumber, ourNumber);
      if (!whatsappWindow(last, new Date()).open) return { status: "outside_window", lastInboundAt: last?.toISOString() ?? null };
    }
    content = { text: requested.text, messageType: attachment?.kind ?? "text", template: null, attachment };
  }

  const { text, messageType } = content;
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
        messageType,
        text,
        template: content.template,
        media: content.attachment?.media ?? null,
        status: "queued",
        idempotencyKey,
        sentBy: actor.id,
        at: sql`now()`,
      })
      .onConflictDoNothing({ target: messages.idempotencyKey })
      .returning({ id: messages.id });
    // The same key committed by a concurrent request in the meantime.
    if (!inserted) return null;
    if (content.attachment) await attachUpload(tx, actor, content.attachment.fileId, inserted.id);
    await tx.insert(caseMessages).values({ caseId, messageId: inserted.id });
    await tx.insert(caseEvents).values({ caseId, type: "message_added", messageId: inserted.id, actorUserId: actor.id, data: { reply: true } });
    await tx
      .update(cases)
      .set({
        messageCount: sql`${cases.messageCount} + 1`,
        lastActivityAt: sql`now()`,
        updatedAt: sql`now()`,
        // SPEC §13: a reply that is not automatic answers what was awaited (service levels).
        ...REPLIED_SET,
        firstResponseAt: sql`coalesce(${cases.firstResponseAt}, now())`,
      })
      .where(eq(cases.id, caseId));
    await enqueueSend(tx, inserted.id);
    if (locked) await assignOnFirstReply(tx, actor, locked);
    // Which message, not its text: the text is in the case already, and a second copy in the
    // audit log would be one more place a person's conversation has to be erased from. A
    // template's name is not personal; its parameters are, so they stay out.
    const sentTemplate = content.template ? { template: `${content.template.name} (${content.template.locale})` } : {};
    const sentFile = content.attachment ? { mediaId: content.attachment.fileId } : {};
    await recordAudit(tx, actor, { action: "reply.queued", surveyId: kase.surveyId, caseId, after: { messageId: inserted.id, channel, ...sentTemplate, ...sentFile } });
    await notifyCaseChange(tx, { surveyId: kase.surveyId, caseIds: [caseId], kind: "message" });
    return inserted.id;
  });
  if (stored !== null) return { status: "queued", messageId: stored, duplicate: false };
  const raced = await findByKey(idempotencyKey, caseId, requested);
  if (!raced) throw new AppError("conflict", "This reply could not be stored: try again.");
  return raced;
}

function requestedContent(caseId: number, message: string, template: ReplyTemplateInput | undefined, mediaId: number | null): Requested {
  if (!template) return { kind: "text", text: mediaId === null ? replyText(message, caseId) : captionText(message, caseId), mediaId };
  let locale: string | undefined;
  if (template.locale !== undefined) {
    const normalised = normaliseLocale(template.locale);
    if (!normalised) throw new AppError("bad_request", "locale: write WhatsApp's language code, e.g. en, en_GB or pt_BR.");
    locale = normalised;
  }
  return { kind: "template", name: template.name.trim(), locale, parameters: template.parameters.map((p) => p.trim()) };
}

async function findByKey(idempotencyKey: string, caseId: number, requested: Requested): Promise<QueueReplyResult | null> {
  const [row] = await getDb()
    .select({
      id: messages.id,
      text: messages.text,
      template: messages.template,
      inCase: sql<boolean>`exists (select 1 from ${caseMessages} where ${and(eq(caseMessages.messageId, messages.id), eq(caseMessages.caseId, caseId))})`,
      // Written out: drizzle leaves columns unqualified here, and media_files has an "id" too.
      mediaId: sql<number | null>`(select f.id::int from media_files f where f.message_id = "messages"."id")`,
    })
    .from(messages)
    .where(eq(messages.idempotencyKey, idempotencyKey))
    .limit(1);
  if (!row) return null;
  // A key is one reply: the same text and file (or the same template with the same
  // parameters) to the same case. Anything else is not a resend, and answering "sent" would
  // hide that the new reply never went out.
  const same =
    row.inCase &&
    (requested.kind === "text"
      ? row.template === null && row.text === requested.text && row.mediaId === requested.mediaId
      : row.template !== null &&
        row.template.name === requested.name &&
        (requested.locale === undefined || row.template.locale === requested.locale) &&
        sameValue(row.template.parameters, requested.parameters));
  if (!same) {
    const what =
      requested.kind !== "text" || row.template !== null ? null : row.mediaId !== requested.mediaId ? "a different file" : "different text";
    throw new AppError(
      "conflict",
      what
        ? `This reply was already sent with ${what}. Close the dialog and send the new one as a new reply.`
        : "This idempotency key was already used for another reply: send the new one as a new reply (with a new key).",
    );
  }
  return { status: "queued", messageId: row.id, duplicate: true };
}
