// One send attempt of one queued outbound message (called by the worker for each job).
import { sql } from "drizzle-orm";
import { getDb, getSql } from "@/lib/db/client";
import { notifyMessageChanged, storeProviderId } from "@/lib/messages/apply-status";
import { isRetryableSendFailure } from "./delivery-errors";
import { SendFailure, type Sender } from "./provider-sender";
import { waitForSendSlot } from "./rate-limit";

/** How long a worker may hold a message while calling the provider (see messages.sending_since). */
export const SENDING_LEASE_SECONDS = 120;

export type SendOutcome =
  | { result: "sent"; messageUuid: string }
  | { result: "failed"; detail: string }
  /** Not queued any more (already sent or failed), or another worker holds it right now. */
  | { result: "skipped" }
  /** Not sent; the job should be tried again later. */
  | { result: "retry"; detail: string };

type Claimed = { id: number; channel: "sms" | "mms" | "whatsapp"; ourNumber: string; theirNumber: string; text: string | null };

async function claim(messageId: number): Promise<Claimed | null> {
  const [row] = await getSql()<Claimed[]>`
    update messages set sending_since = now(), send_attempts = send_attempts + 1
    where id = ${messageId} and direction = 'outbound' and status = 'queued' and provider_message_id is null
      and (sending_since is null or sending_since < now() - make_interval(secs => ${SENDING_LEASE_SECONDS}))
    returning id::int, channel, our_number as "ourNumber", their_number as "theirNumber", text`;
  return row ?? null;
}

async function markFailed(messageId: number, failure: SendFailure, final: boolean): Promise<void> {
  const code = failure.title ?? (failure.httpStatus === null ? null : String(failure.httpStatus));
  await getDb().transaction(async (tx) => {
    await tx.execute(
      final
        ? // Final: the thread shows the reason; the status never moves again (SPEC §4).
          sqlFailed(messageId, code, failure.detail)
        : // Will be retried: still queued, the last reason kept so the thread can say why.
          sqlRetrying(messageId, code, failure.detail),
    );
    await notifyMessageChanged(tx, messageId);
  });
}

const sqlFailed = (id: number, code: string | null, detail: string) => sql`
  update messages set status = 'failed', error_code = ${code}, error_detail = ${detail}, status_updated_at = now(), sending_since = null
  where id = ${id} and status = 'queued'`;
const sqlRetrying = (id: number, code: string | null, detail: string) => sql`
  update messages set error_code = ${code}, error_detail = ${detail}, sending_since = null
  where id = ${id} and status = 'queued'`;

export async function sendQueuedMessage(
  messageId: number,
  { sender, lastAttempt }: { sender: () => Promise<Sender>; lastAttempt: boolean },
): Promise<SendOutcome> {
  const message = await claim(messageId);
  if (!message) return { result: "skipped" };
  let accepted: { messageUuid: string };
  try {
    const send = await sender();
    await waitForSendSlot();
    accepted = await send({
      channel: message.channel === "whatsapp" ? "whatsapp" : "sms",
      from: message.ourNumber,
      to: message.theirNumber,
      text: message.text ?? "",
      clientRef: String(message.id),
    });
  } catch (error) {
    const failure =
      error instanceof SendFailure ? error : new SendFailure(null, null, error instanceof Error ? error.message : String(error));
    const retry = isRetryableSendFailure(failure.httpStatus) && !lastAttempt;
    await markFailed(message.id, failure, !retry);
    return retry ? { result: "retry", detail: failure.detail } : { result: "failed", detail: failure.detail };
  }
  // The provider has the message now: from here on, failing must never lead to sending it
  // again, so storing its id is retried here rather than by re-running the job.
  await storeProviderIdPatiently(message.id, accepted.messageUuid);
  return { result: "sent", messageUuid: accepted.messageUuid };
}

async function storeProviderIdPatiently(messageId: number, messageUuid: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await storeProviderId(messageId, messageUuid);
      return;
    } catch (error) {
      // Until this succeeds the message keeps its sending lease, so nobody else sends it.
      if (attempt >= 12) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
    }
  }
}
