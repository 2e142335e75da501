// Applies drizzle/ migrations and prepares the job queues (sending, webhook deliveries, media downloads, notification emails). Several processes may start at once (several app instances,
// or the app and `npm run db:migrate`): a session advisory lock lets one migrate while the
// others wait and then find nothing left to do.
import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { ensureMediaQueue } from "@/lib/jobs/media-queue";
import { ensureNotificationEmailQueue } from "@/lib/jobs/notification-email-queue";
import { ensureSendQueue } from "@/lib/jobs/send-queue";
import { ensureWebhookQueue } from "@/lib/webhooks/queue";
import { openSql } from "./client";
import { LOCK } from "./locks";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

export async function migrateDatabase(url: string): Promise<void> {
  // max: 1 keeps the lock and the migration on the same connection.
  const sql = openSql(url, { max: 1 });
  try {
    await sql`select pg_advisory_lock(${LOCK.migrations})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
      // The job queue's tables belong to pg-boss; it installs and upgrades them itself.
      await ensureSendQueue(url);
      await ensureWebhookQueue(url);
      await ensureMediaQueue(url);
      await ensureNotificationEmailQueue(url);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK.migrations})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
