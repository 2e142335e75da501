// `npm run bench:notifications`: the bell's reads on a large database (after
// `npm run db:seed:large`, or the shared 1M-case one through DATABASE_URL): a staff user and
// an owner each get BENCH_NOTIFICATIONS (100,000) notifications spread over the cases they may
// see, a third unread; then the first page with the unread count, a deep page (by cursor) and
// opening a case (which reads its notifications) are timed. Everything added is deleted again.
import { markCaseRead } from "@/lib/cases/case-reads";
import { closeDb, getSql } from "@/lib/db/client";
import { listNotifications } from "@/lib/notifications/list";
import type { CurrentUser } from "@/lib/auth/access";

const COUNT = Number(process.env.BENCH_NOTIFICATIONS ?? 100_000);
const RUNS = 50;
const MARK = "bench:notifications";
const log = (line: string) => console.log(`[bench:notifications] ${line}`);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function summary(label: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  log(`${label}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${ms.length} runs)`);
}

async function main() {
  const sql = getSql();
  const pick = async (role: "staff" | "owner") => {
    const [row] = await sql<Array<CurrentUser>>`
      select u.id, u.email, u.name, u.role from users u
      where u.role = ${role} and u.active
        and (${role} = 'owner' or exists (select 1 from survey_access a where a.user_id = u.id))
      order by u.id limit 1`;
    if (!row) throw new Error(`No active ${role} with cases: run \`npm run db:seed:large\` first.`);
    return row;
  };
  const users = [await pick("staff"), await pick("owner")];
  try {
    for (const user of users) {
      const started = performance.now();
      // Cases the user may see, newest first (a bell's notifications are mostly recent).
      await sql`
        insert into notifications (user_id, kind, case_id, data, created_at, read_at)
        select ${user.id}, (array['assigned','mentioned','new_message','sla_breached'])[1 + (g % 4)]::notification_kind, c.id,
               jsonb_build_object('bench', ${MARK}::text), now() - (g || ' minutes')::interval,
               case when g % 3 = 0 then null else now() end
        from (
          select c.id, row_number() over (order by c.id desc) as g from cases c
          where ${user.role} = 'owner' or c.survey_id in (select survey_id from survey_access where user_id = ${user.id})
          order by c.id desc limit ${COUNT}
        ) c`;
      log(`${user.role} #${user.id}: ${COUNT} notifications written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await sql`analyze notifications`;
    for (const user of users) {
      const first: number[] = [];
      for (let i = 0; i < RUNS; i++) first.push(await timed(() => listNotifications(user)));
      summary(`${user.role}: first page (20) + unread count`, first);
      const unread: number[] = [];
      for (let i = 0; i < RUNS; i++) unread.push(await timed(() => listNotifications(user, { unread: true })));
      summary(`${user.role}: unread only`, unread);
      // Page 50 by cursor (1,000 back), then its next page timed.
      let cursor: string | undefined;
      for (let i = 0; i < 50; i++) cursor = (await listNotifications(user, { cursor })).nextCursor ?? undefined;
      const deep: number[] = [];
      for (let i = 0; i < RUNS; i++) deep.push(await timed(() => listNotifications(user, { cursor })));
      summary(`${user.role}: page 51 by cursor`, deep);
      const cases = await sql<Array<{ caseId: number }>>`
        select case_id::int as "caseId" from notifications where user_id = ${user.id} and read_at is null and data->>'bench' = ${MARK} limit ${RUNS}`;
      const ids = cases.map((c) => c.caseId);
      // The user's own reads of these cases as they were, put back afterwards.
      const before = await sql<Array<{ caseId: number; readAt: string }>>`
        select case_id::int as "caseId", read_at::text as "readAt" from case_reads where user_id = ${user.id} and case_id = any(${ids}::bigint[])`;
      const open: number[] = [];
      try {
        for (const caseId of ids) open.push(await timed(() => markCaseRead(user, caseId)));
      } finally {
        await sql`delete from case_reads where user_id = ${user.id} and case_id = any(${ids}::bigint[])`;
        for (const row of before) await sql`insert into case_reads (user_id, case_id, read_at) values (${user.id}, ${row.caseId}, ${row.readAt}::timestamptz)`;
      }
      summary(`${user.role}: opening a case (reads its notifications)`, open);
    }
  } finally {
    await sql`delete from notifications where user_id = any(${users.map((u) => u.id)}::int[]) and data->>'bench' = ${MARK}`;
    log("Cleaned up.");
    await closeDb();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
