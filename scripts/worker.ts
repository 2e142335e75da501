// `npm run worker`: the send worker, the webhook deliveries, the media downloads and the notification emails on their own (for several instances, or to keep sending
// off the web processes — start those with CASELINE_WORKER=external). Needs DATABASE_URL
// and the web app's AUTH_SECRET (stored secrets are encrypted with it).
import { env } from "@/lib/config/env";
import { databaseUrl, closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { startSendWorker } from "@/lib/worker/worker";
import { startWebhookWorker } from "@/lib/webhooks/delivery-worker";
import { startMediaWorker } from "@/lib/media/download-worker";
import { startNotificationEmailWorker } from "@/lib/mail/email-worker";
import { startServiceLevelWorker } from "@/lib/service-levels/worker";

async function main() {
  if (!env().AUTH_SECRET) throw new Error("AUTH_SECRET is not set: use the web app's, so the worker can read the saved Vonage key.");
  const url = databaseUrl();
  await migrateDatabase(url);
  const worker = await startSendWorker({ connectionString: url });
  const webhooks = await startWebhookWorker({ connectionString: url });
  const media = await startMediaWorker({ connectionString: url });
  const emails = await startNotificationEmailWorker({ connectionString: url });
  const serviceLevels = startServiceLevelWorker();
  console.log("[worker] sending queued messages, webhook deliveries, media downloads and notification emails; service levels and closing by time");
  const stop = async () => {
    await Promise.all([worker.stop(), webhooks.stop(), media.stop(), emails.stop(), serviceLevels.stop()]);
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
