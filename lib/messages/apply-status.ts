// POST /api/vonage/status after verification: move the message's status forward only.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { messages, webhookEvents } from "@/lib/db/schema";
import { parseStatusPayload } from "@/lib/vonage/status-payload";
import { statusesBefore } from "./status-order";

export type StatusResult =
  | { outcome: "invalid"; reason: string }
  | { outcome: "applied"; messageId: number }
  | { outcome: "stale"; messageId: number }
  | { outcome: "unknown" };

const FAILED = new Set(["rejected", "undeliverable"]);

export async function receiveStatusWebhook({ rawBody, payload }: { rawBody: string; payload: unknown }): Promise<StatusResult> {
  const parsed = payload === undefined ? { ok: false as const, reason: "the body is not JSON" } : parseStatusPayload(payload);
  const db = getDb();
  if (!parsed.ok) {
    await db.insert(webhookEvents).values({
      kind: "status",
      rawBody,
      payload: payload === undefined ? null : payload,
      outcome: "invalid",
      reason: parsed.reason,
      processedAt: sql`now()`,
    });
    return { outcome: "invalid", reason: parsed.reason };
  }
  const update = parsed.update;
  return db.transaction(async (tx) => {
    const failed = FAILED.has(update.status);
    // The WHERE clause is the forward-only rule: a late "delivered" finds the row at "read"
    // and changes nothing, however the webhooks race.
    const [moved] = await tx
      .update(messages)
      .set({
        status: update.status,
        statusUpdatedAt: update.at ?? sql`now()`,
        ...(failed ? { errorCode: update.errorCode, errorDetail: update.errorDetail } : {}),
      })
      .where(and(eq(messages.providerMessageId, update.messageUuid), inArray(messages.status, statusesBefore(update.status))))
      .returning({ id: messages.id });

    let result: StatusResult;
    if (moved) {
      result = { outcome: "applied", messageId: moved.id };
    } else {
      const [existing] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(eq(messages.providerMessageId, update.messageUuid))
        .limit(1);
      result = existing ? { outcome: "stale", messageId: existing.id } : { outcome: "unknown" };
    }
    await tx.insert(webhookEvents).values({
      kind: "status",
      messageUuid: update.messageUuid,
      rawBody,
      payload,
      outcome: result.outcome === "unknown" ? "status_unknown" : "status_applied",
      reason:
        result.outcome === "unknown"
          ? "No message with this id"
          : result.outcome === "stale"
            ? `Ignored: ${update.status} is not newer than the message's status`
            : null,
      messageId: result.outcome === "unknown" ? null : result.messageId,
      processedAt: sql`now()`,
    });
    return result;
  });
}
