// SPEC §4: a staff reply from a case. The message (status queued) and its send job are
// stored in one transaction; the client's idempotency key makes a double click or a
// retried request store — and so send — one message.
import type { CurrentUser } from "@/lib/auth/access";
import { checkCaseAccess } from "@/lib/cases/update-case";
import { getSql } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { CHANGES_CHANNEL, changePayload } from "@/lib/realtime/channel";
import { lastInboundAt } from "./last-inbound";
import { enqueueSend } from "./queue";
import { checkReplyMessage, replyText } from "./reply-text";
import { whatsappWindow } from "./whatsapp-window";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;

export type QueueReplyResult =
  | { status: "queued"; messageId: number; duplicate: boolean }
  /** WhatsApp outside the 24-hour window: nothing stored; ask before sending anyway. */
  | { status: "outside_window"; lastInboundAt: string | null };

export async function queueReply({
  user,
  caseId,
  message,
  idempotencyKey,
  sendOutsideWindow = false,
}: {
  user: CurrentUser;
  caseId: number;
  message: string;
  idempotencyKey: string;
  sendOutsideWindow?: boolean;
}): Promise<QueueReplyResult> {
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new AppError("bad_request", "The request has no valid idempotency key: reload the page and try again.");
  await checkCaseAccess({ user, caseId });
  const sql = getSql();

  const earlier = await findByKey(idempotencyKey, caseId, replyText(message, caseId));
  if (earlier) return earlier;

  const [kase] = await sql<Array<{ theirNumber: string | null; ourNumber: string | null; channel: "sms" | "whatsapp" | null; surveyId: number }>>`
    select their_number as "theirNumber", our_number as "ourNumber", channel, survey_id as "surveyId" from cases where id = ${caseId}`;
  if (!kase) throw new AppError("not_found", "Case not found.");
  if (!kase.theirNumber || !kase.ourNumber || !kase.channel) {
    throw new AppError("bad_request", "This case did not come from a message conversation, so there is no number to reply to.");
  }
  const problem = checkReplyMessage(message, caseId, kase.channel);
  if (problem) throw new AppError("bad_request", problem);

  if (kase.channel === "whatsapp" && !sendOutsideWindow) {
    const last = await lastInboundAt(kase.theirNumber, kase.ourNumber);
    if (!whatsappWindow(last, new Date()).open) return { status: "outside_window", lastInboundAt: last?.toISOString() ?? null };
  }

  const text = replyText(message, caseId);
  const stored = await sql.begin(async (tx) => {
    const [inserted] = await tx<Array<{ id: number }>>`
      insert into messages (direction, channel, our_number, their_number, text, status, idempotency_key, sent_by, at)
      values ('outbound', ${kase.channel}, ${kase.ourNumber}, ${kase.theirNumber}, ${text}, 'queued', ${idempotencyKey}, ${user.id}, now())
      on conflict (idempotency_key) do nothing
      returning id::int`;
    // The same key committed by a concurrent request in the meantime.
    if (!inserted) return null;
    await tx`
      with linked as (
        insert into case_messages (case_id, message_id) values (${caseId}, ${inserted.id})
      ), history as (
        insert into case_events (case_id, type, message_id, actor_user_id, data)
        values (${caseId}, 'message_added', ${inserted.id}, ${user.id}, ${JSON.stringify({ reply: true })}::jsonb)
      )
      update cases set message_count = message_count + 1, last_activity_at = now(), updated_at = now() where id = ${caseId}`;
    await enqueueSend(tx, inserted.id);
    await tx`select pg_notify(${CHANGES_CHANNEL}, ${changePayload({ surveyId: kase.surveyId, caseIds: [caseId], kind: "message" })})`;
    return inserted.id;
  });
  if (stored !== null) return { status: "queued", messageId: stored, duplicate: false };
  const raced = await findByKey(idempotencyKey, caseId, text);
  if (!raced) throw new AppError("conflict", "This reply could not be stored: try again.");
  return raced;
}

async function findByKey(idempotencyKey: string, caseId: number, text: string): Promise<QueueReplyResult | null> {
  const [row] = await getSql()<Array<{ id: number; inCase: boolean; text: string | null }>>`
    select m.id::int, m.text, exists (select 1 from case_messages cm where cm.message_id = m.id and cm.case_id = ${caseId}) as "inCase"
    from messages m where m.idempotency_key = ${idempotencyKey}`;
  if (!row) return null;
  // A key is one reply: the same text to the same case. Anything else is not a resend, and
  // answering "sent" would hide that the new text never went out.
  if (!row.inCase || row.text !== text) {
    throw new AppError("conflict", "This reply was already sent with different text. Close the dialog and send the new text as a new reply.");
  }
  return { status: "queued", messageId: row.id, duplicate: true };
}
