// SPEC §12 inside the inbound routing transaction (lib/inbound/route-inbound.ts): what an
// opt-out, opt-in or HELP keyword does once its message has been routed into its cases like
// any other. One statement (data-modifying CTEs), run only for a keyword — an ordinary
// message never gets here — plus the send job when it queues an automatic message.
//
// The routing lock (per their number, taken by the caller) serialises this with every other
// message of that person, so "was already opted out" and the HELP throttle cannot race.
import "server-only";
import type postgres from "postgres";
import type { Tx } from "@/lib/db/client";
import type { AutomaticKind } from "@/lib/db/schema";
import { AUTO_REPLY_INTERVAL_MS } from "@/lib/cases/multi-case-reply";
import { enqueueSend } from "@/lib/jobs/send-queue";
import type { SmsKeyword } from "./keywords";

export type KeywordFacts = {
  keyword: SmsKeyword;
  linkId: number;
  ourNumber: string;
  theirNumber: string;
  /** The keyword message itself. */
  messageId: number;
  /** The cases the message went to. */
  caseIds: number[];
};

export type KeywordOutcome = {
  action: SmsKeyword["action"];
  keyword: string;
  /** Opt-out: the number was not opted out before; opt-in: it was (and now is not); HELP: answered. */
  changed: boolean;
  /** The automatic message queued in answer (opt-out confirmation or help text), if any. */
  replyMessageId: number | null;
};

/** Applies the keyword; the caller commits. */
export async function applyKeyword(tx: Tx, facts: KeywordFacts): Promise<KeywordOutcome> {
  const { keyword } = facts;
  const row =
    keyword.action === "opt_out" ? await optOut(tx, facts) : keyword.action === "opt_in" ? await optIn(tx, facts) : await answerHelp(tx, facts);
  if (row.replyId !== null) await enqueueSend(tx, row.replyId);
  return { action: keyword.action, keyword: keyword.keyword, changed: row.changed, replyMessageId: row.replyId };
}

type Row = { changed: boolean; replyId: number | null };

/**
 * The automatic answer as CTEs: the message (when `condition` holds, with the text chosen by
 * its kind from the link `l`), recorded in every case of the keyword message, with an
 * auto_reply history event saying which kind. Names the CTE `r`.
 */
function automaticReply(sql: Tx["$client"], facts: KeywordFacts, kind: AutomaticKind, condition: postgres.PendingQuery<postgres.Row[]>) {
  const text = kind === "help" ? sql`l.help_text` : sql`l.opt_out_confirmation`;
  return sql`
    r as (
      insert into messages (direction, channel, our_number, their_number, text, status, automatic, automatic_kind, at)
      select 'outbound', 'sms', ${facts.ourNumber}::text, ${facts.theirNumber}::text, ${text}, 'queued', true, ${kind}::text, now()
      from number_links l
      where l.id = ${facts.linkId}::int and btrim(${text}) <> '' and ${condition}
      returning id
    ), reply_linked as (
      insert into case_messages (case_id, message_id) select case_id, r.id from unnest(${facts.caseIds}::bigint[]) as case_id, r
    ), reply_history as (
      insert into case_events (case_id, type, message_id, data)
      select case_id, 'auto_reply', r.id, ${JSON.stringify({ kind })}::jsonb from unnest(${facts.caseIds}::bigint[]) as case_id, r
    ), reply_touched as (
      update cases set message_count = message_count + 1, last_activity_at = now(), updated_at = now()
      where id = any(${facts.caseIds}::bigint[]) and exists (select 1 from r)
    )`;
}

/**
 * The history event's time: the keyword message's own (when they texted it, by the provider's
 * clock), so the thread shows it right after that message and before the confirmation.
 */
function keywordAt(sql: Tx["$client"], messageId: number) {
  return sql`(select m.at from messages m where m.id = ${messageId}::bigint)`;
}

/**
 * Keywords count in the order the person sent them, not the order their webhooks reach us:
 * Vonage retries a webhook for up to 24 hours, so a "YES" answered with a 5xx during a deploy
 * may land after the "STOP" sent after it. A keyword older than the pair's newest recorded one
 * is kept (its event and case history) but changes nothing.
 */
function newerKeyword(sql: Tx["$client"], facts: KeywordFacts) {
  return sql`exists (
    select 1 from opt_out_events e
    where e.their_number = ${facts.theirNumber} and e.our_number = ${facts.ourNumber}
      and e.at > ${keywordAt(sql, facts.messageId)})`;
}

async function optOut(tx: Tx, facts: KeywordFacts): Promise<Row> {
  const sql = tx.$client;
  const { ourNumber: N, theirNumber: P, messageId } = facts;
  const data = JSON.stringify({ keyword: facts.keyword.keyword, ourNumber: N });
  // `before` and `newer` read the snapshot the statement started with: the rows it adds are
  // not in them. Opted out already: the opt-out stays as it was (its first keyword and time),
  // the new STOP is recorded, and no second confirmation goes out.
  const [row] = await sql<Row[]>`
    with before as (
      select 1 from opt_outs where our_number = ${N} and their_number = ${P}
    ), newer as (
      select ${newerKeyword(sql, facts)} as yes
    ), upserted as (
      insert into opt_outs (our_number, their_number, keyword, message_id, since)
      select ${N}, ${P}, ${facts.keyword.keyword}, ${messageId}::bigint, ${keywordAt(sql, messageId)}
      from newer where not newer.yes
      on conflict (our_number, their_number) do nothing
    ), logged as (
      insert into opt_out_events (our_number, their_number, action, keyword, message_id, at)
      values (${N}, ${P}, 'opted_out', ${facts.keyword.keyword}, ${messageId}, ${keywordAt(sql, messageId)})
    ), history as (
      insert into case_events (case_id, type, message_id, data, at)
      select case_id, 'opted_out', ${messageId}::bigint, ${data}::jsonb, ${keywordAt(sql, messageId)} from unnest(${facts.caseIds}::bigint[]) as case_id
    ), ${automaticReply(sql, facts, "opt_out_confirmation", sql`not exists (select 1 from before) and not (select yes from newer)`)}
    select not exists (select 1 from before) and not (select yes from newer) as changed, (select id::int from r) as "replyId"`;
  return row!;
}

async function optIn(tx: Tx, facts: KeywordFacts): Promise<Row> {
  const sql = tx.$client;
  const { ourNumber: N, theirNumber: P, messageId } = facts;
  const data = JSON.stringify({ keyword: facts.keyword.keyword, ourNumber: N });
  // Only an opted-out number opts back in (YES is an everyday answer otherwise), and only by a
  // keyword sent after the opt-out.
  const [row] = await sql<Row[]>`
    with gone as (
      delete from opt_outs where our_number = ${N} and their_number = ${P} and not ${newerKeyword(sql, facts)} returning 1
    ), logged as (
      insert into opt_out_events (our_number, their_number, action, keyword, message_id, at)
      select ${N}, ${P}, 'opted_in', ${facts.keyword.keyword}, ${messageId}::bigint, ${keywordAt(sql, messageId)} from gone
    ), history as (
      insert into case_events (case_id, type, message_id, data, at)
      select case_id, 'opted_in', ${messageId}::bigint, ${data}::jsonb, ${keywordAt(sql, messageId)} from unnest(${facts.caseIds}::bigint[]) as case_id, gone
    )
    select exists (select 1 from gone) as changed, null::int as "replyId"`;
  return row!;
}

async function answerHelp(tx: Tx, facts: KeywordFacts): Promise<Row> {
  const sql = tx.$client;
  const { ourNumber: N, theirNumber: P } = facts;
  // Not while opted out (the confirmation is the one message still sent), and at most one
  // answer per person per 10 minutes, so two bots answering each other cannot loop.
  const condition = sql`
    not exists (select 1 from opt_outs where our_number = ${N} and their_number = ${P})
    and not exists (
      select 1 from messages x
      where x.their_number = ${P} and x.automatic and x.automatic_kind = 'help' and x.our_number = ${N}
        and x.at > now() - make_interval(secs => ${AUTO_REPLY_INTERVAL_MS / 1000}))`;
  const [row] = await sql<Row[]>`
    with ${automaticReply(sql, facts, "help", condition)}
    select exists (select 1 from r) as changed, (select id::int from r) as "replyId"`;
  return row!;
}
