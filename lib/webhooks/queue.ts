// The webhook delivery queue (pg-boss, on the app's own PostgreSQL). Jobs are only ever
// inserted inside the transaction that decides them: the relay's (first attempts and Send
// again, up to JOB_SIZE deliveries a job) and the worker's (a retry, with the failed attempt
// it follows).
import "server-only";
import PgBoss from "pg-boss";
import type postgres from "postgres";
import { jobSender, onConnection } from "@/lib/jobs/in-transaction";

export const WEBHOOK_QUEUE = "webhook-delivery";

/**
 * Attempts of deliveries: `[deliveryId, attempt]` pairs, the attempt being the number it
 * will be (1 for the first). A pair whose attempt was made already is stale and does nothing.
 * The relay puts up to JOB_SIZE deliveries in one job: a job per delivery tripled the
 * database's writes per event (insert, start, complete), measured in bench:inbound --webhook.
 */
export type DeliveryJob = { attempts: Array<[deliveryId: number, attempt: number]> };
export const JOB_SIZE = 100;

/**
 * pg-boss's own retries are for the worker failing (the database away), not for the
 * receiver: those are scheduled by the worker itself (./backoff.ts). A job still active
 * after two minutes was lost with its worker (an attempt takes at most ~10 s).
 */
export const webhookQueueOptions = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 120,
  retentionMinutes: 60 * 24,
} as const;

/** Creates the webhook queue, or updates its policy (at start-up, after the send queue). */
export async function ensureWebhookQueue(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => {}); // start() rejects with the same error
  await boss.start();
  try {
    const queue = { name: WEBHOOK_QUEUE, ...webhookQueueOptions };
    if (await boss.getQueue(WEBHOOK_QUEUE)) await boss.updateQueue(WEBHOOK_QUEUE, queue);
    else await boss.createQueue(WEBHOOK_QUEUE, queue);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Inserts delivery jobs in the transaction `connection` belongs to (one statement for all). */
export async function insertDeliveryJobs(connection: postgres.Sql, jobs: Array<DeliveryJob & { startAfter?: Date }>): Promise<void> {
  if (jobs.length === 0) return;
  await jobSender().insert(
    jobs.map(({ attempts, startAfter }) => ({
      name: WEBHOOK_QUEUE,
      data: { attempts } satisfies DeliveryJob,
      ...(startAfter ? { startAfter: startAfter.toISOString() } : {}),
    })),
    { db: onConnection(connection) },
  );
}

/**
 * Fails an endpoint's pending deliveries (it was turned off), keeping their last error. Its
 * row is locked by the caller first; the deliveries' rows are then locked in id order, as
 * everything that locks several deliveries does, so two such statements never deadlock.
 */
export async function failPendingDeliveries(connection: postgres.Sql, subscriptionId: number, why: string): Promise<void> {
  await connection`
    update webhook_deliveries set state = 'failed', next_attempt_at = null,
      last_error = coalesce(last_error || ' — ', '') || ${why}
    where id in (
      select id from webhook_deliveries where subscription_id = ${subscriptionId} and state = 'pending'
      order by id for update
    )`;
}
