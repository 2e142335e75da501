// `npm run bench:reports`: on the database `npm run db:seed:large` filled (DATABASE_URL), a
// survey's report (SPEC §14) for its latest 30 days and for 30 days a year earlier, as an admin
// and as a staff user of the survey: p50/p95 over BENCH_RUNS runs in-process, the query plan,
// then the same report through GET /api/v1/reports over HTTP on the built app (with a token),
// if there is a build. Target: p95 < 500 ms.
//   --prepare   first give a database seeded before reports existed real first responses and
//               closing times (scripts/support/report-realism.ts; once, idempotent)
//   BENCH_RUNS (30)
import { existsSync } from "node:fs";
import { eq, like } from "drizzle-orm";
import { issueToken } from "@/lib/api/tokens";
import type { CurrentUser } from "@/lib/auth/access";
import { findUserByEmail } from "@/lib/auth/users";
import { closeDb, getDb, getSql, transaction } from "@/lib/db/client";
import { surveys, users } from "@/lib/db/schema";
import { log, prepareDatabase } from "@/lib/server/prepare";
import { MAX_REPORT_DAYS, parseRange } from "@/lib/reports/range";
import { reportStatement, surveyReport } from "@/lib/reports/survey-report";
import { runCleanups, startBuiltApp, type Cleanup } from "./support/app-under-test";
import { LARGE_SURVEY_PREFIX, teamEmail } from "./support/large-dataset";
import { addReportRealism } from "./support/report-realism";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 500;
const TZ = "Europe/Berlin";

async function main() {
  const db = await prepareDatabase();
  process.env.DATABASE_URL = db.url;
  try {
    const sql = getSql();
    if (process.argv.includes("--prepare")) {
      const step = async (label: string, work: () => Promise<unknown>) => {
        const t = Date.now();
        await work();
        log(`${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      };
      const changed = await addReportRealism(sql, step);
      log(changed ? `Prepared: ${changed} cases now have real first responses and closing times.` : "Already prepared: nothing to change.");
    }

    const large = await getDb().select().from(surveys).where(like(surveys.name, `${LARGE_SURVEY_PREFIX}%`)).orderBy(surveys.id);
    if (large.length === 0) throw new Error("No seeded surveys: run `npm run db:seed:large` first.");
    const survey = large[0]!;
    const [counts] = await sql`select (select count(*) from cases)::int as cases, (select count(*) from messages)::int as messages`;
    const [stamped] = await sql`select count(*)::int as n from cases where not open and closed_at > last_activity_at`;
    if (stamped!.n > 0) console.log(`\nNote: ${stamped!.n} closed cases carry the seed's closing stamp; run with --prepare once for realistic figures.`);

    const ownerRow = (await getDb().select().from(users).where(eq(users.role, "owner")).orderBy(users.id).limit(1))[0]!;
    const owner: CurrentUser = { id: ownerRow.id, email: ownerRow.email, name: ownerRow.name, role: ownerRow.role };
    const staffRow = await findUserByEmail({ email: teamEmail(1) });
    if (!staffRow) throw new Error("No seeded team: run `npm run db:seed:large` again (it adds the team to an older seed).");
    const staff: CurrentUser = { id: staffRow.id, email: staffRow.email, name: staffRow.name, role: staffRow.role };

    // The latest 30 days of the seeded history (the morning check), and 30 days a year before.
    const [latest] = await sql`select (max(created_at) at time zone ${TZ})::date::text as day from cases where survey_id = ${survey.id}`;
    const shift = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const ranges = [
      ["latest 30 days", shift(latest!.day as string, -29), latest!.day as string],
      ["30 days a year earlier", shift(latest!.day as string, -394), shift(latest!.day as string, -365)],
    ] as const;

    const first = await surveyReport(owner, survey.id, parseRange({ from: ranges[0][1], to: ranges[0][2], tz: TZ }, { maxDays: MAX_REPORT_DAYS }));
    const opened = first.days.reduce((n, d) => n + d.opened, 0);
    const closed = first.days.reduce((n, d) => n + d.closed, 0);
    console.log(
      `\nReport of "${survey.name}" (${counts!.cases} cases, ${counts!.messages} messages in all), ${ranges[0][1]}..${ranges[0][2]} in ${TZ}: ` +
        `${opened} opened, ${closed} closed, ${first.messages.inbound} messages in, ${first.messages.outbound} out, ` +
        `first response median ${first.firstResponse.medianSeconds} s / p90 ${first.firstResponse.p90Seconds} s, ` +
        `resolution median ${first.resolution.medianSeconds} s / p90 ${first.resolution.p90Seconds} s, ${first.byAssignee.length} assignee rows.`,
    );

    const rows: Array<[string, number[]]> = [];
    for (const [label, from, to] of ranges) {
      const range = parseRange({ from, to, tz: TZ }, { maxDays: MAX_REPORT_DAYS });
      rows.push([`${label}, admin`, await time(() => surveyReport(owner, survey.id, range))]);
      rows.push([`${label}, staff of the survey`, await time(() => surveyReport(staff, survey.id, range))]);
    }
    console.log(`\nGET report in-process (lib/reports/survey-report.ts), ${RUNS} runs each after 5 warm-up runs`);
    printTable(rows);

    await printPlan(survey.id, ranges[0][1], ranges[0][2]);

    let worst = Math.max(...rows.map(([, samples]) => Number(q(samples, 0.95))));
    if (existsSync(".next/BUILD_ID")) {
      const cleanups: Cleanup[] = [];
      try {
        const app = await startBuiltApp({ databaseUrl: db.url, quiet: true, env: { API_RATE_LIMIT_PER_MINUTE: "10000000" } }, cleanups);
        const { token } = await issueToken(null, staff.id, { name: "bench:reports" });
        const http: Array<[string, number[]]> = [];
        for (const [label, from, to] of ranges) {
          const url = `${app.baseUrl}/api/v1/reports?surveyId=${survey.id}&from=${from}&to=${to}&tz=${encodeURIComponent(TZ)}`;
          http.push([
            `${label}, staff token`,
            await time(async () => {
              const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
              if (!response.ok) throw new Error(`GET /api/v1/reports answered ${response.status}: ${await response.text()}`);
              return response.json();
            }),
          ]);
        }
        console.log(`\nGET /api/v1/reports over HTTP (built app; time seen by the caller), ${RUNS} runs each`);
        printTable(http);
        worst = Math.max(worst, ...http.map(([, samples]) => Number(q(samples, 0.95))));
      } finally {
        await runCleanups(cleanups, (line) => console.error(`[bench] ${line}`));
      }
    } else {
      console.log("\nNo build: run `npm run build` first to time GET /api/v1/reports over HTTP.");
    }
    console.log(`\nWorst p95: ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms).`);
    if (worst >= TARGET_MS) process.exitCode = 1;
  } finally {
    await closeDb();
    await db.stop();
  }
}

/** The plan of the report's statement as the lib sends it (jit off): its scans and time. */
async function printPlan(surveyId: number, from: string, to: string) {
  const range = parseRange({ from, to, tz: TZ }, { maxDays: MAX_REPORT_DAYS });
  const plan = await transaction(async (tx) => {
    await tx.$client`set local jit = off`;
    return (await reportStatement(tx, surveyId, range, { explain: true })).map((r) => r["QUERY PLAN"] as string);
  });
  const interesting = plan.filter((line) => /Scan|Execution Time|Planning Time/.test(line)).map((line) => line.trim().replace(/\s+\(cost=[^)]*\)/, ""));
  console.log(`\nQuery plan (EXPLAIN ANALYZE; scans and time):\n    ${interesting.join("\n    ")}`);
  if (plan.some((line) => /Seq Scan on (cases|messages|case_messages)/.test(line))) {
    console.log("    A Seq Scan on a large table: the report reads more than its range.");
    process.exitCode = 1;
  }
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

function printTable(rows: Array<[string, number[]]>) {
  console.log("| report | p50 ms | p95 ms | max ms |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [label, samples] of rows) console.log(`| ${label} | ${q(samples, 0.5)} | ${q(samples, 0.95)} | ${q(samples, 1)} |`);
}

function q(sorted: number[], quantile: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!.toFixed(1);
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
