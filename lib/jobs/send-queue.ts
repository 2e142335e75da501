// The send queue (pg-boss, on the app's own PostgreSQL). A reply and its job are written in
// one transaction (SPEC §4), so a reply is never stored without a job nor sent without a row.
// Queued at request time (lib/outbound) and in the inbound hot path; worked by lib/worker.
import "server-only";
import PgBoss from "pg-boss";
import { env, type Env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { jobSender, onConnection } from "./in-transaction";

export const SEND_QUEUE = "send-message";
/** NOTIFY channel that wakes the workers when a job is queued (else they poll every 0.5 s). */
export const SEND_WAKE_CHANNEL = "caseline_send_jobs";

export type SendJob = { messageId: number };

/**
 * Retries for "not sent" failures (SPEC §4): 8 retries by default, from 5 s and doubling
 * (pg-boss adds up to as much again at random), so a reply rides out at least 21 minutes of
 * Vonage or network outage before it is marked failed. SEND_RETRY_DELAY_SECONDS=0 retries
 * at once without backoff (the test suites use it).
 */
export function sendQueueOptions({ SEND_RETRY_LIMIT, SEND_RETRY_DELAY_SECONDS }: Env = env()) {
  return {
    retryLimit: SEND_RETRY_LIMIT,
    retryDelay: SEND_RETRY_DELAY_SECONDS,
    retryBackoff: SEND_RETRY_DELAY_SECONDS > 0,
    // A job still active after this is taken to be lost with its worker and is retried (the
    // message's own claim keeps a slow but live worker's send from being repeated).
    expireInSeconds: 15 * 60,
    retentionMinutes: 60 * 24 * 7,
  };
}

/** Creates the pg-boss schema and the send queue, or updates the queue's retry policy. */
export async function ensureSendQueue(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false, migrate: true });
  boss.on("error", () => {}); // start() rejects with the same error
  await boss.start();
  try {
    const options = sendQueueOptions();
    if (await boss.getQueue(SEND_QUEUE)) await boss.updateQueue(SEND_QUEUE, { name: SEND_QUEUE, ...options });
    else await boss.createQueue(SEND_QUEUE, { name: SEND_QUEUE, ...options });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Queues the send of one stored outbound message, inside the caller's transaction. */
export async function enqueueSend(tx: Tx, messageId: number): Promise<string> {
  const connection = tx.$client;
  const data: SendJob = { messageId };
  const id = await jobSender().send(SEND_QUEUE, data, { db: onConnection(connection) });
  // pg-boss inserts nothing (and says null) when the queue does not exist.
  if (!id) throw new Error(`The send queue "${SEND_QUEUE}" does not exist: the database was not prepared (npm start does it).`);
  // Delivered on commit only, like the job itself.
  await connection`select pg_notify(${SEND_WAKE_CHANNEL}, '')`;
  return id;
}
