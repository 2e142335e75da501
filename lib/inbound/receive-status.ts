// What POST /api/vonage/status does once the signature is verified: parse the report
// (lib/vonage), move the message's status forward only, and log the event — one transaction.
// System: Vonage calls it through a signed webhook, so no user acts here.
import "server-only";
import { transaction } from "@/lib/db/client";
import { applyStatusUpdate, lockMessageUuid, statusOutcomeReason, type AppliedStatus } from "@/lib/messages/status-updates";
import { parseStatusPayload, type StatusUpdate } from "@/lib/vonage/status-payload";
import type { SignedWebhook } from "@/lib/vonage/signed-webhook-request";
import { logInvalidWebhook, logStatusEvent, unstorableReason } from "./event-log";

export type StatusResult = AppliedStatus | { outcome: "invalid"; reason: string };

export async function receiveStatusWebhook({ rawBody, payload, problem }: SignedWebhook): Promise<StatusResult> {
  const parsed = payload === undefined ? { ok: false as const, reason: problem ?? "the body is not JSON" } : parseStatusPayload(payload);
  if (!parsed.ok) {
    await logInvalidWebhook({ kind: "status", messageUuid: null, rawBody, payload, reason: parsed.reason });
    return { outcome: "invalid", reason: parsed.reason };
  }
  const update = parsed.update;
  return applyAndLog(update, rawBody, payload).catch(async (error: unknown) => {
    // As for inbound messages: what can never be stored is kept as invalid, not retried for ever.
    const reason = unstorableReason(error);
    if (!reason) throw error;
    await logInvalidWebhook({ kind: "status", messageUuid: null, rawBody, payload, reason });
    return { outcome: "invalid" as const, reason };
  });
}

function applyAndLog(update: StatusUpdate, rawBody: string, payload: unknown): Promise<AppliedStatus> {
  return transaction(async (tx) => {
    await lockMessageUuid(tx, update.messageUuid);
    const result = await applyStatusUpdate(tx, update);
    await logStatusEvent(tx, {
      messageUuid: update.messageUuid,
      rawBody,
      payload,
      applied: result.outcome !== "unknown",
      reason: statusOutcomeReason(result, update),
      messageId: result.outcome === "unknown" ? null : result.messageId,
    });
    return result;
  });
}
