// `npm run bench:outbound`: replies queued against a fake Vonage on 127.0.0.1 (the real SDK,
// the real worker, a database of its own). Three runs:
//   1. a burst of BENCH_BURST replies with VONAGE_MAX_RPS (default 30): sends/s, and the most
//      sends in any one second (the rate limit must hold);
//   2. replies queued steadily below the limit (20/s): time from queued to submitted, p50/p99;
//   3. the same burst with the limit lifted (10,000/s): what the worker itself can do.
//   FAKE_LATENCY_MS (40): how long the fake Vonage takes to answer, like a real API call.
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { closeDb, getSql } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { queueReply } from "@/lib/outbound/queue-reply";
import { startSendWorker } from "@/lib/worker/worker";
import { startFakeVonage, type FakeVonage } from "@/tests/support/fake-vonage";
import { pointSdkAtFakeVonage } from "@/tests/support/replies";
import { freshDatabase, type Cleanup } from "./support/app-under-test";

const BURST = Number(process.env.BENCH_BURST ?? 600);
const LIMIT = Number(process.env.VONAGE_MAX_RPS ?? 30);
const LATENCY = Number(process.env.FAKE_LATENCY_MS ?? 40);
const log = (line: string) => console.log(`[bench] ${line}`);

async function main() {
  const cleanups: Cleanup[] = [];
  try {
    const url = await freshDatabase(cleanups, log, "caseline_bench_out");
    process.env.DATABASE_URL = url;
    process.env.AUTH_SECRET ??= "bench-auth-secret-0123456789abcdef";
    await migrateDatabase(url);
    const fake = await startFakeVonage();
    cleanups.push(() => fake.close());
    pointSdkAtFakeVonage(fake.url);
    fake.latency(LATENCY);

    const sql = getSql();
    const [survey] = await sql`insert into surveys (name) values ('Bench') returning id::int`;
    await sql`insert into number_links (our_number, survey_id, channel) values ('447700900000', ${survey!.id}, 'sms')`;
    const caseIds = (
      await sql`
        insert into cases (survey_id, their_number, our_number, channel, title)
        select ${survey!.id}, (447700000000 + g)::text, '447700900000', 'sms', 'Case ' || g from generate_series(1, 2000) g
        returning id::int`
    ).map((r) => r.id as number);
    const u = await createUser({ email: "bench@caseline.local", role: "owner", password: "bench-password-1" });
    const user: CurrentUser = { id: u.id, email: u.email, name: u.name, role: u.role };
    let n = 0;
    const queueOne = async () => {
      const caseId = caseIds[n % caseIds.length]!;
      const result = await queueReply(user, { caseId, message: `Reply ${n}`, idempotencyKey: `bench-key-${String(n++).padStart(10, "0")}` });
      if (result.status !== "queued") throw new Error("not queued");
      return result.messageId;
    };

    const queueStarted = performance.now();
    const burst: number[] = [];
    for (let i = 0; i < BURST; i++) burst.push(await queueOne());
    const queueSeconds = (performance.now() - queueStarted) / 1000;
    log(`queued ${BURST} replies in ${queueSeconds.toFixed(1)} s (${Math.round(BURST / queueSeconds)}/s, message + job in one transaction each)`);

    // 1. Burst at the limit.
    let worker = await startSendWorker({ connectionString: url, log });
    const burstResult = await waitAllSent(fake, burst.length);
    await worker.stop();

    // 2. Steady traffic below the limit: latency from queued to submitted.
    fake.reset();
    worker = await startSendWorker({ connectionString: url, log });
    const steady: number[] = [];
    const steadyCount = Math.min(300, BURST);
    for (let i = 0; i < steadyCount; i++) {
      const started = performance.now();
      steady.push(await queueOne());
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - started)))); // 20/s
    }
    const steadyResult = await waitAllSent(fake, steadyCount);
    await worker.stop();
    const latencies = (
      await sql`select extract(epoch from (status_updated_at - created_at)) * 1000 as ms from messages where id = any(${steady}::bigint[])`
    ).map((r) => Number(r.ms));

    // 3. The limit lifted.
    fake.reset();
    process.env.VONAGE_MAX_RPS = "10000";
    const lifted: number[] = [];
    for (let i = 0; i < BURST; i++) lifted.push(await queueOne());
    worker = await startSendWorker({ connectionString: url, log });
    const liftedResult = await waitAllSent(fake, lifted.length);
    await worker.stop();

    const [dupes] = await sql`select count(*)::int as n from (select text from messages where direction = 'outbound' group by text having count(*) > 1) d`;
    const [unsent] = await sql`select count(*)::int as n from messages where direction = 'outbound' and status <> 'submitted'`;
    console.log(`\nOutbound: fake Vonage answering in ${LATENCY} ms, one worker (polling every 0.5 s)`);
    console.log("| run | replies | sends/s | most sends in any 1 s window | queued → submitted p50 | p99 |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
    console.log(`| burst, VONAGE_MAX_RPS=${LIMIT} | ${BURST} | ${burstResult.rate.toFixed(1)} | ${burstResult.maxPerSecond} | | |`);
    console.log(`| steady 20/s, VONAGE_MAX_RPS=${LIMIT} | ${steadyCount} | | ${steadyResult.maxPerSecond} | ${q(latencies, 0.5)} ms | ${q(latencies, 0.99)} ms |`);
    console.log(`| burst, limit lifted | ${BURST} | ${liftedResult.rate.toFixed(1)} | ${liftedResult.maxPerSecond} | | |`);
    console.log(`\nduplicate sends: ${dupes!.n}; replies not submitted: ${unsent!.n}`);
    if (burstResult.maxPerSecond > LIMIT) throw new Error(`the rate limit did not hold: ${burstResult.maxPerSecond} sends in one second`);
    if (dupes!.n > 0 || unsent!.n > 0) throw new Error("a reply was sent twice or not at all");
  } finally {
    await closeDb();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

async function waitAllSent(fake: FakeVonage, expected: number) {
  const deadline = Date.now() + 10 * 60_000;
  while (fake.requests.filter((r) => r.messageUuid).length < expected) {
    if (Date.now() > deadline) throw new Error(`only ${fake.requests.length} of ${expected} sent`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Wait for the last ids to be stored too.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const times = fake.requests.map((r) => r.at).sort((a, b) => a - b);
  const seconds = (times[times.length - 1]! - times[0]!) / 1000;
  return { rate: (times.length - 1) / Math.max(seconds, 0.001), maxPerSecond: await countMax(fake) };
}

/** The most requests the fake received within any 1000 ms window, wherever it starts. */
async function countMax(fake: FakeVonage): Promise<number> {
  const times = fake.requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function q(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0) : "-";
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
