// /api/v1/exports/{cases,messages}.csv (SPEC §14): a survey's cases or messages for a range of
// days as CSV, streamed. The Reports page links here (the session cookie is accepted on these
// GETs from the app's own pages only: an export is audited, another site must not start one);
// tokens work as everywhere. Staff only for their surveys (404 otherwise). At most
// MAX_EXPORTS at once per process, MAX_EXPORTS_PER_USER per user (429 beyond).
import "server-only";
import { z } from "zod";
import { CASES_CSV_COLUMNS, exportFileName, exportSurveyCsv, MESSAGES_CSV_COLUMNS, type ExportKind } from "@/lib/exports/survey-exports";
import { MAX_EXPORTS, MAX_EXPORTS_PER_USER } from "@/lib/exports/export-limiter";
import { toWebStream } from "@/lib/exports/web-stream";
import { checkRange, MAX_EXPORT_DAYS, rangeFields, resolveRange } from "@/lib/reports/range";
import { endpoint } from "../endpoint";
import { idParam } from "../schemas/common";

const exportQuery = z
  .object({ surveyId: idParam.meta({ description: "The survey (404 if the user may not see it)." }), ...rangeFields })
  .superRefine(checkRange(MAX_EXPORT_DAYS));

const FORMAT =
  "UTF-8 with a byte order mark, CRLF line ends, a header row; fields with a comma, quote, CR or LF are quoted, and a field starting with = + - @ (or a tab or CR) gets a leading apostrophe so a spreadsheet never runs it as a formula. Times are in `tz` with their offset. Streamed: any size.";

function exportEndpoint(kind: ExportKind, columns: string[], what: string) {
  return endpoint(
    {
      method: "get",
      path: `/exports/${kind}.csv`,
      tag: "Reports",
      summary: `Export a survey's ${kind} as CSV`,
      description: `${what} At most ${MAX_EXPORT_DAYS} days. Columns: ${columns.join(", ")}. ${FORMAT} Each export is in the audit log.`,
      session: "same-origin",
      query: exportQuery,
      response: { status: 200, description: "The CSV file.", contentType: "text/csv" },
      errors: [403, 404],
      errorDescriptions: {
        403: "Signed in by the session cookie, but the request came from another site (`Sec-Fetch-Site` other than same-origin/none, or a foreign `Origin`): open the link from Caseline, or send a token.",
        429: `Over the token's rate limit, or too many exports running: at most ${MAX_EXPORTS} at once on a server and ${MAX_EXPORTS_PER_USER} per user. \`Retry-After\` says when to try again.`,
      },
    },
    async ({ actor, query }) => {
      const request = { surveyId: query.surveyId, range: resolveRange(query) };
      const csv = await exportSurveyCsv(actor, kind, request);
      return new Response(toWebStream(csv), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${exportFileName(kind, request)}"`,
          "cache-control": "no-store",
        },
      });
    },
  );
}

export const exportCasesEndpoint = exportEndpoint("cases", CASES_CSV_COLUMNS, "The cases opened (created) on the days `from`..`to` (both included) in `tz`, oldest first; `assignee` is the user's name (their email when the name is blank).");
export const exportMessagesEndpoint = exportEndpoint(
  "messages",
  MESSAGES_CSV_COLUMNS,
  "The messages of the survey's cases sent or received on the days `from`..`to` (both included) in `tz`, oldest first; a message in two cases is a row per case. `sent_by` is the user's name (their email when the name is blank); `media_url` is Caseline's own address of the kept file (`/api/v1/media/{id}`, relative to the server), empty when there is none — never the provider's link.",
);
