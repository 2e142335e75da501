// The email outbox relay (worker-time, no user acts here): notifications written with
// email_state 'pending' (lib/notifications/write.ts) are handed to the job queue — or, when
// this server has no SMTP_URL, marked 'skipped' so nothing waits for ever. Rows are taken
// with FOR UPDATE SKIP LOCKED and their jobs inserted in the same transaction that sets
// 'queued', so with any number of workers relaying at once each email is in one job.
import "server-only";
import { env } from "@/lib/config/env";
import { transaction } from "@/lib/db/client";
import { insertNotificationEmailJobs } from "@/lib/jobs/notification-email-queue";
import { mailSettings } from "./settings";

const BATCH = 500;
export const EMAIL_OFF_DETAIL = "Email is off on this server (SMTP_URL is not set).";

/** Relays until nothing is left; the number of notifications queued (or skipped). */
export async function relayPendingEmails(): Promise<{ queued: number; skipped: number }> {
  const enabled = mailSettings(env()).enabled;
  let queued = 0;
  let skipped = 0;
  for (;;) {
    const taken = await transaction(async (tx) => {
      const sql = tx.$client;
      const rows = await sql<Array<{ id: number }>>`
        with batch as (
          select id from notifications where email_state = 'pending'
          order by id limit ${BATCH} for update skip locked
        )
        update notifications n
        set email_state = ${enabled ? "queued" : "skipped"}::notification_email_state,
            email_detail = ${enabled ? null : EMAIL_OFF_DETAIL}
        from batch where n.id = batch.id
        returning n.id::int as id`;
      if (enabled) await insertNotificationEmailJobs(sql, rows.map((row) => row.id));
      return rows.length;
    });
    if (enabled) queued += taken;
    else skipped += taken;
    if (taken < BATCH) return { queued, skipped };
  }
}
