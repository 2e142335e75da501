// One send attempt of one queued outbound message (called by the worker for each job).
//
// Never twice: a worker first claims the message (a lease in messages.sending_since, with
// the claim time as its token), waits for its turn under the rate limit, then — only if the
// token still holds — marks the request as started and sends. A worker that died after
// that mark leaves a message that may have been sent: it is marked failed ("unknown"),
// not sent again. Never lost: a failure before the mark leaves the message queued for the
// next attempt (or the worker's sweep).
import "server-only";
import { sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import { getDb, transaction } from "@/lib/db/client";
import type { Message } from "@/lib/db/schema";
import { notifyMessageChanged, storeProviderId } from "@/lib/messages/status-updates";
import { currentMediaAddress, publicFileUrl } from "@/lib/media/public-address";
import { isRetryableSendFailure, OPTED_OUT, UNKNOWN_OUTCOME } from "@/lib/outbound/delivery-errors";
import { optOutRefusal } from "@/lib/optout/keywords";
import { optOutOf, type OptOutState } from "@/lib/optout/suppression";
import { SendFailure, type OutboundContent, type Sender } from "./provider-sender";
import { waitForSendSlot } from "./rate-limit";
import { emitMessageEvent } from "@/lib/webhooks/outbox";

/**
 * How long a claim holds a message before another worker may take it over: longer than a
 * live worker can need between claiming and finishing (its turn under the rate limit, at
 * most ~10 s, then the request, at most SEND_TIMEOUT_MS), short enough that the replies of
 * a worker that crashed are sent again within a minute.
 */
export function sendingLeaseSeconds(): number {
  return Math.max(40, Math.ceil(env().SEND_TIMEOUT_MS / 1000) + 20);
}

export type SendOutcome =
  | { result: "sent"; messageUuid: string }
  | { result: "failed"; detail: string }
  /** Not queued any more (already sent or failed), or another worker holds it right now. */
  | { result: "skipped" }
  /** Not sent; the job should be tried again later. */
  | { result: "retry"; detail: string };

type Claimed = Pick<Message, "id" | "channel" | "ourNumber" | "theirNumber" | "text" | "messageType" | "template" | "media" | "automaticKind"> & {
  /** §11: the outbound file the message carries. */
  mediaFileId: number | null;
  /** The claim's time as PostgreSQL's text, compared exactly when the claim is checked. */
  token: string;
  /** A previous worker started the request and never recorded its answer. */
  outcomeUnknown: boolean;
  /** SPEC §12: the number's opt-out of ours, if any (as text from raw SQL): see optOutRefusal. */
  optedOut: { since: string; keyword: string } | null;
};

async function claim(messageId: number): Promise<Claimed | null> {
  const [row] = await getDb().execute<Claimed>(sql`
    update messages m set sending_since = clock_timestamp()
    where id = ${messageId} and direction = 'outbound' and status = 'queued' and provider_message_id is null
      and (sending_since is null or sending_since < now() - make_interval(secs => ${sendingLeaseSeconds()}))
    returning id::int, channel, our_number as "ourNumber", their_number as "theirNumber", text, message_type as "messageType", template, media,
      automatic_kind as "automaticKind",
      (select f.id::int from media_files f where f.message_id = m.id) as "mediaFileId",
      sending_since::text as token, request_started_at is not null as "outcomeUnknown",
      (select json_build_object('since', o.since, 'keyword', o.keyword) from opt_outs o
       where o.our_number = m.our_number and o.their_number = m.their_number) as "optedOut"`);
  return row ?? null;
}

/**
 * The last step before the request: only if this worker's claim still holds — and, checked in
 * the same statement, the opt-out state still allows it (SPEC §12, as optOutRefusal says): a
 * STOP that arrived while this worker waited for its turn under the rate limit stops the send.
 */
async function startRequest(messageId: number, token: string): Promise<boolean> {
  const rows = await getDb().execute(sql`
    update messages m set request_started_at = clock_timestamp(), sending_since = clock_timestamp(), send_attempts = send_attempts + 1
    where id = ${messageId} and status = 'queued' and sending_since = ${token}::timestamptz
      and (m.channel = 'whatsapp' or coalesce(m.automatic_kind = 'opt_out_confirmation', false) =
           exists (select 1 from opt_outs o where o.our_number = m.our_number and o.their_number = m.their_number))
    returning id`);
  return rows.length === 1;
}

/** Final failure with the reason when the opt-out state forbids this message now; else null. */
async function refuseIfOptedOut(message: Claimed, optOut: OptOutState | null): Promise<SendOutcome | null> {
  const reason = optOutRefusal(message, optOut);
  if (!reason) return null;
  const failure = new SendFailure(null, OPTED_OUT, reason);
  await recordFailure(message.id, failure, true);
  return { result: "failed", detail: failure.detail };
}

async function release(messageId: number, token: string): Promise<void> {
  await getDb().execute(sql`update messages set sending_since = null where id = ${messageId} and sending_since = ${token}::timestamptz`);
}

async function recordFailure(messageId: number, failure: SendFailure, final: boolean): Promise<void> {
  const code = failure.title ?? (failure.httpStatus === null ? null : String(failure.httpStatus));
  await transaction(async (tx) => {
    const updated = await tx.execute(
      final
        ? // Final: the thread shows the reason; the status never moves again (SPEC §4).
          sql`update messages set status = 'failed', error_code = ${code}, error_detail = ${failure.detail},
                status_updated_at = now(), sending_since = null, request_started_at = null
              where id = ${messageId} and status = 'queued' returning id`
        : // Will be retried: still queued, the last reason kept so the thread can say why.
          sql`update messages set error_code = ${code}, error_detail = ${failure.detail}, sending_since = null, request_started_at = null
              where id = ${messageId} and status = 'queued'`,
    );
    if (final && updated.length > 0) await emitMessageEvent(tx, "message.status", messageId);
    await notifyMessageChanged(tx, messageId);
  });
}

export async function sendQueuedMessage(
  messageId: number,
  { sender, lastAttempt }: { sender: () => Promise<Sender>; lastAttempt: boolean },
): Promise<SendOutcome> {
  const message = await claim(messageId);
  if (!message) return { result: "skipped" };
  if (message.outcomeUnknown) {
    const failure = new SendFailure(
      null,
      UNKNOWN_OUTCOME,
      "The worker stopped while sending: the message may or may not have been sent. Check with the person before sending it again.",
    );
    await recordFailure(message.id, failure, true);
    return { result: "failed", detail: failure.detail };
  }

  // Queued before the STOP arrived (or a confirmation after a START): never sent now. Final,
  // with the reason the thread shows.
  const claimedOptOut = message.optedOut ? { since: new Date(message.optedOut.since), keyword: message.optedOut.keyword } : null;
  const refused = await refuseIfOptedOut(message, claimedOptOut);
  if (refused) return refused;

  let send: Sender;
  let content: OutboundContent;
  try {
    content = await outboundContent(message);
    send = await sender();
    await waitForSendSlot();
  } catch (error) {
    if (error instanceof SendFailure) {
      // Not configured (Settings > Server): final, with the reason.
      await recordFailure(message.id, error, true);
      return { result: "failed", detail: error.detail };
    }
    await release(message.id, message.token).catch(() => {});
    throw error; // the database: the job is tried again
  }
  if (!(await startRequest(message.id, message.token))) {
    // The claim ran out (another worker has it), or the opt-out state changed meanwhile.
    return (await refuseIfOptedOut(message, await optOutOf(message.ourNumber, message.theirNumber))) ?? { result: "skipped" };
  }

  let accepted: { messageUuid: string };
  try {
    accepted = await send({
      channel: message.channel === "whatsapp" ? "whatsapp" : "sms",
      from: message.ourNumber,
      to: message.theirNumber,
      content,
      clientRef: String(message.id),
    });
  } catch (error) {
    const failure =
      error instanceof SendFailure ? error : new SendFailure(null, UNKNOWN_OUTCOME, error instanceof Error ? error.message : String(error));
    const retry = isRetryableSendFailure(failure.httpStatus, failure.certainlyNotSent) && !lastAttempt;
    await recordFailure(message.id, failure, !retry);
    return retry ? { result: "retry", detail: failure.detail } : { result: "failed", detail: failure.detail };
  }
  // The provider has the message now: from here on, failing must never lead to sending it
  // again, so storing its id is retried here rather than by re-running the job (and if it
  // never succeeds, request_started_at stays set: the message is not sent again).
  await storeProviderIdPatiently(message.id, accepted.messageUuid);
  return { result: "sent", messageUuid: accepted.messageUuid };
}

/**
 * What the message carries: its kind decides the SDK class. A file goes as a signed address of ours that expires 24 hours
 * from this attempt (a Retry makes a new one); without an address Vonage can reach
 * (PUBLIC_URL), the message fails at once with the reason.
 */
async function outboundContent(message: Claimed): Promise<OutboundContent> {
  if (message.messageType === "template" && message.template) {
    const { name, locale, parameters } = message.template;
    return { type: "template", name, locale, parameters };
  }
  if (message.mediaFileId === null) return { type: "text", text: message.text ?? "" };
  const address = await currentMediaAddress();
  if (!address.ok) throw new SendFailure(400, "Not configured", address.problem);
  const kind = message.messageType as Extract<OutboundContent, { type: "media" }>["kind"];
  const name = message.media?.name ?? null;
  return {
    type: "media",
    kind,
    url: publicFileUrl(address.baseUrl, { id: message.mediaFileId, name }),
    ...(message.text ? { caption: message.text } : {}),
    ...(name ? { name } : {}),
  };
}

async function storeProviderIdPatiently(messageId: number, messageUuid: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await storeProviderId(messageId, messageUuid);
      return;
    } catch (error) {
      if (attempt >= 12) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
    }
  }
}
