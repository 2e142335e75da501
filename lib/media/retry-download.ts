// SPEC §11: staff press Retry on a file that could not be saved. It is fetched again — the
// file back to pending with a new download job — by anyone who may see a case holding the
// message; audited. Retried after the 48 hours, it gets one attempt (download-rules.ts).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleMessageHolders, type CurrentUser } from "@/lib/auth/access";
import { transaction } from "@/lib/db/client";
import { mediaFiles } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { enqueueMediaDownload, MEDIA_WAKE_CHANNEL } from "@/lib/jobs/media-queue";
import { notifyCaseChange } from "@/lib/realtime/channel";

export async function retryMediaDownload(actor: CurrentUser, { messageId }: { messageId: number }): Promise<{ fileId: number; state: "pending" }> {
  return transaction(async (tx) => {
    const holders = await requireVisibleMessageHolders(actor, messageId, tx);

    const [file] = await tx.select().from(mediaFiles).where(eq(mediaFiles.messageId, messageId)).for("update");
    if (!file) throw new AppError("not_found", "This message has no file.");
    if (file.direction !== "inbound") throw new AppError("conflict", "Only a file that came from the person is fetched again.");
    if (file.state !== "failed") {
      throw new AppError("conflict", file.state === "saved" ? "This file is saved already." : "This file is being saved already.");
    }
    await tx
      .update(mediaFiles)
      .set({ state: "pending", failureReason: null, nextAttemptAt: sql`now()` })
      .where(and(eq(mediaFiles.id, file.id), eq(mediaFiles.state, "failed")));
    await enqueueMediaDownload(tx.$client, file.id);
    await tx.execute(sql`select pg_notify(${MEDIA_WAKE_CHANNEL}, '')`);
    // One entry for the one action, filed under the first case holding the message.
    await recordAudit(tx, actor, {
      action: "media.retried",
      surveyId: holders[0]!.surveyId,
      caseId: holders[0]!.caseId,
      target: `media:${file.id}`,
      before: { state: file.state, failureReason: file.failureReason },
      after: { state: "pending", messageId },
    });
    for (const surveyId of new Set(holders.map((h) => h.surveyId))) {
      await notifyCaseChange(tx, { surveyId, caseIds: holders.filter((h) => h.surveyId === surveyId).map((h) => h.caseId), kind: "media" });
    }
    return { fileId: file.id, state: "pending" as const };
  });
}
