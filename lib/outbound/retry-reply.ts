// SPEC §4: staff press Retry on a failed reply. It is sent again as a new attempt — the same
// message, queued with a new send job — and every case holding it says so in its history.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleMessageHolders, type CurrentUser } from "@/lib/auth/access";
import { transaction } from "@/lib/db/client";
import { caseEvents, messages } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { enqueueSend } from "@/lib/jobs/send-queue";
import { FAILED_STATUSES, isFailed } from "@/lib/messages/status-order";
import { optOutRefusal } from "@/lib/optout/keywords";
import { optOutOf } from "@/lib/optout/suppression";
import { notifyCaseChange } from "@/lib/realtime/channel";

export async function retryReply(actor: CurrentUser, { messageId }: { messageId: number }): Promise<{ messageId: number }> {
  return transaction(async (tx) => {
    const holders = await requireVisibleMessageHolders(actor, messageId, tx);

    const [previous] = await tx
      .select({
        status: messages.status,
        direction: messages.direction,
        errorCode: messages.errorCode,
        errorDetail: messages.errorDetail,
        ourNumber: messages.ourNumber,
        theirNumber: messages.theirNumber,
        automaticKind: messages.automaticKind,
        channel: messages.channel,
      })
      .from(messages)
      .where(eq(messages.id, messageId))
      .for("update");
    if (!previous || previous.direction !== "outbound") throw new AppError("bad_request", "Only a reply can be sent again.");
    if (!isFailed(previous.status)) {
      throw new AppError("conflict", "This reply has not failed (it may be on its way again already).");
    }
    // SPEC §12: a reply the worker failed because the number opted out stays failed until
    // they opt back in (409 with the reason); the opt-out confirmation, the one message still
    // sent to them, only while they are opted out.
    const refusal = optOutRefusal(previous, await optOutOf(previous.ourNumber, previous.theirNumber, tx));
    if (refusal) throw new AppError("conflict", refusal);
    // A new attempt: the old attempt's provider id goes, so its late reports cannot touch this one.
    await tx
      .update(messages)
      .set({
        status: "queued",
        errorCode: null,
        errorDetail: null,
        providerMessageId: null,
        sendingSince: null,
        requestStartedAt: null,
        statusUpdatedAt: sql`now()`,
      })
      .where(and(eq(messages.id, messageId), inArray(messages.status, FAILED_STATUSES)));
    await tx.insert(caseEvents).values(
      holders.map((h) => ({
        caseId: h.caseId,
        type: "reply_retried" as const,
        messageId,
        actorUserId: actor.id,
        data: { previousStatus: previous.status, previousError: { code: previous.errorCode, detail: previous.errorDetail } },
      })),
    );
    await enqueueSend(tx, messageId);
    // One entry for the one action, filed under the first case holding the reply.
    await recordAudit(tx, actor, {
      action: "reply.retried",
      surveyId: holders[0]!.surveyId,
      caseId: holders[0]!.caseId,
      target: `message:${messageId}`,
      before: { status: previous.status, errorCode: previous.errorCode, errorDetail: previous.errorDetail },
      after: { status: "queued", caseIds: holders.map((h) => h.caseId) },
    });
    for (const surveyId of new Set(holders.map((h) => h.surveyId))) {
      await notifyCaseChange(tx, { surveyId, caseIds: holders.filter((h) => h.surveyId === surveyId).map((h) => h.caseId), kind: "status" });
    }
    return { messageId };
  });
}
