// `npm run bench:sla`: the service-level breach scan (SPEC §13, target < 100 ms per run) and
// the Overdue list, on the database `npm run db:seed:large` filled (1M cases / 10M messages).
// Inside ONE transaction that is rolled back at the end, so the shared database is left as it
// was: the first seeded survey gets service levels, 15% of its open cases await a reply — due
// times spread so that each 30-second run of the scan (clock injected, as the worker's runs
// follow each other) finds ~200 new breaches — and a backlog of 2,000 cases is overdue and
// already notified. Then: the scan's p50/p95 per run with ~200 breaches and with none due, its
// plan (which must use cases_breach_scan_idx), and the Overdue list of that survey.
//   BENCH_RUNS (100)
import { like } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/access";
import { findUserByEmail } from "@/lib/auth/users";
import { buildCaseListQuery } from "@/lib/cases/read-queries";
import { closeDb, getDb, getSql, transaction } from "@/lib/db/client";
import { surveys } from "@/lib/db/schema";
import { prepareDatabase } from "@/lib/server/prepare";
import { dueCases, scanBreaches } from "@/lib/service-levels/breach-scan";
import { LARGE_SURVEY_PREFIX, teamEmail } from "./support/large-dataset";

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const SCAN_EVERY_S = 30;
const BREACHES_PER_RUN = 200;
const AWAITING_SHARE = 0.15;
const BACKLOG = 2_000;

class RolledBack extends Error {}

const q = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(1);
};

async function main() {
  const db = await prepareDatabase();
  process.env.DATABASE_URL = db.url;
  try {
    const [survey] = await getDb().select().from(surveys).where(like(surveys.name, `${LARGE_SURVEY_PREFIX}%`)).orderBy(surveys.id).limit(1);
    if (!survey) throw new Error("No seeded surveys: run `npm run db:seed:large` first.");
    const staffRow = await findUserByEmail({ email: teamEmail(1) });
    if (!staffRow) throw new Error("No seeded team: run `npm run db:seed:large` again.");
    const staff: CurrentUser = { id: staffRow.id, email: staffRow.email, name: staffRow.name, role: staffRow.role };
    const [counts] = await getSql()`select (select count(*)::int from cases) as cases, (select count(*)::int from messages) as messages,
      (select count(*)::int from cases where survey_id = ${survey.id} and open) as open`;
    const awaiting = Math.round(counts!.open * AWAITING_SHARE);
    const spanSeconds = Math.ceil((awaiting / BREACHES_PER_RUN) * SCAN_EVERY_S);
    const runs = Math.min(RUNS, Math.floor(spanSeconds / SCAN_EVERY_S));

    const report: string[] = [];
    await transaction(async (tx) => {
      const sql = tx.$client;
      const base = new Date();
      await sql`update surveys set first_response_minutes = 60, next_response_minutes = 240, auto_close_days = 30 where id = ${survey.id}`;
      // Future due times, evenly spread: BREACHES_PER_RUN fall due in each SCAN_EVERY_S.
      const setup = Date.now();
      await sql`
        with picked as (
          select id, row_number() over (order by id) as n from cases
          where survey_id = ${survey.id} and open order by id limit ${awaiting + BACKLOG}
        )
        update cases c set
          response_due_at = case when p.n <= ${BACKLOG}
            then ${base.toISOString()}::timestamptz - make_interval(mins => (p.n % 600)::int + 1)
            else ${base.toISOString()}::timestamptz + make_interval(secs => ((p.n - ${BACKLOG}) * ${spanSeconds}::float8 / ${awaiting}) + 1) end,
          response_due_kind = 'first_response',
          breach_notified_at = case when p.n <= ${BACKLOG} then ${base.toISOString()}::timestamptz end
        from picked p where c.id = p.id`;
      await sql`analyze cases`;
      report.push(`set-up: ${awaiting.toLocaleString("en")} open cases awaiting a reply over ${Math.round(spanSeconds / 60)} min, ${BACKLOG} overdue and notified (${((Date.now() - setup) / 1000).toFixed(1)} s, rolled back at the end)`);

      const time = async (now: Date) => {
        const start = performance.now();
        const breached = await scanBreaches({ now, sql });
        return { ms: performance.now() - start, breached };
      };

      // None due: the clock before every future due time; the backlog is notified already.
      const idle: number[] = [];
      for (let i = 0; i < runs; i++) idle.push((await time(base)).ms);

      const plan = (await sql`explain (analyze, buffers) ${dueCases(sql, { now: new Date(base.getTime() + SCAN_EVERY_S * 1000), limit: 500 })}`).map(
        (r) => r["QUERY PLAN"] as string,
      );

      const busy: number[] = [];
      let total = 0;
      for (let i = 1; i <= runs; i++) {
        const { ms, breached } = await time(new Date(base.getTime() + i * SCAN_EVERY_S * 1000));
        busy.push(ms);
        total += breached;
      }
      const [written] = await sql`select (select count(*)::int from notifications where kind = 'sla_breached') as notifications,
        (select count(*)::int from case_events where type = 'sla_breached') as events`;

      // The Overdue list of the survey, as its staff user sees it (the console's first page).
      const built = await buildCaseListQuery(staff, { surveyId: survey.id, state: "open", overdue: true });
      const { sql: text, params } = built!.statement.toSQL();
      const list: number[] = [];
      let shown = 0;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        shown = (await sql.unsafe(text, params as never[])).length;
        list.push(performance.now() - start);
      }
      const listPlan = (await sql.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"] as string);

      report.push(
        `\nBreach scan: ${counts!.cases.toLocaleString("en")} cases, ${counts!.messages.toLocaleString("en")} messages; ${runs} runs each (one scan per ${SCAN_EVERY_S} s of injected clock)`,
        "| run | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        `| ~${BREACHES_PER_RUN} breaches per run (${total} in all: ${written!.events} history events, ${written!.notifications} notifications) | ${q(busy, 0.5)} | ${q(busy, 0.95)} | ${q(busy, 1)} |`,
        `| none due | ${q(idle, 0.5)} | ${q(idle, 0.95)} | ${q(idle, 1)} |`,
        `| Overdue list of the survey, first page (${Math.min(shown, 50)} of the ${BACKLOG} overdue), its staff user | ${q(list, 0.5)} | ${q(list, 0.95)} | ${q(list, 1)} |`,
        `\nTarget: breach scan p95 < 100 ms per run: ${Number(q(busy, 0.95)) < 100 ? "met" : "NOT met"}.`,
        "\nPlan of a batch's selection (EXPLAIN ANALYZE):",
        ...plan.map((line) => `    ${line}`),
        "\nPlan of the Overdue list:",
        ...listPlan.filter((line) => /Scan|Sort|Limit/.test(line)).map((line) => `    ${line.trim().replace(/\s+\(cost.*$/, "")}`),
      );
      if (!plan.some((line) => line.includes("cases_breach_scan_idx"))) {
        report.push("\nThe scan did not use cases_breach_scan_idx.");
        process.exitCode = 1;
      }
      if (Number(q(busy, 0.95)) >= 100) process.exitCode = 1;
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    console.log(report.join("\n"));
  } finally {
    await closeDb();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
