// The send worker (system: no user acts here): takes send jobs from the queue and sends them (SPEC §4). It runs inside
// `npm start` / `npm run dev` by default, or on its own with `npm run worker` (then start
// the web processes with CASELINE_WORKER=external). Several workers may run at once: a
// message is claimed before it is sent, and the rate limit is shared through the database.
import "server-only";
import PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import { getDb, getSql, transaction } from "@/lib/db/client";
import type { Message } from "@/lib/db/schema";
import { enqueueSend, SEND_QUEUE, SEND_WAKE_CHANNEL, type SendJob } from "@/lib/jobs/send-queue";
import { deleteStaleUploads } from "@/lib/media/upload";
import { currentSender } from "./provider-sender";
import { sendingLeaseSeconds, sendQueuedMessage } from "./send-message";

export type SendWorker = { stop: () => Promise<void> };

/**
 * Jobs taken per poll and sent concurrently (each waits for its turn under the rate limit):
 * about one second's worth at VONAGE_MAX_RPS, so one worker keeps up with the limit even
 * when Vonage is slow to answer, without holding many jobs it cannot send yet.
 */
function batchSize(): number {
  return Math.min(200, Math.max(16, env().VONAGE_MAX_RPS));
}
/** With the lease, how soon the replies of a crashed worker go out again (well within 60 s). */
const SWEEP_EVERY_MS = 10_000;
/** Uploads never attached to a reply are deleted after a day (SPEC §11); looked for this often. */
const UPLOAD_CLEANUP_EVERY_MS = 10 * 60_000;

export async function startSendWorker({
  connectionString,
  log = (line) => console.log(`[worker] ${line}`),
  pollingIntervalSeconds = 0.5,
}: {
  connectionString: string;
  log?: (line: string) => void;
  pollingIntervalSeconds?: number;
}): Promise<SendWorker> {
  const boss = new PgBoss({ connectionString, max: 3, migrate: false, schedule: false, supervise: true });
  boss.on("error", (error: Error) => log(`queue error: ${error.message}`));
  await boss.start();

  const handle = async (job: PgBoss.JobWithMetadata<SendJob>) => {
    try {
      const outcome = await sendQueuedMessage(job.data.messageId, {
        sender: currentSender,
        lastAttempt: job.retryCount >= job.retryLimit,
      });
      if (outcome.result === "retry") await boss.fail(SEND_QUEUE, job.id, { message: outcome.detail });
      if (outcome.result === "failed") log(`message ${job.data.messageId} not sent: ${outcome.detail}`);
    } catch (error) {
      // The database, most likely: let pg-boss try the job again later.
      const message = error instanceof Error ? error.message : String(error);
      log(`message ${job.data.messageId}: ${message}`);
      await boss.fail(SEND_QUEUE, job.id, { message }).catch(() => {});
    }
  };
  // Each job's outcome is settled in handle(); the batch itself always completes, which
  // leaves the jobs failed above alone (pg-boss completes only jobs still active).
  const workerId = await boss.work<SendJob>(SEND_QUEUE, { batchSize: batchSize(), pollingIntervalSeconds, includeMetadata: true }, async (jobs) => {
    await Promise.all(jobs.map(handle));
  });

  // A reply queued anywhere wakes this worker at once instead of at its next poll (LISTEN
  // needs the raw postgres.js client).
  const wake = await getSql().listen(SEND_WAKE_CHANNEL, () => boss.notifyWorker(workerId));

  let lastCleanup = 0;
  const sweep = async () => {
    try {
      const requeued = await requeueStranded();
      if (requeued > 0) log(`queued ${requeued} stranded message(s) again`);
      if (Date.now() - lastCleanup >= UPLOAD_CLEANUP_EVERY_MS) {
        lastCleanup = Date.now();
        const deleted = await deleteStaleUploads();
        if (deleted > 0) log(`deleted ${deleted} upload(s) never attached to a reply`);
      }
    } catch (error) {
      log(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();

  return {
    stop: async () => {
      clearInterval(timer);
      await wake.unlisten().catch(() => {});
      // Graceful: jobs being sent finish first, so none is left half done.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/**
 * A message still queued with no live job gets a new job: a failure never loses a reply.
 * That is a job that used up its retries while the database was unreachable, and a job a
 * worker took and then died with: pg-boss keeps that one "active" until it expires (15
 * minutes), so an active job counts as live only while its worker could still be sending —
 * within the lease, as the message's own claim. Sending twice is prevented by the claim.
 */
export async function requeueStranded(): Promise<number> {
  const lease = sendingLeaseSeconds();
  const stranded = await getDb().execute<Pick<Message, "id">>(sql`
    select m.id::int as id from messages m
    where m.status = 'queued' and m.direction = 'outbound' and m.provider_message_id is null
      and (m.sending_since is null or m.sending_since < now() - make_interval(secs => ${lease}))
      and not exists (
        select 1 from pgboss.job j
        where j.name = ${SEND_QUEUE} and (j.data->>'messageId')::bigint = m.id
          and (j.state in ('created', 'retry') or (j.state = 'active' and j.started_on > now() - make_interval(secs => ${lease})))
      )
    limit 1000`);
  for (const { id } of stranded) await transaction((tx) => enqueueSend(tx, id));
  return stranded.length;
}
