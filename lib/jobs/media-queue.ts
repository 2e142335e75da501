// The media download queue (pg-boss, on the app's own PostgreSQL): a job per inbound file to
// copy (SPEC §11). The first job is inserted in the transaction that stores the message (so
// it exists exactly when the message is committed); each retry's job in the transaction that
// records the failed attempt, starting when the file's next attempt is due. Worked by
// lib/media/download-worker.ts.
import "server-only";
import PgBoss from "pg-boss";
import type postgres from "postgres";
import { jobSender, onConnection } from "./in-transaction";

export const MEDIA_QUEUE = "media-download";
/** NOTIFY channel that wakes the media workers when a file is queued (else they poll). */
export const MEDIA_WAKE_CHANNEL = "caseline_media_jobs";

export type MediaJob = { fileId: number };

/**
 * The backoff of a source that fails is the worker's (a job per attempt, lib/media/
 * download-rules.ts): pg-boss's retries only cover the worker itself failing (the database
 * away). A job active longer than the longest download (its lease) was lost with its worker.
 */
export const mediaQueueOptions = {
  retryLimit: 5,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 20 * 60,
  retentionMinutes: 60 * 24,
} as const;

/** Creates the media queue, or updates its policy (at start-up, after the send queue). */
export async function ensureMediaQueue(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => {}); // start() rejects with the same error
  await boss.start();
  try {
    const queue = { name: MEDIA_QUEUE, ...mediaQueueOptions };
    if (await boss.getQueue(MEDIA_QUEUE)) await boss.updateQueue(MEDIA_QUEUE, queue);
    else await boss.createQueue(MEDIA_QUEUE, queue);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * Queues the download of a file, inside the transaction `connection` belongs to; `startAfter`
 * for a retry. The wake-up is the caller's (a NOTIFY on MEDIA_WAKE_CHANNEL in its statements),
 * so the hot path pays one statement for the job and nothing more.
 */
export async function enqueueMediaDownload(connection: postgres.Sql, fileId: number, startAfter?: Date): Promise<void> {
  const data: MediaJob = { fileId };
  const id = await jobSender().send(MEDIA_QUEUE, data, { db: onConnection(connection), ...(startAfter ? { startAfter } : {}) });
  // pg-boss inserts nothing (and says null) when the queue does not exist.
  if (!id) throw new Error(`The media queue "${MEDIA_QUEUE}" does not exist: the database was not prepared (npm start does it).`);
}
