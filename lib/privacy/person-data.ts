// Erase or export a person (SPEC §16): everything Caseline holds OF one number, across every
// survey, chosen once (selectPerson) and then counted (preview), read (export) or deleted
// (erase) — so the three always cover the same rows.
//
// Data of a number: the messages from and to it (and their media: the payload on the message,
// and the stored files — media_files, their blobs and chunks — which go with the messages by
// cascade; the export lists the files' metadata, not their bytes); the cases holding only its messages (their history, answers, notes — the
// free-text field and the thread's notes with their mentions — and read marks go with them by
// cascade); its messages in anyone else's case (removed from it, with the history events
// pointing at them); the webhook event log rows about it (its number, its messages, or — for
// bodies that were never understood — the number written in the raw body); the Phone
// simulator's messages of that phone; outgoing webhook deliveries about it; its opt-outs
// (SPEC §12: the numbers of ours it opted out of, and every opt-out and opt-in it sent —
// erased, they no longer refuse replies to it). The audit log
// keeps its entries about the erased cases (that something was done, by whom, when) with
// their before → after cleared, and one "person.erased" entry with the counts and a masked
// number.
//
// To cover a new kind of data: select its ids in
// selectPerson, count it in countsOf, read it in exportPerson and delete it in erasePerson.
// The erase test scans every table of the database for the number, so a kind left out fails it.
import "server-only";
import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { transaction, type Tx } from "@/lib/db/client";
import { sqlState } from "@/lib/db/errors";
import { LOCK_SPACE } from "@/lib/db/locks";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { maskNumber, type PersonCounts } from "./counts";

/** The ids of every row of one number, in every table that holds any. */
export type PersonSelection = {
  number: string;
  inboundMessageIds: number[];
  outboundMessageIds: number[];
  mediaMessageIds: number[];
  /** Stored files of its messages (deleted with them, by cascade) and their bytes. */
  mediaFileIds: number[];
  mediaBytes: number;
  /** Cases that hold only its messages (or are its cases): deleted. */
  caseIds: number[];
  /** Other numbers' cases holding some of its messages: kept, without them. */
  keptCaseIds: number[];
  /** History events of kept cases that point at its messages. */
  keptCaseEventIds: number[];
  /** Every case above with its survey, for the live-update notices. */
  heldCases: Array<{ id: number; surveyId: number }>;
  webhookEventIds: number[];
  simulatorMessageIds: number[];
  webhookDeliveryIds: number[];
  auditEntryIds: number[];
  /** Our numbers it has opted out of (opt_outs is keyed by the pair, so these name its rows). */
  optOutOurNumbers: string[];
  /** Its opt-out and opt-in history (opt_out_events). */
  optOutEventIds: number[];
};

/** The number as stored (E.164 digits), or a 400 naming the field. */
export function personNumber(input: string): string {
  const normalised = normalisePhoneNumber(input);
  if (!normalised.ok) throw new AppError("bad_request", `Number: ${normalised.error}`);
  return normalised.number;
}

/**
 * A number written in a body as a whole run of digits (with or without "+"): never as part of
 * a longer number. The number is digits only, so it is safe inside the pattern.
 */
function numberPattern(number: string): string {
  return `(^|[^0-9])${number}([^0-9]|$)`;
}

export async function selectPerson(tx: Tx, number: string): Promise<PersonSelection> {
  const pattern = numberPattern(number);
  const [row] = await tx.$client<Array<Omit<PersonSelection, "number">>>`
    with m as (
      select id, direction, media is not null as has_media, provider_message_id from messages where their_number = ${number}
    ), held as (
      select c.id, c.survey_id, c.their_number from cases c
      where c.their_number = ${number}
         or c.id in (select cm.case_id from case_messages cm where cm.message_id in (select id from m))
    ), doomed as (
      -- Its own cases, and any case holding nothing but its messages. (Routing only ever puts a
      -- number's messages in that number's cases, so "kept" is empty unless that changes.)
      select h.id from held h
      where h.their_number = ${number}
         or not exists (select 1 from case_messages cm where cm.case_id = h.id and cm.message_id not in (select id from m))
    ), kept as (
      select id from held where id not in (select id from doomed)
    )
    select
      coalesce((select array_agg(id::int order by id) from m where direction = 'inbound'), '{}') as "inboundMessageIds",
      coalesce((select array_agg(id::int order by id) from m where direction = 'outbound'), '{}') as "outboundMessageIds",
      coalesce((select array_agg(id::int order by id) from m where has_media), '{}') as "mediaMessageIds",
      coalesce((select array_agg(f.id::int order by f.id) from media_files f where f.message_id in (select id from m)), '{}') as "mediaFileIds",
      coalesce((select sum(f.size)::float8 from media_files f where f.message_id in (select id from m) and f.state = 'saved'), 0) as "mediaBytes",
      coalesce((select array_agg(id::int order by id) from doomed), '{}') as "caseIds",
      coalesce((select array_agg(id::int order by id) from kept), '{}') as "keptCaseIds",
      coalesce((select array_agg(e.id::int order by e.id) from case_events e
                where e.case_id in (select id from kept) and e.message_id in (select id from m)), '{}') as "keptCaseEventIds",
      coalesce((select json_agg(json_build_object('id', id, 'surveyId', survey_id) order by id) from held), '[]') as "heldCases",
      coalesce((select array_agg(e.id::int order by e.id) from webhook_events e
                where e.their_number = ${number}
                   or e.message_id in (select id from m)
                   or e.message_uuid in (select provider_message_id from m where provider_message_id is not null)
                   or (e.their_number is null and e.message_id is null and e.raw_body ~ ${pattern})), '{}') as "webhookEventIds",
      coalesce((select array_agg(id::int order by id) from simulator_messages where their_number = ${number}), '{}') as "simulatorMessageIds",
      coalesce((select array_agg(d.id::int order by d.id) from webhook_deliveries d
                where d.their_number = ${number} or (d.their_number is null and d.payload::text ~ ${pattern})), '{}') as "webhookDeliveryIds",
      coalesce((select array_agg(a.id::int order by a.id) from audit_log a where a.case_id in (select id from doomed)), '{}') as "auditEntryIds",
      coalesce((select array_agg(o.our_number order by o.our_number) from opt_outs o where o.their_number = ${number}), '{}') as "optOutOurNumbers",
      coalesce((select array_agg(o.id::int order by o.id) from opt_out_events o where o.their_number = ${number}), '{}') as "optOutEventIds"`;
  return { number, ...row! };
}

export function countsOf(s: PersonSelection): PersonCounts {
  return {
    messagesFrom: s.inboundMessageIds.length,
    messagesTo: s.outboundMessageIds.length,
    media: s.mediaMessageIds.length,
    mediaFiles: s.mediaFileIds.length,
    mediaBytes: s.mediaBytes,
    cases: s.caseIds.length,
    casesKept: s.keptCaseIds.length,
    surveys: new Set(s.heldCases.map((c) => c.surveyId)).size,
    webhookEvents: s.webhookEventIds.length,
    simulatorMessages: s.simulatorMessageIds.length,
    webhookDeliveries: s.webhookDeliveryIds.length,
    auditEntries: s.auditEntryIds.length,
    optOuts: s.optOutOurNumbers.length,
    optOutEvents: s.optOutEventIds.length,
  };
}

/** A consistent, read-only view of the person's data (one snapshot for every query). */
function readSnapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    return work(tx);
  });
}

/** What erasing the number would delete, as counts (owners and admins). */
export async function previewErase(actor: CurrentUser, input: string): Promise<{ number: string; counts: PersonCounts }> {
  assertRole(actor, ADMIN_ROLES);
  const number = personNumber(input);
  const counts = await readSnapshot(async (tx) => countsOf(await selectPerson(tx, number)));
  return { number, counts };
}

export type PersonExport = {
  format: "caseline.person.v1";
  number: string;
  exportedAt: string;
  counts: PersonCounts;
  messages: unknown[];
  /** The stored files' metadata; their bytes are not in the export (each is at /api/v1/media/{id}). */
  mediaFiles: unknown[];
  cases: unknown[];
  casesKept: unknown[];
  webhookEvents: unknown[];
  simulatorMessages: unknown[];
  webhookDeliveries: unknown[];
  auditEntries: unknown[];
  optOuts: unknown[];
  optOutEvents: unknown[];
};

/**
 * The same selection as one JSON document (owners and admins): its messages, the metadata of
 * their stored files (not the bytes), its cases with
 * their history, answers, notes and the team's notes in the thread (`threadNotes`), the ids
 * of its messages in other people's cases (not those cases, which are someone else's), the
 * raw webhooks about it, the simulator's messages, the outgoing webhook deliveries, the
 * audit entries of its cases, and its opt-outs with their history. The export itself is audited (with the counts and a masked
 * number).
 */
export async function exportPerson(actor: CurrentUser, input: string): Promise<PersonExport> {
  assertRole(actor, ADMIN_ROLES);
  const number = personNumber(input);
  const document = await readSnapshot(async (tx) => {
    const s = await selectPerson(tx, number);
    const messageIds = [...s.inboundMessageIds, ...s.outboundMessageIds];
    const [parts] = await tx.$client<Array<Omit<PersonExport, "format" | "number" | "exportedAt" | "counts">>>`
      select
        coalesce((select json_agg(json_build_object(
            'id', m.id, 'direction', m.direction, 'channel', m.channel, 'ourNumber', m.our_number, 'theirNumber', m.their_number,
            'type', m.message_type, 'text', m.text, 'media', m.media, 'template', m.template, 'status', m.status, 'errorCode', m.error_code,
            'errorDetail', m.error_detail, 'automatic', m.automatic, 'profileName', m.profile_name,
            'providerMessageId', m.provider_message_id, 'providerTimestamp', m.provider_timestamp, 'at', m.at, 'createdAt', m.created_at,
            'caseIds', coalesce((select json_agg(cm.case_id order by cm.case_id) from case_messages cm where cm.message_id = m.id), '[]')
          ) order by m.at, m.id) from messages m where m.id = any(${messageIds}::bigint[])), '[]') as messages,
        coalesce((select json_agg(json_build_object(
            'id', f.id, 'messageId', f.message_id, 'direction', f.direction, 'type', f.kind, 'name', f.name,
            'contentType', f.content_type, 'size', f.size, 'sha256', f.sha256, 'state', f.state, 'failureReason', f.failure_reason,
            'sourceUrl', f.source_url, 'createdAt', f.created_at, 'savedAt', f.saved_at,
            'bytes', 'not included in this export: download them (GET /api/v1/media/' || f.id || ') before erasing if they are needed'
          ) order by f.id) from media_files f where f.id = any(${s.mediaFileIds}::bigint[])), '[]') as "mediaFiles",
        coalesce((select json_agg(json_build_object(
            'id', c.id, 'surveyId', c.survey_id, 'survey', s.name, 'theirNumber', c.their_number, 'ourNumber', c.our_number,
            'channel', c.channel, 'title', c.title, 'notes', c.notes, 'answers', c.answers, 'status', c.status, 'open', c.open,
            'createdAt', c.created_at, 'lastActivityAt', c.last_activity_at,
            'messageIds', coalesce((select json_agg(cm.message_id order by cm.message_id) from case_messages cm where cm.case_id = c.id), '[]'),
            'history', coalesce((select json_agg(json_build_object(
                'type', e.type, 'at', e.at, 'messageId', e.message_id, 'actorUserId', e.actor_user_id, 'data', e.data
              ) order by e.at, e.id) from case_events e where e.case_id = c.id), '[]'),
            'threadNotes', coalesce((select json_agg(json_build_object(
                'id', n.id, 'at', n.at, 'authorUserId', n.author_id, 'text', n.text,
                'mentionedUserIds', coalesce((select json_agg(nm.user_id order by nm.user_id) from note_mentions nm where nm.note_id = n.id), '[]')
              ) order by n.at, n.id) from case_notes n where n.case_id = c.id), '[]')
          ) order by c.id) from cases c join surveys s on s.id = c.survey_id where c.id = any(${s.caseIds}::bigint[])), '[]') as cases,
        coalesce((select json_agg(json_build_object(
            'id', c.id, 'surveyId', c.survey_id,
            'messageIds', (select json_agg(cm.message_id order by cm.message_id) from case_messages cm
                           where cm.case_id = c.id and cm.message_id = any(${messageIds}::bigint[]))
          ) order by c.id) from cases c where c.id = any(${s.keptCaseIds}::bigint[])), '[]') as "casesKept",
        coalesce((select json_agg(json_build_object(
            'id', e.id, 'kind', e.kind, 'receivedAt', e.received_at, 'outcome', e.outcome, 'reason', e.reason,
            'messageId', e.message_id, 'rawBody', e.raw_body
          ) order by e.id) from webhook_events e where e.id = any(${s.webhookEventIds}::bigint[])), '[]') as "webhookEvents",
        coalesce((select json_agg(json_build_object(
            'id', x.id, 'direction', x.direction, 'channel', x.channel, 'ourNumber', x.our_number, 'theirNumber', x.their_number,
            'text', x.text, 'outcome', x.outcome, 'createdAt', x.created_at
          ) order by x.id) from simulator_messages x where x.id = any(${s.simulatorMessageIds}::bigint[])), '[]') as "simulatorMessages",
        coalesce((select json_agg(json_build_object(
            'id', d.id, 'eventType', d.event_type, 'payload', d.payload, 'state', d.state, 'attempts', d.attempts,
            'createdAt', d.created_at, 'deliveredAt', d.delivered_at
          ) order by d.id) from webhook_deliveries d where d.id = any(${s.webhookDeliveryIds}::bigint[])), '[]') as "webhookDeliveries",
        coalesce((select json_agg(json_build_object(
            'id', a.id, 'at', a.at, 'action', a.action, 'caseId', a.case_id, 'before', a.before, 'after', a.after
          ) order by a.at, a.id) from audit_log a where a.id = any(${s.auditEntryIds}::bigint[])), '[]') as "auditEntries",
        coalesce((select json_agg(json_build_object(
            'ourNumber', o.our_number, 'keyword', o.keyword, 'messageId', o.message_id, 'since', o.since
          ) order by o.our_number) from opt_outs o where o.their_number = ${number} and o.our_number = any(${s.optOutOurNumbers}::text[])), '[]') as "optOuts",
        coalesce((select json_agg(json_build_object(
            'id', o.id, 'ourNumber', o.our_number, 'action', o.action, 'keyword', o.keyword, 'messageId', o.message_id, 'at', o.at
          ) order by o.at, o.id) from opt_out_events o where o.id = any(${s.optOutEventIds}::bigint[])), '[]') as "optOutEvents"`;
    return { counts: countsOf(s), ...parts! };
  });
  await transaction(async (tx) => {
    await recordAudit(tx, actor, { action: "person.exported", target: `person:${maskNumber(number)}`, after: { ...document.counts } });
  });
  return { format: "caseline.person.v1", number: `+${number}`, exportedAt: new Date().toISOString(), ...document };
}

/**
 * Deletes everything of the number in one transaction (owners and admins) and returns the
 * counts. It holds the number's routing lock (lib/inbound/route-inbound.ts takes the same one),
 * so a message from that number arriving meanwhile waits, and lands — as new — after it.
 */
export async function erasePerson(actor: CurrentUser, input: string): Promise<{ number: string; counts: PersonCounts }> {
  assertRole(actor, ADMIN_ROLES);
  const number = personNumber(input);
  // The erasure locks the person's cases, then their messages; a Retry locks a message, then
  // its cases. When the two meet, PostgreSQL ends one of them (a deadlock): the erasure then
  // simply runs again, after the other change.
  for (let attempt = 1; ; attempt++) {
    try {
      return { number, counts: await eraseOnce(actor, number) };
    } catch (error) {
      if (sqlState(error) !== "40P01" || attempt >= 3) throw error;
    }
  }
}

async function eraseOnce(actor: CurrentUser, number: string): Promise<PersonCounts> {
  return transaction(async (tx) => {
    const q = tx.$client;
    await q`select pg_advisory_xact_lock(${LOCK_SPACE.routing}, hashtext(${number}))`;
    // Its cases and messages are locked before they are chosen: a reply, an edit or a status
    // being stored for them finishes first or waits (and then finds them gone).
    await q`
      select c.id from cases c
      where c.their_number = ${number}
         or c.id in (select cm.case_id from case_messages cm join messages m on m.id = cm.message_id where m.their_number = ${number})
      order by c.id for update of c`;
    const locked = await q<Array<{ inFlight: boolean }>>`
      select status = 'queued' and request_started_at is not null as "inFlight"
      from messages where their_number = ${number} order by id for update`;
    if (locked.some((m) => m.inFlight)) {
      // The carrier may have it: its delivery reports would come back about a message that no
      // longer exists. The send settles within a minute (lib/worker/send-message.ts).
      throw new AppError("conflict", "A reply to this number is being handed to the carrier right now. Try again in a minute.");
    }
    const s = await selectPerson(tx, number);
    const messageIds = [...s.inboundMessageIds, ...s.outboundMessageIds];

    await q`delete from webhook_events where id = any(${s.webhookEventIds}::bigint[])`;
    await q`delete from case_events where id = any(${s.keptCaseEventIds}::bigint[])`;
    // Their messages' links, history and read marks go with them (on delete cascade).
    await q`delete from cases where id = any(${s.caseIds}::bigint[])`;
    // Their stored files, the files' blobs and chunks go with them too (on delete cascade).
    await q`delete from messages where id = any(${messageIds}::bigint[])`;
    await q`
      update cases c set message_count = (select count(*) from case_messages cm where cm.case_id = c.id), updated_at = now()
      where c.id = any(${s.keptCaseIds}::bigint[])`;
    await q`delete from simulator_messages where id = any(${s.simulatorMessageIds}::bigint[])`;
    await q`delete from webhook_deliveries where id = any(${s.webhookDeliveryIds}::bigint[])`;
    await q`delete from opt_outs where their_number = ${number} and our_number = any(${s.optOutOurNumbers}::text[])`;
    await q`delete from opt_out_events where id = any(${s.optOutEventIds}::bigint[])`;
    // That something was done stays; what it was (titles, notes, answers, comments) goes.
    await q`update audit_log set before = null, after = '{"erased": true}'::jsonb where id = any(${s.auditEntryIds}::bigint[])`;

    const counts = countsOf(s);
    await recordAudit(tx, actor, { action: "person.erased", target: `person:${maskNumber(number)}`, after: { ...counts } });
    const bySurvey = new Map<number, number[]>();
    for (const c of s.heldCases) bySurvey.set(c.surveyId, [...(bySurvey.get(c.surveyId) ?? []), c.id]);
    for (const [surveyId, caseIds] of bySurvey) await notifyCaseChange(tx, { surveyId, caseIds, kind: "edited" });
    return counts;
  });
}

/** The export's download name: "caseline-person-447700900123.json". */
export function personExportFileName(number: string): string {
  return `caseline-person-${number.replace(/\D/g, "")}.json`;
}
