// Applies SPEC §3 to one inbound message inside one transaction: the webhook answers 200
// only after everything here has committed, and any error rolls all of it back.
import { and, asc, eq, inArray, max, sql } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { caseEvents, caseMessages, cases, messages, numberLinks, surveyQuestions, surveys, webhookEvents } from "@/lib/db/schema";
import type { InboundMessage } from "@/lib/vonage/inbound-payload";
import { parseReferences } from "./references";
import { decideRouting, type RoutingDecision } from "./routing";
import { caseTitle } from "./titles";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type RoutedMessage =
  | { outcome: "unrouted"; reason: string }
  | {
      outcome: "routed";
      messageId: number;
      surveyId: number;
      decision: RoutingDecision;
      caseIds: number[];
      createdCaseId: number | null;
      autoReplyMessageId: number | null;
    };

// Any id above this cannot be a case (bigint); such "references" are ignored.
const MAX_CASE_ID = Number.MAX_SAFE_INTEGER;

/** Routes a message whose webhook event row (eventId) is already written in this transaction. */
export async function routeInboundMessage(tx: Tx, eventId: number, message: InboundMessage): Promise<RoutedMessage> {
  const [link] = await tx
    .select({
      id: numberLinks.id,
      channel: numberLinks.channel,
      multiCaseReply: numberLinks.multiCaseReply,
      surveyId: surveys.id,
      closingValue: surveys.closingValue,
      defaultStatus: surveys.defaultStatus,
      statusQuestionName: surveyQuestions.name,
    })
    .from(numberLinks)
    .innerJoin(surveys, eq(surveys.id, numberLinks.surveyId))
    .leftJoin(surveyQuestions, eq(surveyQuestions.id, surveys.statusQuestionId))
    .where(eq(numberLinks.ourNumber, message.ourNumber))
    .limit(1);

  if (!link) {
    const reason = `No number link for ${message.ourNumber}`;
    await tx
      .update(webhookEvents)
      .set({ outcome: "unrouted", reason, processedAt: sql`now()` })
      .where(eq(webhookEvents.id, eventId));
    return { outcome: "unrouted", reason };
  }

  // One routing at a time per (link, their number), across every app process: two messages
  // arriving together must not both see "no open case" and create two cases.
  const [{ now }] = (await tx.execute(
    sql`select pg_advisory_xact_lock(${link.id}, hashtext(${message.theirNumber})), now() as now`,
  )) as unknown as [{ now: string | Date }];
  const nowDate = new Date(now);

  const casesEnabled = link.statusQuestionName !== null && link.closingValue !== null;

  const [stored] = await tx
    .insert(messages)
    .values({
      direction: "inbound",
      channel: message.channel,
      ourNumber: message.ourNumber,
      theirNumber: message.theirNumber,
      messageType: message.messageType,
      text: message.text,
      media: message.media,
      providerMessageId: message.messageUuid,
      status: "received",
      providerTimestamp: message.sentAt,
      at: message.sentAt ?? nowDate,
      profileName: message.profileName,
    })
    .returning({ id: messages.id });
  const messageId = stored!.id;

  const references = parseReferences(message.text).filter((id) => id > 0 && id <= MAX_CASE_ID);
  const [referencedCases, openCases] = await Promise.all([
    references.length && casesEnabled
      ? tx
          .select({ id: cases.id, surveyId: cases.surveyId, theirNumber: cases.theirNumber, open: cases.open })
          .from(cases)
          .where(inArray(cases.id, [...new Set(references)]))
      : Promise.resolve([]),
    casesEnabled
      ? tx
          .select({ id: cases.id, title: cases.title })
          .from(cases)
          .where(and(eq(cases.surveyId, link.surveyId), eq(cases.theirNumber, message.theirNumber), eq(cases.open, true)))
          .orderBy(asc(cases.id))
      : Promise.resolve([]),
  ]);

  let lastAutoReplyAt: Date | null = null;
  if (openCases.length > 1 && link.multiCaseReply.trim() !== "") {
    const [row] = await tx
      .select({ at: max(messages.at) })
      .from(messages)
      .where(
        and(eq(messages.theirNumber, message.theirNumber), eq(messages.direction, "outbound"), eq(messages.automatic, true)),
      );
    lastAutoReplyAt = row?.at ? new Date(row.at) : null;
  }

  const decision = decideRouting({
    survey: { id: link.surveyId, casesEnabled },
    multiCaseReply: link.multiCaseReply,
    theirNumber: message.theirNumber,
    text: message.text,
    openCases,
    referencedCases,
    lastAutoReplyAt,
    now: nowDate,
  });

  let caseIds: number[];
  let createdCaseId: number | null = null;
  let autoReplyMessageId: number | null = null;

  if (decision.kind === "create") {
    const status = casesEnabled ? link.defaultStatus : null;
    const [created] = await tx
      .insert(cases)
      .values({
        surveyId: link.surveyId,
        theirNumber: message.theirNumber,
        ourNumber: message.ourNumber,
        channel: link.channel,
        title: caseTitle(message.text, message.messageType),
        status,
        answers: status !== null && link.statusQuestionName ? { [link.statusQuestionName]: status } : {},
        // Records of a survey without cases are never "open": they take no further messages.
        open: casesEnabled && status !== link.closingValue,
        messageCount: 1,
        lastActivityAt: nowDate,
      })
      .returning({ id: cases.id });
    createdCaseId = created!.id;
    caseIds = [createdCaseId];
    await tx.insert(caseMessages).values({ caseId: createdCaseId, messageId });
    await tx.insert(caseEvents).values({
      caseId: createdCaseId,
      type: "created",
      messageId,
      data: { reason: decision.reason, from: message.theirNumber },
    });
  } else {
    caseIds = decision.caseIds;
    await tx.insert(caseMessages).values(caseIds.map((caseId) => ({ caseId, messageId })));
    if (decision.autoReply) {
      const [reply] = await tx
        .insert(messages)
        .values({
          direction: "outbound",
          channel: link.channel,
          ourNumber: message.ourNumber,
          theirNumber: message.theirNumber,
          text: decision.autoReply,
          status: "queued",
          automatic: true,
          at: nowDate,
        })
        .returning({ id: messages.id });
      autoReplyMessageId = reply!.id;
      await tx.insert(caseMessages).values(caseIds.map((caseId) => ({ caseId, messageId: autoReplyMessageId! })));
      await tx
        .insert(caseEvents)
        .values(caseIds.map((caseId) => ({ caseId, type: "auto_reply" as const, messageId: autoReplyMessageId, data: { openCases: caseIds.length } })));
    }
    await tx
      .update(cases)
      .set({
        messageCount: sql`${cases.messageCount} + ${autoReplyMessageId ? 2 : 1}`,
        lastActivityAt: nowDate,
        updatedAt: nowDate,
      })
      .where(inArray(cases.id, caseIds));
  }

  await tx
    .update(webhookEvents)
    .set({ outcome: "routed", reason: null, messageId, processedAt: nowDate })
    .where(eq(webhookEvents.id, eventId));

  return { outcome: "routed", messageId, surveyId: link.surveyId, decision, caseIds, createdCaseId, autoReplyMessageId };
}
