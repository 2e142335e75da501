// SPEC §14: a survey's report for a range of days in the viewer's time zone — cases opened and
// closed per day, first response and resolution times (median, p90), messages in and out, and
// the same per assignee. One SQL statement computes it all and builds the JSON; JS only passes
// it on, so the cost does not grow with the rows in JS.
//
// What each figure counts (the SPEC is silent on the details):
//   - opened: cases created in the range (created_at), on the local day they were created;
//   - closed: cases whose last closing (closed_at) is in the range; a case reopened since is
//     open again and not counted;
//   - firstResponse: first_response_at − created_at of the cases opened in the range that have
//     had a reply that is not automatic (cases still waiting are left out);
//   - resolution: closed_at − created_at of the cases closed in the range;
//   - messages: the survey's messages (in its cases, each message once) whose time is in range;
//     a message moved into a new case (SPEC §5) counts from then on only in ranges ending after
//     that case was created (the new case bounds where its messages are looked for);
//   - byAssignee: by the case's assignee now; `assigned` = opened in range, `closed` = closed in
//     range, `firstResponse` over their opened cases; unassigned cases are a row with userId null.
import "server-only";
import { and, eq } from "drizzle-orm";
import { visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { transaction, type Tx } from "@/lib/db/client";
import { surveys } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import type { DateRange } from "./range";

export type Durations = { medianSeconds: number | null; p90Seconds: number | null };

export type SurveyReport = {
  days: Array<{ date: string; opened: number; closed: number }>;
  firstResponse: Durations;
  resolution: Durations;
  messages: { inbound: number; outbound: number };
  byAssignee: Array<{ userId: number | null; name: string; assigned: number; closed: number; firstResponse: Durations }>;
};

/** The name of the row of cases nobody is assigned to. */
export const UNASSIGNED_NAME = "Unassigned";

/** The report of one survey the actor may see (another survey, or a missing one: 404, no numbers). */
export async function surveyReport(actor: CurrentUser, surveyId: number, range: DateRange): Promise<SurveyReport> {
  return transaction(async (tx, finish) => {
    // JIT compiled this statement for 40–60 ms a run at 1M cases and gained nothing back.
    await tx.$client`set local jit = off`;
    await requireReportableSurvey(tx, actor, surveyId);
    const [row] = await finish(reportStatement(tx, surveyId, range));
    return row!.report as SurveyReport;
  });
}

async function requireReportableSurvey(tx: Tx, actor: CurrentUser, surveyId: number): Promise<void> {
  const [found] = await tx
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.id, surveyId), visibleSurveys(actor, surveys.id)))
    .limit(1);
  if (!found) throw new AppError("not_found", "Survey not found.");
}

/**
 * The report's one statement. `explain` prefixes EXPLAIN (ANALYZE, BUFFERS), for bench:reports
 * to show the plan of exactly what runs; callers set `jit = off` first, as surveyReport does.
 */
export function reportStatement(tx: Tx, surveyId: number, range: DateRange, { explain = false }: { explain?: boolean } = {}) {
  const { tz, from, to } = range;
  // As text: the client's timestamp serializer is drizzle's (strings), not postgres.js's.
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  // Seconds as whole numbers (halves up, as numeric rounds; float8 would round to even):
  // percentile_cont interpolates, and a fraction of a second means nothing here.
  const durations = (column: string, filter = "true") =>
    tx.$client.unsafe(`json_build_object(
      'medianSeconds', round((percentile_cont(0.5) within group (order by ${column}) filter (where ${filter}))::numeric)::bigint,
      'p90Seconds', round((percentile_cont(0.9) within group (order by ${column}) filter (where ${filter}))::numeric)::bigint)`);
  return tx.$client`${explain ? tx.$client.unsafe("explain (analyze, buffers)") : tx.$client``}
    with opened as (
      select c.assignee_id, (c.created_at at time zone ${tz})::date as day,
             extract(epoch from c.first_response_at - c.created_at)::float8 as first_response
      from cases c
      where c.survey_id = ${surveyId} and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz
    ), closed as (
      select c.assignee_id, (c.closed_at at time zone ${tz})::date as day,
             extract(epoch from c.closed_at - c.created_at)::float8 as resolution
      from cases c
      where c.survey_id = ${surveyId} and c.closed_at >= ${start}::timestamptz and c.closed_at < ${end}::timestamptz
    ), days as (
      select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') d
    ), per_day as (
      select days.day,
             coalesce(o.n, 0) as opened,
             coalesce(x.n, 0) as closed
      from days
      left join (select day, count(*)::int as n from opened group by day) o on o.day = days.day
      left join (select day, count(*)::int as n from closed group by day) x on x.day = days.day
    ), survey_messages as (
      -- The candidates are the survey's cases active during the range: created before it
      -- ended (a day's grace: an inbound message's time is the provider's, a moment before the
      -- case) and active since it began. Both bounds come from indexes on cases, so an old range
      -- does not read the survey's later history, nor a recent one its earlier. Their message
      -- ids as an array: PostgreSQL then looks each up by primary key (each message once,
      -- though it may sit in several of the survey's cases) — as a join it misjudged old ranges
      -- (creation and activity go together) and read all messages instead.
      select m.direction
      from messages m
      where m.at >= ${start}::timestamptz and m.at < ${end}::timestamptz
        and m.id = any(array(
          select cm.message_id
          from cases c join case_messages cm on cm.case_id = c.id
          where c.survey_id = ${surveyId}
            and c.last_activity_at >= ${start}::timestamptz
            and c.created_at < ${end}::timestamptz + interval '1 day'
        ))
    ), assignee_cases as (
      select assignee_id, true as opened, first_response from opened
      union all
      select assignee_id, false, null from closed
    ), by_assignee as (
      select a.assignee_id,
             count(*) filter (where a.opened)::int as assigned,
             count(*) filter (where not a.opened)::int as closed,
             ${durations("a.first_response", "a.opened")} as first_response
      from assignee_cases a
      group by a.assignee_id
    )
    select json_build_object(
      'days', (select coalesce(json_agg(json_build_object('date', day::text, 'opened', opened, 'closed', closed) order by day), '[]'::json) from per_day),
      'firstResponse', (select ${durations("first_response")} from opened),
      'resolution', (select ${durations("resolution")} from closed),
      'messages', (select json_build_object(
                     'inbound', count(*) filter (where direction = 'inbound'),
                     'outbound', count(*) filter (where direction = 'outbound')) from survey_messages),
      'byAssignee', (select coalesce(json_agg(json_build_object(
                         'userId', b.assignee_id,
                         'name', case when b.assignee_id is null then ${UNASSIGNED_NAME} else coalesce(nullif(u.name, ''), u.email) end,
                         'assigned', b.assigned, 'closed', b.closed, 'firstResponse', b.first_response)
                       order by b.assignee_id is null, b.assigned desc, b.closed desc, u.name, b.assignee_id), '[]'::json)
                     from by_assignee b left join users u on u.id = b.assignee_id)
    ) as report`;
}
