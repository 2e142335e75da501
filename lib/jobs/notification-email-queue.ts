// The notification email queue (pg-boss, on the app's own PostgreSQL): a job per email
// (SPEC §13). Jobs are inserted by the relay (lib/mail/email-relay.ts) in the transaction
// that moves notifications from 'pending' to 'queued', so each email is in exactly one job.
// The SMTP server failing is pg-boss's to retry: the job throws, and is run again after
// EMAIL_RETRY_DELAY_SECONDS doubling, EMAIL_RETRY_LIMIT times; its last try marks 'failed'.
import "server-only";
import PgBoss from "pg-boss";
import type postgres from "postgres";
import { env } from "@/lib/config/env";
import { jobSender, onConnection } from "./in-transaction";

export const NOTIFICATION_EMAIL_QUEUE = "notification-email";

export type NotificationEmailJob = { notificationId: number };

/** The retry policy, read when each job is inserted (a job keeps the policy it was given). */
export function notificationEmailRetry() {
  const { EMAIL_RETRY_LIMIT, EMAIL_RETRY_DELAY_SECONDS } = env();
  return { retryLimit: EMAIL_RETRY_LIMIT, retryDelay: EMAIL_RETRY_DELAY_SECONDS, retryBackoff: true } as const;
}

/**
 * A job active for five minutes was lost with its worker (an attempt is bounded by the SMTP
 * timeouts, ~1 minute): pg-boss then counts it as a failed try.
 */
export const notificationEmailQueueOptions = {
  retryLimit: 7,
  retryDelay: 60,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  retentionMinutes: 60 * 24,
} as const;

/** Creates the queue, or updates its policy (at start-up, with the other queues). */
export async function ensureNotificationEmailQueue(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => {}); // start() rejects with the same error
  await boss.start();
  try {
    const queue = { name: NOTIFICATION_EMAIL_QUEUE, ...notificationEmailQueueOptions };
    if (await boss.getQueue(NOTIFICATION_EMAIL_QUEUE)) await boss.updateQueue(NOTIFICATION_EMAIL_QUEUE, queue);
    else await boss.createQueue(NOTIFICATION_EMAIL_QUEUE, queue);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Inserts one job per notification, in the transaction `connection` belongs to (one statement). */
export async function insertNotificationEmailJobs(connection: postgres.Sql, notificationIds: number[]): Promise<void> {
  if (notificationIds.length === 0) return;
  const retry = notificationEmailRetry();
  await jobSender().insert(
    notificationIds.map((notificationId) => ({ name: NOTIFICATION_EMAIL_QUEUE, data: { notificationId } satisfies NotificationEmailJob, ...retry })),
    { db: onConnection(connection) },
  );
}
