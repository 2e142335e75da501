// The notification email worker (worker-time: no user acts here), beside the send, webhook
// and media workers, in `npm start` / `npm run dev` or `npm run worker`. Its own pg-boss
// instance and loops: an SMTP server that hangs holds one of its loops (for at most the
// transport's timeouts), never another queue's work, and never a database connection.
//   - the relay: pending notifications → jobs, woken by NOTIFICATION_EMAIL_WAKE_CHANNEL (sent
//     when a notification with an email is committed) and by a poll in case one was missed;
//   - the jobs: ./send-notification-email.ts;
//   - a sweep: a notification still 'queued' whose job pg-boss gave up on is marked 'failed'.
import "server-only";
import PgBoss from "pg-boss";
import { getSql } from "@/lib/db/client";
import { NOTIFICATION_EMAIL_QUEUE, type NotificationEmailJob } from "@/lib/jobs/notification-email-queue";
import { NOTIFICATION_EMAIL_WAKE_CHANNEL } from "@/lib/notifications/write";
import { relayPendingEmails } from "./email-relay";
import { EmailSendError, sendNotificationEmail } from "./send-notification-email";
import { SMTP_TIMEOUTS, type SmtpTimeouts } from "./transport";

export type NotificationEmailWorker = { stop: () => Promise<void>; relay: () => Promise<void> };

const SWEEP_EVERY_MS = 60_000;

export async function startNotificationEmailWorker({
  connectionString,
  log = (line) => console.log(`[email] ${line}`),
  now = () => new Date(),
  concurrency = 2,
  pollingIntervalSeconds = 2,
  relayPollMs = 5_000,
  smtpTimeouts = SMTP_TIMEOUTS,
}: {
  connectionString: string;
  log?: (line: string) => void;
  /** The clock of the 10-minute window (tests move it on instead of waiting). */
  now?: () => Date;
  /** Emails sent at once: one job loop each, so a hanging server holds up only its own loop. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
  relayPollMs?: number;
  /** How long a silent SMTP server is waited for (tests shorten it). */
  smtpTimeouts?: SmtpTimeouts;
}): Promise<NotificationEmailWorker> {
  const boss = new PgBoss({ connectionString, max: 2, migrate: false, schedule: false, supervise: true });
  boss.on("error", (error: Error) => log(`queue error: ${error.message}`));
  await boss.start();

  const handle = async ([job]: Array<PgBoss.JobWithMetadata<NotificationEmailJob>>) => {
    if (!job) return;
    // pg-boss waits out its polling interval after a job unless woken: more may be waiting.
    setImmediate(wakeAll);
    const { notificationId } = job.data;
    try {
      const outcome = await sendNotificationEmail({ notificationId, now: now(), lastTry: job.retryCount >= job.retryLimit, timeouts: smtpTimeouts });
      if (outcome === "failed") log(`notification ${notificationId}: email failed for good`);
    } catch (error) {
      // The SMTP server (EmailSendError) or the database: pg-boss tries the job again later.
      log(`notification ${notificationId}: ${error instanceof EmailSendError ? "email not sent, will retry: " : ""}${message(error)}`);
      throw error;
    }
  };
  const workerIds: string[] = [];
  const wakeAll = () => workerIds.forEach((id) => boss.notifyWorker(id));
  for (let i = 0; i < concurrency; i++) {
    workerIds.push(await boss.work<NotificationEmailJob>(NOTIFICATION_EMAIL_QUEUE, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, handle));
  }

  // Runs are never concurrent within a process; a wake-up during a run runs it once more.
  let relaying: Promise<void> | null = null;
  let again = false;
  const relay = (): Promise<void> => {
    if (relaying) {
      again = true;
      return relaying;
    }
    relaying = (async () => {
      do {
        again = false;
        try {
          const { queued } = await relayPendingEmails();
          if (queued > 0) wakeAll();
        } catch (error) {
          log(`relay failed: ${message(error)}`);
        }
      } while (again);
      relaying = null;
    })();
    return relaying;
  };
  const wake = await getSql().listen(NOTIFICATION_EMAIL_WAKE_CHANNEL, () => void relay(), () => void relay());
  const poll = setInterval(() => void relay(), relayPollMs);
  poll.unref();

  const sweep = async () => {
    try {
      const abandoned = await failAbandonedEmails();
      if (abandoned > 0) log(`${abandoned} email(s) given up by the queue marked failed`);
    } catch (error) {
      log(`sweep failed: ${message(error)}`);
    }
  };
  const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  sweeper.unref();

  return {
    relay,
    stop: async () => {
      clearInterval(poll);
      clearInterval(sweeper);
      await wake.unlisten().catch(() => {});
      await relaying;
      // An email being sent finishes (bounded by the SMTP timeouts); queued ones wait in the database.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/**
 * A job pg-boss gave up on while its notification is still 'queued': its last try could not
 * mark it (the database was away then, or the worker died with the job). Marked 'failed'
 * here, so the status counts and the notification tell the truth. Reads the email queue's
 * own jobs (kept a day), not the notifications table.
 */
export async function failAbandonedEmails(): Promise<number> {
  const rows = await getSql()`
    update notifications n set email_state = 'failed', email_detail = 'Not sent: every try failed.'
    from pgboss.job j
    where j.name = ${NOTIFICATION_EMAIL_QUEUE} and j.state = 'failed'
      and n.id = (j.data->>'notificationId')::bigint and n.email_state = 'queued'
    returning n.id`;
  return rows.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
