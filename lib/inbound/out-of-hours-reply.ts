// SPEC §13 inside the inbound routing transaction (lib/inbound/route-inbound.ts): a message
// that arrives while its number link is closed gets the link's out-of-hours reply — queued as
// an automatic outbound message through the normal send path (the caller queues its send job
// after the statement), recorded in the message's cases like the other automatic replies.
//
// Whether the link is closed is decided in JavaScript (lib/business-hours, pure) at the
// provider's timestamp of the message: when the person wrote, not when Vonage's retry reached
// us. Only then are these CTEs added to the routing's final statement, so an ordinary message
// in hours costs nothing. The rest is decided in SQL, under the routing lock (per their
// number), so two messages together cannot both pass:
//   - at most one out-of-hours reply per person per our-number per 12 hours;
//   - never to a number that opted out of this one (SMS; SPEC §12).
import "server-only";
import type postgres from "postgres";
import { isOpenAt } from "@/lib/business-hours/is-open";
import type { Tx } from "@/lib/db/client";
import type { BusinessHours, NumberLink } from "@/lib/db/schema";
import { mayAutoReplySql } from "@/lib/optout/suppression";

/** One out-of-hours reply per person per our-number per this long (SPEC §13). */
export const OUT_OF_HOURS_INTERVAL_HOURS = 12;

export type HoursColumns = {
  timeZone: NumberLink["timeZone"] | null;
  businessHours: BusinessHours | null;
  outOfHoursReply: NumberLink["outOfHoursReply"] | null;
};

/**
 * The reply text when the message, written at `writtenAt`, should get the out-of-hours reply
 * (subject to the throttle and opt-out checked in SQL); null otherwise. Never for a keyword
 * (STOP, START, HELP have their own answers) nor when a message is routed again by an admin
 * (Process again: the person wrote long ago, and nobody is waiting for an instant answer).
 */
export function outOfHoursReplyText(link: HoursColumns, writtenAt: Date, { keyword, reprocessing }: { keyword: boolean; reprocessing: boolean }): string | null {
  const text = link.outOfHoursReply?.trim() ?? "";
  if (!text || keyword || reprocessing || !link.timeZone || !link.businessHours) return null;
  try {
    return isOpenAt(writtenAt, link.timeZone, link.businessHours) ? null : text;
  } catch {
    // A time zone the runtime no longer knows (its data changed since the link was saved):
    // routing goes on; the link form shows the problem when next saved.
    return null;
  }
}

export type OutOfHoursFacts = { text: string; channel: "sms" | "whatsapp"; ourNumber: string; theirNumber: string };

/** Where the case ids come from: a subquery giving `case_id` rows. */
type CaseIdsSource = postgres.PendingQuery<postgres.Row[]> | postgres.Fragment;

/**
 * The reply message as a CTE named `ooh` (0 or 1 row). It must come before any CTE that
 * counts it (a case created in the same statement counts it in its insert).
 */
export function outOfHoursMessage(sql: Tx["$client"], facts: OutOfHoursFacts) {
  const { ourNumber: N, theirNumber: P } = facts;
  return sql`ooh as (
    insert into messages (direction, channel, our_number, their_number, text, status, automatic, automatic_kind, at)
    select 'outbound', ${facts.channel}::message_channel, ${N}::text, ${P}::text, ${facts.text}::text, 'queued', true, 'out_of_hours', now()
    where ${mayAutoReplySql(sql, facts)}
      and not exists (
        select 1 from messages x
        where x.their_number = ${P} and x.our_number = ${N} and x.automatic and x.automatic_kind = 'out_of_hours'
          and x.at > now() - make_interval(hours => ${OUT_OF_HOURS_INTERVAL_HOURS}))
    returning id
  )`;
}

/**
 * The reply in the thread of each case the message went to, with its history event. The
 * statement's own update (or insert) of those cases adds `outOfHoursCount` to their message
 * count: a second update of the same rows in one statement would be lost.
 */
export function outOfHoursRecords(sql: Tx["$client"], cases: CaseIdsSource) {
  return sql`ooh_linked as (
    insert into case_messages (case_id, message_id) select case_id, ooh.id from ${cases}, ooh
  ), ooh_history as (
    insert into case_events (case_id, type, message_id, data)
    select case_id, 'auto_reply', ooh.id, ${JSON.stringify({ kind: "out_of_hours" })}::jsonb from ${cases}, ooh
  )`;
}

/** How many messages `ooh` added (0 or 1), for the cases' message count. */
export function outOfHoursCount(sql: Tx["$client"], queued: boolean) {
  return queued ? sql`(select count(*) from ooh)::int` : sql`0`;
}
