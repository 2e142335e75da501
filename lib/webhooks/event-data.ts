// Builds the `data` of events from rows the caller already has (pure), so emitting an event
// costs no extra read. The SQL twin for messages read inside a statement is in ./outbox.ts.
import type { Case } from "@/lib/db/schema";
import type { WebhookCase, WebhookEventData, WebhookMessage } from "./event-types";

type CaseRow = Pick<Case, "id" | "surveyId" | "title" | "status" | "open" | "theirNumber" | "ourNumber" | "channel"> & {
  lastActivityAt: Date | string;
};

export function caseSummary(row: CaseRow): WebhookCase {
  return {
    id: row.id,
    surveyId: row.surveyId,
    title: row.title,
    status: row.status,
    open: row.open,
    theirNumber: row.theirNumber,
    ourNumber: row.ourNumber,
    channel: row.channel,
    lastActivityAt: new Date(row.lastActivityAt).toISOString(),
  };
}

type ReceivedMessage = Pick<WebhookMessage, "channel" | "ourNumber" | "theirNumber" | "text"> & { messageType: string };

/** message.received's data for a message the inbound webhook just stored (status "received"). */
export function receivedMessageData({
  messageId,
  message,
  at,
  caseIds,
  surveyId,
}: {
  messageId: number;
  message: ReceivedMessage;
  at: Date;
  caseIds: number[];
  surveyId: number;
}): WebhookEventData<"message.received"> {
  return {
    message: {
      id: messageId,
      direction: "inbound",
      channel: message.channel,
      ourNumber: message.ourNumber,
      theirNumber: message.theirNumber,
      type: message.messageType,
      text: message.text,
      status: "received",
      error: null,
      automatic: false,
      at: at.toISOString(),
    },
    caseIds,
    surveyId,
  };
}

/**
 * case.updated's data: the case as it is now, what changed ("title", "notes", "status",
 * "open", "answers.<question>", "messages") and the title, status and open flag before.
 */
export function caseUpdatedData(before: CaseRow, after: Partial<Pick<CaseRow, "title" | "status" | "open">>, changedFields: string[]): WebhookEventData<"case.updated"> {
  return {
    case: caseSummary({ ...before, ...after }),
    changedFields,
    previous: { title: before.title, status: before.status, open: before.open },
  };
}
