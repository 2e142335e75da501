// `npm run bench:csv`: the CSV export of SPEC §14 at scale — 1,000,000 messages of one survey
// (after `npm run db:seed:large`; DATABASE_URL, else the `caseline_large` database on
// 127.0.0.1) streamed through the same path as GET /api/v1/exports/messages.csv (cursor in one
// transaction → csv-stringify → the Response's web stream) into a sink that counts bytes and
// records. Read only: the export's audit entry is not written (its one insert is not the
// cost). Prints rows/s and the process's peak resident memory; fails below 50,000 rows/s or at
// 300 MB and above.
import { closeDb, getSql } from "@/lib/db/client";
import { messagesCsv } from "@/lib/exports/survey-exports";
import { toWebStream } from "@/lib/exports/web-stream";
import { resolveRange } from "@/lib/reports/range";

const SURVEY = Number(process.env.BENCH_SURVEY ?? 1);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const MIN_ROWS_PER_SECOND = 50_000;
const MAX_RSS_MB = 300;

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main() {
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/caseline_large";
  const sql = getSql();
  // The range: the survey's last ROWS messages, by day (UTC), so the export holds at least ROWS.
  const [edge] = await sql<Array<{ from: string | null; to: string | null }>>`
    with recent as (
      select m.at from cases c join case_messages cm on cm.case_id = c.id join messages m on m.id = cm.message_id
      where c.survey_id = ${SURVEY} order by m.at desc limit ${ROWS}
    )
    select to_char(min(at) at time zone 'UTC', 'YYYY-MM-DD') as "from", to_char(max(at) at time zone 'UTC', 'YYYY-MM-DD') as "to" from recent`;
  if (!edge?.from || !edge.to) throw new Error(`Survey ${SURVEY} has no messages: run \`npm run db:seed:large\` first.`);
  const range = resolveRange({ from: edge.from, to: edge.to, tz: "UTC" });
  console.log(`Survey ${SURVEY}, ${range.from}..${range.to} (UTC), ${range.days.length} days.`);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  const reader = toWebStream(messagesCsv({ surveyId: SURVEY, range })).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += value.byteLength;
    // Records end with CRLF; a CRLF inside a quoted text would count twice (the seed has none).
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const rows = lines - 1; // the header
  const rate = rows / seconds;
  console.log(
    `${rows.toLocaleString("en")} rows, ${mb(bytes).toFixed(0)} MB in ${seconds.toFixed(1)} s: ${Math.round(rate).toLocaleString("en")} rows/s; ` +
      `first byte after ${(firstByteMs / 1000).toFixed(1)} s; peak RSS ${mb(peak).toFixed(0)} MB.`,
  );
  await closeDb();
  const problems = [
    ...(rows < ROWS ? [`only ${rows} rows (wanted ${ROWS})`] : []),
    ...(rate < MIN_ROWS_PER_SECOND ? [`under ${MIN_ROWS_PER_SECOND} rows/s`] : []),
    ...(mb(peak) >= MAX_RSS_MB ? [`peak RSS at or above ${MAX_RSS_MB} MB`] : []),
  ];
  if (problems.length) {
    console.error(`FAILED: ${problems.join("; ")}.`);
    process.exit(1);
  }
}

main().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => {});
  process.exit(1);
});
