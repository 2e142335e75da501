// The outbox relay (worker-time, no user acts here): hands deliveries written by committed
// transactions (queued_at null) to the job queue, many to a job. Rows are taken with FOR UPDATE SKIP
// LOCKED and their jobs inserted in the same transaction that sets queued_at, so with any
// number of workers relaying at once each delivery is in one job: a relay never waits for
// another's rows, and never sees them again once they are committed.
import "server-only";
import { transaction } from "@/lib/db/client";
import { insertDeliveryJobs, JOB_SIZE, type DeliveryJob } from "./queue";

const BATCH = 500;

/** Relays until nothing is left; the number of deliveries queued. */
export async function relayPendingDeliveries(): Promise<number> {
  let total = 0;
  for (;;) {
    const queued = await transaction(async (tx) => {
      const sql = tx.$client;
      const rows = await sql<Array<{ id: number; attempt: number; startAfter: string | null }>>`
        with batch as (
          select id from webhook_deliveries where queued_at is null
          order by id limit ${BATCH} for update skip locked
        )
        update webhook_deliveries d set queued_at = now(), next_attempt_at = coalesce(d.next_attempt_at, now())
        from batch where d.id = batch.id
        returning d.id::int as id, d.attempts + 1 as attempt,
          case when d.next_attempt_at > now() then to_char(d.next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as "startAfter"`;
      // Due now: JOB_SIZE to a job. Later (rare): a job each, starting then.
      const now = rows.filter((row) => row.startAfter === null);
      const jobs: Array<DeliveryJob & { startAfter?: Date }> = [];
      for (let i = 0; i < now.length; i += JOB_SIZE) jobs.push({ attempts: now.slice(i, i + JOB_SIZE).map((row) => [row.id, row.attempt]) });
      for (const row of rows) if (row.startAfter !== null) jobs.push({ attempts: [[row.id, row.attempt]], startAfter: new Date(row.startAfter) });
      await insertDeliveryJobs(sql, jobs);
      return rows.length;
    });
    total += queued;
    if (queued < BATCH) return total;
  }
}
