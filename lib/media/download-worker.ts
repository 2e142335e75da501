// The media download worker (worker-time: no user acts here), beside the send worker: takes
// download jobs and copies inbound files into the storage (SPEC §11). It runs inside
// `npm start` / `npm run dev`, or in `npm run worker`. Several may run at once: each file is
// claimed before it is fetched (download-file.ts), so none is copied twice at the same time.
import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/config/env";
import { getSql, transaction } from "@/lib/db/client";
import { enqueueMediaDownload, MEDIA_QUEUE, MEDIA_WAKE_CHANNEL, type MediaJob } from "@/lib/jobs/media-queue";
import { CLAIM_LEASE_SECONDS, downloadMediaFile } from "./download-file";
import { deleteIncompleteBlobs } from "./postgres-storage";

export type MediaWorker = { stop: () => Promise<void> };

const SWEEP_EVERY_MS = 30_000;
/** A pending file due this long ago with no job waiting or running gets a new one. */
const STRANDED_AFTER_SECONDS = 60;

export async function startMediaWorker({
  connectionString,
  log = (line) => console.log(`[media] ${line}`),
  pollingIntervalSeconds = 2,
  concurrency = env().MEDIA_DOWNLOAD_CONCURRENCY,
}: {
  connectionString: string;
  log?: (line: string) => void;
  pollingIntervalSeconds?: number;
  /** Downloads at once: one job loop each, so a slow source holds up only its own loop. */
  concurrency?: number;
}): Promise<MediaWorker> {
  const boss = new PgBoss({ connectionString, max: 2, migrate: false, schedule: false, supervise: true });
  boss.on("error", (error: Error) => log(`queue error: ${error.message}`));
  await boss.start();

  const handle = async ([job]: Array<PgBoss.Job<MediaJob>>) => {
    if (!job) return;
    // pg-boss waits out its polling interval after a job unless woken: one job done means
    // more may be waiting, so this loop (and any idle one) looks again at once.
    setImmediate(wakeAll);
    try {
      const outcome = await downloadMediaFile(job.data.fileId);
      if (outcome.result === "failed") log(`file ${job.data.fileId} not saved: ${outcome.reason}`);
    } catch (error) {
      // The database, most likely: pg-boss runs the job again later (and the sweep is there).
      log(`file ${job.data.fileId}: ${message(error)}`);
      throw error;
    }
  };
  const workerIds: string[] = [];
  const wakeAll = () => workerIds.forEach((id) => boss.notifyWorker(id));
  for (let i = 0; i < concurrency; i++) {
    workerIds.push(await boss.work<MediaJob>(MEDIA_QUEUE, { batchSize: 1, pollingIntervalSeconds }, handle));
  }
  // A file queued anywhere wakes the loops at once instead of at their next poll.
  const wake = await getSql().listen(MEDIA_WAKE_CHANNEL, () => wakeAll());

  const sweep = async () => {
    try {
      const requeued = await requeueStrandedMedia();
      if (requeued > 0) log(`queued ${requeued} stranded file(s) again`);
      await deleteIncompleteBlobs(Math.ceil(CLAIM_LEASE_SECONDS / 60) + 5);
    } catch (error) {
      log(`sweep failed: ${message(error)}`);
    }
  };
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();

  return {
    stop: async () => {
      clearInterval(timer);
      await wake.unlisten().catch(() => {});
      // Downloads under way finish (or are cut off after 30 s: their file is claimed again later).
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/**
 * A pending file with no live job gets a new one, so no file waits for ever: its job used up
 * pg-boss's retries while the database was away, or its worker died mid-download (its job
 * stays "active" until it expires; the file's claim runs out first). A job that turns out
 * to be a second one finds the file claimed or saved and does nothing.
 */
export async function requeueStrandedMedia(): Promise<number> {
  const stranded = await getSql()<Array<{ id: number }>>`
    select f.id::int as id from media_files f
    where f.state = 'pending' and f.next_attempt_at < now() - make_interval(secs => ${STRANDED_AFTER_SECONDS})
      and not exists (
        select 1 from pgboss.job j
        where j.name = ${MEDIA_QUEUE} and (j.data->>'fileId')::bigint = f.id
          and (j.state in ('created', 'retry') or (j.state = 'active' and j.started_on > now() - make_interval(secs => ${CLAIM_LEASE_SECONDS})))
      )
    order by f.next_attempt_at
    limit 500`;
  for (const { id } of stranded) {
    await transaction(async (tx) => {
      await enqueueMediaDownload(tx.$client, id);
      await tx.$client`select pg_notify(${MEDIA_WAKE_CHANNEL}, '')`;
    });
  }
  return stranded.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
