// SPEC §14: CSV export of a survey's cases, and of its messages, for a range of days in the
// viewer's time zone — streamed (lib/exports/stream-rows.ts), so a million rows never sit in
// memory. Access is checked and the export audited before the first byte: a refusal is an
// error response, never a half download.
//
// Times are written in the range's time zone with their offset (2026-03-29T09:30:00+01), so a
// spreadsheet shows the day the viewer chose; numbers are E.164 digits without "+" (a leading
// "+" would be taken for a formula and prefixed).
import "server-only";
import type { Readable } from "node:stream";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleSurvey, type CurrentUser } from "@/lib/auth/access";
import { transaction, type Sql } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { mediaFileUrl } from "@/lib/media/thread-media";
import type { DateRange } from "@/lib/reports/range";
import { SPREADSHEET_CSV } from "./csv-format";
import { exportLimiter } from "./export-limiter";
import { streamCsv } from "./stream-rows";

export type ExportKind = "cases" | "messages";

export const CASES_CSV_COLUMNS = [
  "case_id",
  "title",
  "status",
  "open",
  "their_number",
  "our_number",
  "channel",
  "assignee",
  "created_at",
  "first_response_at",
  "closed_at",
  "last_activity_at",
  "message_count",
  "notes",
  "answers",
];

export const MESSAGES_CSV_COLUMNS = [
  "case_id",
  "message_id",
  "at",
  "direction",
  "channel",
  "our_number",
  "their_number",
  "type",
  "text",
  "status",
  "automatic",
  "sent_by",
  "media_type",
  "media_url",
];

/** Who a user is shown as everywhere in Caseline: the name, or the email when the name is blank. */
const shownName = (sql: Sql, alias: string) => sql.unsafe(`coalesce(nullif(${alias}.name, ''), ${alias}.email, '')`);

export type SurveyExport = { surveyId: number; range: DateRange };

/** A timestamp as text in the transaction's time zone (set by `inZone`), with its offset. */
const at = (sql: Sql, column: string) => sql.unsafe(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SSOF')`);

/** The export's statements read and write times in the range's zone. */
const inZone = (range: DateRange) => (sql: Sql) => sql`select set_config('TimeZone', ${range.tz}, true)`;

/**
 * The cases created in the range (the days they were opened), oldest first — served in order
 * by the index on (survey_id, created_at).
 */
export function casesCsv({ surveyId, range }: SurveyExport, batchRows?: number): Readable {
  return streamCsv({
    columns: CASES_CSV_COLUMNS,
    options: SPREADSHEET_CSV,
    prepare: inZone(range),
    batchRows,
    query: (sql) => sql`
      select c.id::text, c.title, coalesce(c.status, ''), case when c.open then 'yes' else 'no' end,
             coalesce(c.their_number, ''), coalesce(c.our_number, ''), coalesce(c.channel::text, ''),
             ${shownName(sql, "u")},
             ${at(sql, "c.created_at")}, coalesce(${at(sql, "c.first_response_at")}, ''), coalesce(${at(sql, "c.closed_at")}, ''),
             ${at(sql, "c.last_activity_at")}, c.message_count::text, c.notes, c.answers::text
      from cases c
      left join users u on u.id = c.assignee_id
      where c.survey_id = ${surveyId} and c.created_at >= ${range.start.toISOString()}::timestamptz and c.created_at < ${range.end.toISOString()}::timestamptz
      order by c.created_at, c.id`,
  });
}

/**
 * Caseline's own address of a kept file (lib/media/thread-media.ts), never the provider's link.
 * Empty while the file is not kept (pending, failed, or a message without one).
 */
const MEDIA_FILE_URL_PREFIX = mediaFileUrl(0).slice(0, -1);

/**
 * The messages of the survey's cases whose time (the thread's: the provider's for inbound) is
 * in the range, oldest first; a message in two of its cases is a row per case.
 */
export function messagesCsv({ surveyId, range }: SurveyExport, batchRows?: number): Readable {
  return streamCsv({
    columns: MESSAGES_CSV_COLUMNS,
    options: SPREADSHEET_CSV,
    prepare: inZone(range),
    batchRows,
    query: (sql) => sql`
      select cm.case_id::text, m.id::text, ${at(sql, "m.at")}, m.direction::text, m.channel::text, m.our_number, m.their_number,
             m.message_type, coalesce(m.text, ''), m.status::text, case when m.automatic then 'yes' else 'no' end,
             ${shownName(sql, "u")}, coalesce(m.media->>'type', ''),
             coalesce(${MEDIA_FILE_URL_PREFIX}::text || f.id::text, '')
      from cases c
      join case_messages cm on cm.case_id = c.id
      join messages m on m.id = cm.message_id
      left join users u on u.id = m.sent_by
      left join media_files f on f.message_id = m.id and f.state = 'saved'
      where c.survey_id = ${surveyId} and m.at >= ${range.start.toISOString()}::timestamptz and m.at < ${range.end.toISOString()}::timestamptz
        -- Only cases active since the range began (cases_survey_activity_idx): a case's last
        -- activity is never before its messages, and a short or recent range then does not
        -- read the survey's whole history.
        and c.last_activity_at >= ${range.start.toISOString()}::timestamptz
      order by m.at, m.id, cm.case_id`,
  });
}

/**
 * An export for a user: the survey must be one they may see (404 otherwise, before anything is
 * read), and the export is in the audit log (who took which survey's data, for which days).
 * It first takes one of the process's export slots (lib/exports/export-limiter.ts; 429 when
 * none is free, before any check, audit row or transaction) and gives it back when the stream
 * ends, fails or is destroyed (the client went away: lib/exports/web-stream.ts).
 */
export async function exportSurveyCsv(actor: CurrentUser, kind: ExportKind, request: SurveyExport): Promise<Readable> {
  const { surveyId, range } = request;
  const release = exportLimiter.acquire(actor.id);
  try {
    await requireVisibleSurvey(actor, surveyId);
    await transaction(async (tx) => {
      // Owners and admins see every survey: one that does not exist is missing for them too.
      const [survey] = await tx.$client`select 1 from surveys where id = ${surveyId}`;
      if (!survey) throw new AppError("not_found", "Survey not found.");
      await recordAudit(tx, actor, { action: `${kind}.exported`, surveyId, after: { from: range.from, to: range.to, tz: range.tz } });
    });
    const csv = kind === "cases" ? casesCsv(request) : messagesCsv(request);
    // 'end': read to the last byte; 'close': after the end, a failure or a destroy (the client went away).
    csv.once("end", release).once("close", release);
    return csv;
  } catch (error) {
    release();
    throw error;
  }
}

/** The download's file name. */
export function exportFileName(kind: ExportKind, { surveyId, range }: SurveyExport): string {
  return `caseline-survey-${surveyId}-${kind}-${range.from}-to-${range.to}.csv`;
}
