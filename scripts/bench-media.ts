// `npm run bench:media`: inbound media kept (SPEC §11) on the built app, started as in
// production (`npm start`: the launcher runs the workers, Next.js is its child process), on a
// fresh database. BENCH_MEDIA_FILES (200) signed WhatsApp image webhooks, each pointing at a
// BENCH_MEDIA_MB (2) MB file on a media server in this process (VONAGE_MEDIA_HOSTS=127.0.0.1),
// then waits until every file is saved and checks each one's size and SHA-256. Meanwhile the
// resident memory (VmRSS) of the web process (Next.js) and of the launcher with its workers
// is sampled every 50 ms; the issue's target is the web process under 300 MB. Run
// `npm run build` first.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { closeDb, getSql } from "@/lib/db/client";
import { signWebhook } from "@/lib/vonage/webhook-signature";
import { bytesRoute, startMediaServer } from "@/tests/support/media-server";
import { createLink, createSurvey } from "@/tests/support/seed";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup } from "./support/app-under-test";

const FILES = Number(process.env.BENCH_MEDIA_FILES ?? 200);
const MEGABYTES = Number(process.env.BENCH_MEDIA_MB ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WEB_RSS_TARGET_MB = 300;
const OUR_NUMBER = "447700900000";
const ON_SERVER = Boolean(process.env.DATABASE_URL);

const log = (line: string) => console.error(`[bench] ${line}`);

/** Resident memory of a process in MB (Linux /proc), or null once it is gone. */
function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "?";
  }
}

/** The web processes: every descendant of the launcher (next start, and any server it forks). */
function webPids(launcher: number): number[] {
  const all: number[] = [];
  const walk = (pid: number) => {
    for (const child of childrenOf(pid)) {
      all.push(child);
      walk(child);
    }
  };
  walk(launcher);
  return all;
}

type Samples = { launcher: number[]; web: number[] };

function sampler(launcher: number, web: number[]) {
  const samples: Samples = { launcher: [], web: [] };
  const take = () => {
    const l = rssMb(launcher);
    if (l !== null) samples.launcher.push(l);
    const w = web.map(rssMb).filter((v): v is number => v !== null);
    if (w.length > 0) samples.web.push(w.reduce((a, b) => a + b, 0));
  };
  take();
  const timer = setInterval(take, 50);
  return { samples, stop: () => clearInterval(timer) };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function main() {
  const cleanups: Cleanup[] = [];
  try {
    const databaseUrl = await freshDatabase(cleanups, log, "caseline_bench_media");
    const secret = randomBytes(18).toString("base64url");
    const source = await startMediaServer();
    cleanups.push(() => source.close());
    const app = await startBuiltApp(
      { databaseUrl, env: { VONAGE_WEBHOOK_SECRET: secret, VONAGE_MEDIA_HOSTS: "127.0.0.1", OWNER_PASSWORD: "bench-owner-password" }, quiet: true },
      cleanups,
    );
    process.env.DATABASE_URL = databaseUrl;
    const survey = await createSurvey({ name: "Bench media" });
    await createLink({ ourNumber: OUR_NUMBER, surveyId: survey.id, channel: "whatsapp" });

    const web = webPids(app.pid);
    log(`launcher (workers) pid ${app.pid}; web: ${web.map((pid) => `${pid} (${commandOf(pid).slice(0, 80)})`).join(", ")}`);
    // Warm up (first requests compile nothing in production, but load the route modules).
    const bytes = randomBytes(MEGABYTES * 1_000_000);
    const expectedSha = createHash("sha256").update(bytes).digest("hex");
    const post = async (i: number) => {
      const body = JSON.stringify({
        channel: "whatsapp",
        message_uuid: randomUUID(),
        to: OUR_NUMBER,
        from: `4479${String(100000 + i).padStart(8, "0")}`,
        timestamp: new Date().toISOString(),
        message_type: "image",
        image: { url: source.route(`/v3/media/${i}`, bytesRoute(bytes, "image/jpeg")), caption: `Photo ${i}` },
        profile: { name: "Bench" },
      });
      const response = await fetch(`${app.baseUrl}/api/vonage/inbound`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(body, secret)}` },
        body,
      });
      if (!response.ok) throw new Error(`webhook ${i} answered ${response.status}`);
    };
    await post(-1);
    await waitForSaved(1, 60_000);
    await getSql()`delete from media_files`;
    const idle = { launcher: rssMb(app.pid)!, web: web.map(rssMb).reduce((a, b) => a! + (b ?? 0), 0)! };

    log(`${FILES} image webhooks of ${MEGABYTES} MB each, ${CONNECTIONS} at a time`);
    const watch = sampler(app.pid, web);
    const started = performance.now();
    await inParallel(
      Array.from({ length: FILES }, (_, i) => i),
      CONNECTIONS,
      post,
    );
    const webhooksSeconds = (performance.now() - started) / 1000;
    await waitForSaved(FILES, 600_000);
    const seconds = (performance.now() - started) / 1000;
    watch.stop();

    const [check] = await getSql()<Array<{ saved: number; right: number; failed: number; bytes: number }>>`
      select count(*) filter (where state = 'saved')::int as saved,
             count(*) filter (where state = 'saved' and size = ${bytes.length} and sha256 = ${expectedSha})::int as right,
             count(*) filter (where state = 'failed')::int as failed,
             coalesce(sum(size), 0)::float8 as bytes
      from media_files`;
    const wrong = await getSql()`
      select id::int, state, size::int, sha256, attempts, failure_reason as "failureReason", source_url as "sourceUrl"
      from media_files where not (state = 'saved' and size = ${bytes.length} and sha256 = ${expectedSha}) limit 5`;
    for (const row of wrong) log(`not byte-identical: ${JSON.stringify(row)}`);
    const [timing] = await getSql()<Array<{ p50: number; p99: number }>>`
      select (percentile_cont(0.5) within group (order by extract(epoch from saved_at - created_at)) * 1000)::float8 as p50,
             (percentile_cont(0.99) within group (order by extract(epoch from saved_at - created_at)) * 1000)::float8 as p99
      from media_files where state = 'saved'`;
    const [stored] = await getSql()<Array<{ size: string }>>`select pg_size_pretty(pg_total_relation_size('media_chunks')) as size`;
    await closeDb();
    await app.stop();

    const peak = (values: number[]) => Math.max(...values);
    const megabytes = check!.bytes / 1_000_000;
    console.log(
      `\nInbound media: ${FILES} images of ${MEGABYTES} MB, webhooks ${CONNECTIONS} at a time, built app (npm start), ${os.cpus().length} cores, database: ${ON_SERVER ? "the server in DATABASE_URL" : "embedded PostgreSQL"}, ${process.env.MEDIA_DOWNLOAD_CONCURRENCY ?? 4} downloads at once`,
    );
    console.log("| process | RSS idle MB | peak RSS MB |");
    console.log("| --- | ---: | ---: |");
    console.log(`| web (Next.js: ${web.length} process${web.length === 1 ? "" : "es"}) | ${idle.web.toFixed(0)} | ${peak(watch.samples.web).toFixed(0)} |`);
    console.log(`| launcher with the workers (downloads) | ${idle.launcher.toFixed(0)} | ${peak(watch.samples.launcher).toFixed(0)} |`);
    console.log(
      `\n${check!.saved} of ${FILES} saved (${check!.right} byte-identical by SHA-256, ${check!.failed} failed) in ${seconds.toFixed(1)} s: ` +
        `${(FILES / seconds).toFixed(1)} files/s, ${(megabytes / seconds).toFixed(1)} MB/s; webhooks answered in ${webhooksSeconds.toFixed(1)} s; ` +
        `arrival → saved p50 ${(timing!.p50 / 1000).toFixed(1)} s, p99 ${(timing!.p99 / 1000).toFixed(1)} s; media_chunks on disk: ${stored!.size}`,
    );
    const webOk = peak(watch.samples.web) < WEB_RSS_TARGET_MB;
    console.log(`Web process peak RSS under ${WEB_RSS_TARGET_MB} MB: ${webOk ? "yes" : "NO"}`);
    if (!webOk || check!.right !== FILES) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
}

async function waitForSaved(count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await getSql()`select count(*) filter (where state <> 'pending')::int as done, count(*)::int as total from media_files`;
    if (row!.done >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.done} of ${count} files settled after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
