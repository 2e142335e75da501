// Applies SPEC §3 to one inbound message inside one transaction: the webhook answers 200
// only after everything here has committed, and any error rolls all of it back. System:
// Vonage's signed webhook (or an admin's Process again, checked by its caller).
//
// This is the hot path of the product (every message Vonage sends us), so it is written as
// three SQL statements with data-modifying CTEs rather than a dozen ORM round trips:
//   1. log the event (the dedup) + take the routing lock + find the number link
//   2. store the message (and, for an image, audio, video, file or sticker, its media_files
//      row: SPEC §11) + read the open and referenced cases (after the lock); a file to copy
//      then gets its download job (one more statement, on media messages only)
//   3. apply the decision (new case, or append; the automatic reply; history; event outcome;
//      the outgoing webhook events message.received and case.created, lib/webhooks/outbox.ts;
//      the assignee's notification of a message added to their case, lib/notifications)
// An SMS that is an opt-out, opt-in or HELP keyword (SPEC §12) is routed the same way, then
// takes one more statement (lib/optout/keyword-effects.ts). Whether a text is a keyword is
// decided in JavaScript on the text alone, so an ordinary message costs no SQL for it.
import "server-only";
import { isOpen, casesEnabled as hasCases } from "@/lib/cases/open-state";
import type { OpenCaseSummary } from "@/lib/cases/multi-case-reply";
import { parseReferences } from "@/lib/cases/references";
import { decideRouting, type RoutingDecision, type RoutingFacts } from "@/lib/cases/routing";
import { caseTitle } from "@/lib/cases/titles";
import { LOCK_SPACE } from "@/lib/db/locks";
import type { Finish, Tx } from "@/lib/db/client";
import type { Case, Message, NumberLink, Survey, SurveyQuestion, WebhookEvent } from "@/lib/db/schema";
import { enqueueMediaDownload, MEDIA_WAKE_CHANNEL } from "@/lib/jobs/media-queue";
import { enqueueSend } from "@/lib/jobs/send-queue";
import { inboundFilePlan } from "@/lib/media/inbound-file";
import { routingMediaRules } from "@/lib/media/media-rules";
import { newMessageRecipients } from "@/lib/notifications/causes";
import { announceNotifications, insertNotifications } from "@/lib/notifications/write";
import { CHANGES_CHANNEL, changePayload } from "@/lib/realtime/channel";
import { applyKeyword, type KeywordOutcome } from "@/lib/optout/keyword-effects";
import { keywordOfInbound } from "@/lib/optout/keywords";
import { mayAutoReplySql } from "@/lib/optout/suppression";
import { dueAfterInboundSet } from "@/lib/service-levels/due-sql";
import { dueOnNewCase } from "@/lib/service-levels/rules";
import { outOfHoursCount, outOfHoursMessage, outOfHoursRecords, outOfHoursReplyText, type HoursColumns } from "./out-of-hours-reply";
import type { InboundMessage } from "@/lib/vonage/inbound-payload";
import { caseSummary, receivedMessageData } from "@/lib/webhooks/event-data";
import { insertDeliveries, payloadJson, webhookPayload } from "@/lib/webhooks/outbox";

export type RoutedMessage =
  | { outcome: "duplicate" }
  | { outcome: "unrouted"; eventId: number; reason: string }
  | {
      outcome: "routed";
      eventId: number;
      messageId: number;
      surveyId: number;
      decision: RoutingDecision;
      caseIds: number[];
      createdCaseId: number | null;
      autoReplyMessageId: number | null;
      /** SPEC §13: the out-of-hours reply queued for this message, if any. */
      outOfHoursMessageId: number | null;
      /** SPEC §12: what the message's keyword did; null for an ordinary message. */
      keyword: KeywordOutcome | null;
    };

// Row types of the raw SQL below, derived from the schema (left joins make them nullable).
type LinkRow = HoursColumns & {
  eventId: WebhookEvent["id"];
  linkId: NumberLink["id"] | null;
  channel: NumberLink["channel"] | null;
  multiCaseReply: NumberLink["multiCaseReply"] | null;
  surveyId: NumberLink["surveyId"] | null;
};

/** The link's columns every routing reads (SPEC §3, and §13's business hours). */
const LINK_COLUMNS = `l.id as "linkId", l.channel, l.multi_case_reply as "multiCaseReply", l.survey_id as "surveyId",
           l.time_zone as "timeZone", l.business_hours as "businessHours", l.out_of_hours_reply as "outOfHoursReply"`;

/** The survey's case settings, read after the settings lock (so never older than the editor's). */
type SettingsColumns = {
  /** SPEC §13 service levels (null = off), read with the case settings: no extra round trip. */
  firstResponseMinutes: Survey["firstResponseMinutes"];
  nextResponseMinutes: Survey["nextResponseMinutes"];
  closingValue: Survey["closingValue"];
  defaultStatus: Survey["defaultStatus"];
  statusQuestionName: SurveyQuestion["name"] | null;
};

type FactsRow = SettingsColumns & {
  messageId: Message["id"];
  /** The media_files row of a media message (null for others). */
  fileId?: number | null;
  /** The transaction's now(), as text (raw SQL reads timestamps as text). */
  now: string;
  openCases: OpenCaseSummary[];
  referencedCases: RoutingFacts["referencedCases"];
  lastAutoReplyAt: string | null;
};

/**
 * Logs and routes one inbound message. A message_uuid seen before (even one being routed
 * right now by another request, which this waits for) gives "duplicate" and changes nothing.
 */
export async function logAndRouteInbound(
  tx: Tx,
  finish: Finish,
  message: InboundMessage,
  rawBody: string,
  payload: unknown,
): Promise<RoutedMessage> {
  const sql = tx.$client;
  const { ourNumber: N, theirNumber: P } = message;
  // The unique index on inbound message_uuid is the dedup. The advisory lock serialises
  // routing per their number across every app process, so two messages arriving together
  // cannot both see "no open case" and create two cases — even through two of our numbers
  // that feed the same survey — and the automatic-reply throttle (per their number) holds.
  //
  // The shared settings lock makes a change of the survey's case settings (which recomputes
  // every case's open flag) wait for this routing, or this routing wait for it — so a case
  // created here never keeps an open flag from the settings before the change.
  //
  // A "failed, Vonage retries" row of this message (an earlier attempt's) is removed once
  // the message lands, so it no longer shows under Unrouted and failed messages.
  const [row] = await sql<LinkRow[]>`
    with event as (
      insert into webhook_events (kind, message_uuid, raw_body, payload, our_number, their_number)
      values ('inbound', ${message.messageUuid}, ${rawBody}, ${JSON.stringify(payload)}::jsonb, ${N}, ${P})
      on conflict do nothing
      returning id
    ), cleared as (
      delete from webhook_events
      where message_uuid = ${message.messageUuid} and kind = 'inbound' and outcome = 'failed' and exists (select 1 from event)
    )
    select event.id::int as "eventId",
           pg_advisory_xact_lock(${LOCK_SPACE.routing}, hashtext(${P}))::text as locked,
           ${sql.unsafe(LINK_COLUMNS)},
           case when l.survey_id is not null then pg_advisory_xact_lock_shared(${LOCK_SPACE.caseSettings}, l.survey_id)::text end as "settingsLocked"
    from event
    left join number_links l on l.our_number = ${N}`;
  if (!row) return { outcome: "duplicate" };
  return routeLoggedInbound(tx, finish, row, message, { reprocessing: false });
}

/**
 * "Process again" (Users > Conversations): routes one event that was kept as unrouted, now
 * that its number may be linked, through the same rules. Returns null when the event is no
 * longer unrouted (another admin processed it).
 */
export async function rerouteUnroutedEvent(tx: Tx, finish: Finish, eventId: number, message: InboundMessage): Promise<RoutedMessage | null> {
  const sql = tx.$client;
  const [row] = await sql<LinkRow[]>`
    select e.id::int as "eventId",
           pg_advisory_xact_lock(${LOCK_SPACE.routing}, hashtext(e.their_number))::text as locked,
           ${sql.unsafe(LINK_COLUMNS)},
           case when l.survey_id is not null then pg_advisory_xact_lock_shared(${LOCK_SPACE.caseSettings}, l.survey_id)::text end as "settingsLocked"
    from webhook_events e
    left join number_links l on l.our_number = e.our_number
    where e.id = ${eventId} and e.outcome = 'unrouted'
    for update of e`;
  if (!row || row.linkId === null) {
    await finish(sql`select 1`);
    return null;
  }
  return routeLoggedInbound(tx, finish, row, message, { reprocessing: true });
}

/** Routes a message whose event row is written. */
async function routeLoggedInbound(tx: Tx, finish: Finish, link: LinkRow, message: InboundMessage, { reprocessing }: { reprocessing: boolean }): Promise<RoutedMessage> {
  const sql = tx.$client;
  const { eventId } = link;
  if (link.linkId === null || link.surveyId === null || link.channel === null) {
    const reason = `No number link for ${message.ourNumber}`;
    await finish(sql`update webhook_events set outcome = 'unrouted', reason = ${reason}, processed_at = now() where id = ${eventId}`);
    return { outcome: "unrouted", eventId, reason };
  }
  const P = message.theirNumber;
  // The shared client is drizzle's, which hands dates and JSON to PostgreSQL as they are:
  // raw SQL here passes them as text with a cast, and reads timestamps back as text.
  const sentAt = message.sentAt?.toISOString() ?? null;
  const references = [...new Set(parseReferences(message.text).filter((id) => id > 0 && id <= Number.MAX_SAFE_INTEGER))];
  // SPEC §11: the file is copied later by the download worker, never here; a link Caseline
  // will not fetch (or none) is recorded as failed at once, with the reason.
  const file = inboundFilePlan(message.messageType, message.media, routingMediaRules());
  const fileRow = file
    ? sql`, file as (
        insert into media_files (message_id, direction, kind, state, source_url, name, failure_reason, next_attempt_at)
        select id, 'inbound', ${file.kind}, ${file.state}::media_state, ${file.sourceUrl}, ${file.name}, ${file.failureReason},
               ${file.state === "pending" ? sql`now()` : sql`null`}
        from m
        returning id
      )`
    : sql``;
  const fileColumns = file
    ? sql`, (select id::int from file) as "fileId"${file.state === "pending" ? sql`, pg_notify(${MEDIA_WAKE_CHANNEL}, '')::text as woken` : sql``}`
    : sql``;
  const keyword = keywordOfInbound(message, link.channel);
  const optingOut = keyword?.action === "opt_out";
  // An opt-out or HELP keyword has its own answer (or, opting out, none but the
  // confirmation): never the multi-case reply too.
  const multiCaseReply = keyword && keyword.action !== "opt_in" ? "" : (link.multiCaseReply ?? "");
  // The routing statement commits with its last statement unless the keyword's follows it.
  const end: Finish = keyword ? async (last) => await last : finish;

  // A fresh statement, so its snapshot is taken after the lock: it sees every case that
  // the previous message of this person created.
  const [facts] = await sql<FactsRow[]>`
    with m as (
      insert into messages (direction, channel, our_number, their_number, message_type, text, media,
                            provider_message_id, status, provider_timestamp, at, profile_name)
      values ('inbound', ${message.channel}, ${message.ourNumber}, ${P}, ${message.messageType}, ${message.text},
              ${message.media ? JSON.stringify(message.media) : null}::jsonb, ${message.messageUuid}, 'received',
              ${sentAt}::timestamptz, coalesce(${sentAt}::timestamptz, now()), ${message.profileName})
      returning id
    )${fileRow}, settings as (
      select s.closing_value, s.default_status, q.name as status_question_name,
             s.first_response_minutes, s.next_response_minutes,
             (q.name is not null and s.closing_value is not null) as cases_enabled
      from surveys s left join survey_questions q on q.id = s.status_question_id
      where s.id = ${link.surveyId}
    )
    select m.id::int as "messageId", now() as now,
      settings.closing_value as "closingValue", settings.default_status as "defaultStatus",
      settings.status_question_name as "statusQuestionName",
      settings.first_response_minutes as "firstResponseMinutes", settings.next_response_minutes as "nextResponseMinutes",
      case when settings.cases_enabled then (
        select coalesce(json_agg(json_build_object('id', c.id, 'title', c.title) order by c.id), '[]')
        from cases c where c.survey_id = ${link.surveyId} and c.their_number = ${P} and c.open
      ) else '[]' end as "openCases",
      case when settings.cases_enabled and ${references.length > 0} then (
        select coalesce(json_agg(json_build_object('id', c.id, 'surveyId', c.survey_id, 'theirNumber', c.their_number, 'open', c.open)), '[]')
        from cases c where c.id = any(${references}::bigint[])
      ) else '[]' end as "referencedCases",
      case when settings.cases_enabled and ${multiCaseReply.trim() !== ""} then (
        select max(x.at) from messages x
        where x.their_number = ${P} and x.direction = 'outbound' and x.automatic
      ) end as "lastAutoReplyAt"${fileColumns}
    from m left join settings on true`;
  const { messageId, now } = facts!;
  if (file?.state === "pending") await enqueueMediaDownload(sql, facts!.fileId!);
  const settings: SettingsColumns = facts!;
  const casesEnabled = hasCases(settings);

  const decision = decideRouting({
    survey: { id: link.surveyId, casesEnabled },
    multiCaseReply,
    theirNumber: P,
    text: message.text,
    openCases: facts!.openCases,
    referencedCases: facts!.referencedCases,
    lastAutoReplyAt: facts!.lastAutoReplyAt ? new Date(facts!.lastAutoReplyAt) : null,
    now: new Date(now),
  });
  // The outgoing webhook event, written by the statement that applies the decision below.
  const at = message.sentAt ?? new Date(now); // the message's `at`, as stored above
  // SPEC §13: judged at the provider's timestamp; the throttle and opt-out are in its SQL.
  const oohText = outOfHoursReplyText(link, at, { keyword: keyword !== null, reprocessing });
  const ooh = oohText ? { text: oohText, channel: link.channel, ourNumber: message.ourNumber, theirNumber: P } : null;
  const oohCount = outOfHoursCount(sql, ooh !== null);
  // A queued reply needs its send job after the statement, so the statement cannot carry COMMIT.
  const last: Finish = ooh ? async (query) => await query : end;
  const oohReplyId = sql`${ooh ? sql`(select id::int from ooh)` : sql`null::int`} as "outOfHoursId"`;
  const queueOutOfHours = async (id: number | null | undefined) => {
    if (id == null) return null;
    await enqueueSend(tx, id);
    return id;
  };
  const received = (caseIds: number[]) =>
    webhookPayload("message.received", receivedMessageData({ messageId, message, at, caseIds, surveyId: link.surveyId! }));

  if (decision.kind === "create") {
    const status = casesEnabled ? settings.defaultStatus : null;
    const answers = status !== null && settings.statusQuestionName ? { [settings.statusQuestionName]: status } : {};
    const open = isOpen(settings, status);
    const title = caseTitle(message.text, message.messageType);
    // SPEC §13: an open case made by a message waits for its first reply — not by an opt-out
    // keyword, which awaits nothing (and no reply could be sent to it).
    const due = open && !optingOut ? dueOnNewCase(settings, new Date(now)) : null;
    // The new case's id is only known in SQL: the events get it there.
    const messageEvent = received([]);
    const caseEvent = webhookPayload("case.created", {
      case: caseSummary({ id: 0, surveyId: link.surveyId, title, status, open, theirNumber: P, ourNumber: message.ourNumber, channel: link.channel, lastActivityAt: now }),
      cause: "message",
      messageId,
      fromCaseId: null,
    });
    const [created] = await last(sql<Array<Pick<Case, "id"> & { outOfHoursId: number | null }>>`
      with ${ooh ? sql`${outOfHoursMessage(sql, ooh)},` : sql``} c as (
        insert into cases (survey_id, their_number, our_number, channel, title, status, answers, open, message_count, last_activity_at,
                           response_due_at, response_due_kind)
        values (${link.surveyId}, ${P}, ${message.ourNumber}, ${link.channel}, ${title},
                ${status}, ${JSON.stringify(answers)}::jsonb, ${open}, 1 + ${oohCount}, now(),
                ${due?.at.toISOString() ?? null}::timestamptz, ${due?.kind ?? null}::response_due_kind)
        returning id
      ), hook_message as (
        ${insertDeliveries(sql, {
          type: "message.received",
          eventId: messageEvent.id,
          payload: sql`jsonb_set(${JSON.stringify(messageEvent)}::jsonb, '{data,caseIds}', jsonb_build_array(c.id))`,
          theirNumber: P,
          from: sql`cross join c`,
        })}
      ), hook_case as (
        ${insertDeliveries(sql, {
          type: "case.created",
          eventId: caseEvent.id,
          payload: sql`jsonb_set(${JSON.stringify(caseEvent)}::jsonb, '{data,case,id}', to_jsonb(c.id))`,
          theirNumber: P,
          from: sql`cross join c`,
        })}
      ), linked as (
        insert into case_messages (case_id, message_id) select id, ${messageId}::bigint from c
      ), history as (
        insert into case_events (case_id, type, message_id, data)
        select id, 'created', ${messageId}::bigint, ${JSON.stringify({ reason: decision.reason, from: P })}::jsonb from c
      ), logged as (
        update webhook_events set outcome = 'routed', reason = null, message_id = ${messageId}, processed_at = now()
        where id = ${eventId}
      )${ooh ? sql`, ${outOfHoursRecords(sql, sql`(select id as case_id from c) as created_case`)}` : sql``}
      select id::int, pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', ${link.surveyId}::int, 'caseIds', json_build_array(id), 'kind', 'message')::text),
             ${oohReplyId}
      from c`);
    const caseIds = [created!.id];
    const outOfHoursMessageId = await queueOutOfHours(created!.outOfHoursId);
    return {
      outcome: "routed",
      eventId,
      messageId,
      surveyId: link.surveyId,
      decision,
      caseIds,
      createdCaseId: created!.id,
      autoReplyMessageId: null,
      outOfHoursMessageId,
      keyword: keyword ? await applyKeyword(tx, { keyword, linkId: link.linkId, ourNumber: message.ourNumber, theirNumber: P, messageId, caseIds }) : null,
    };
  }

  const caseIds = decision.caseIds;
  const messageEvent = received(caseIds);
  const dueSet = optingOut ? sql`` : dueAfterInboundSet(sql, settings);
  const hookMessage = insertDeliveries(sql, { type: "message.received", eventId: messageEvent.id, payload: payloadJson(sql, messageEvent), theirNumber: P });
  // SPEC §13: each case's assignee hears of the message, in the statement that appends it (a
  // SELECT CTE runs only when read: `announced` is read by the statement's own result).
  const notified = sql`n as (${insertNotifications(sql, newMessageRecipients(sql, { caseIds, messageId }))}), announced as (${announceNotifications(sql, "n")})`;
  let autoReplyMessageId: number | null = null;
  let outOfHoursMessageId: number | null = null;
  if (decision.autoReply) {
    // The automatic reply is queued as an outbound message, recorded in every one of those
    // cases, and its send job is queued in this same transaction: the worker delivers it
    // like any reply. (One more round trip, on this rare, throttled path only.) Never to a
    // number that opted out of this one (SPEC §12): then the message is routed, no reply.
    const [reply] = await sql<Array<{ id: Message["id"] | null; outOfHoursId: number | null }>>`
      with ${ooh ? sql`${outOfHoursMessage(sql, ooh)},` : sql``} r as (
        insert into messages (direction, channel, our_number, their_number, text, status, automatic, automatic_kind, at)
        select 'outbound', ${link.channel}::message_channel, ${message.ourNumber}::text, ${P}::text, ${decision.autoReply}::text,
               'queued', true, 'multi_case', now()
        where ${mayAutoReplySql(sql, { channel: link.channel, ourNumber: message.ourNumber, theirNumber: P })}
        returning id
      ), linked as (
        insert into case_messages (case_id, message_id)
        select case_id, m from unnest(${caseIds}::bigint[]) as case_id, (select ${messageId}::bigint as m union all select id from r) as ids
      ), history as (
        insert into case_events (case_id, type, message_id, data)
        select case_id, 'auto_reply', r.id, ${JSON.stringify({ openCases: caseIds.length })}::jsonb from unnest(${caseIds}::bigint[]) as case_id, r
      ), touched as (
        update cases set message_count = message_count + 1 + (select count(*) from r)::int + ${oohCount}, last_activity_at = now(), updated_at = now()${dueSet}
        where id = any(${caseIds}::bigint[])
      ), logged as (
        update webhook_events set outcome = 'routed', reason = null, message_id = ${messageId}, processed_at = now()
        where id = ${eventId}
      ), hook_message as (${hookMessage}), ${notified}${ooh ? sql`, ${outOfHoursRecords(sql, sql`unnest(${caseIds}::bigint[]) as case_id`)}` : sql``}
      select (select id::int from r) as id, pg_notify(${CHANGES_CHANNEL}, ${changePayload({ surveyId: link.surveyId, caseIds, kind: "message" })}),
             (select written from announced) as notified, ${oohReplyId}`;
    if (reply!.id !== null) {
      await enqueueSend(tx, reply!.id);
      autoReplyMessageId = reply!.id;
    }
    outOfHoursMessageId = await queueOutOfHours(reply!.outOfHoursId);
  } else {
    const [appended] = await last(sql<Array<{ outOfHoursId: number | null }>>`
      with ${ooh ? sql`${outOfHoursMessage(sql, ooh)},` : sql``} linked as (
        insert into case_messages (case_id, message_id) select unnest(${caseIds}::bigint[]), ${messageId}::bigint
      ), touched as (
        update cases set message_count = message_count + 1 + ${oohCount}, last_activity_at = now(), updated_at = now()${dueSet}
        where id = any(${caseIds}::bigint[])
      ), hook_message as (${hookMessage}), ${notified}${ooh ? sql`, ${outOfHoursRecords(sql, sql`unnest(${caseIds}::bigint[]) as case_id`)}` : sql``}
      update webhook_events set outcome = 'routed', reason = null, message_id = ${messageId}, processed_at = now()
      where id = ${eventId}
      returning pg_notify(${CHANGES_CHANNEL}, ${changePayload({ surveyId: link.surveyId, caseIds, kind: "message" })}),
                (select written from announced) as notified, ${oohReplyId}`);
    outOfHoursMessageId = await queueOutOfHours(appended?.outOfHoursId);
  }
  const keywordOutcome = keyword
    ? await applyKeyword(tx, { keyword, linkId: link.linkId, ourNumber: message.ourNumber, theirNumber: P, messageId, caseIds })
    : null;
  return { outcome: "routed", eventId, messageId, surveyId: link.surveyId, decision, caseIds, createdCaseId: null, autoReplyMessageId, outOfHoursMessageId, keyword: keywordOutcome };
}
