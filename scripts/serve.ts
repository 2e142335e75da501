// `npm run dev` / `npm start`: prepares the database (embedded unless DATABASE_URL is set),
// then runs Next.js with it and the workers (sending, webhooks, media downloads, notification emails, service levels) beside it (in this process; not with
// CASELINE_WORKER=external, for which run `npm run worker` on its own), and on
// SIGINT/SIGTERM stops the worker, Next.js and the database cleanly.
import { spawn } from "node:child_process";
import path from "node:path";
import { env } from "@/lib/config/env";
import { dataDirectory } from "@/lib/db/resolve-database";
import { resolveAuthSecret } from "@/lib/server/auth-secret";
import { closeDb } from "@/lib/db/client";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { startWebhookWorker, type WebhookWorker } from "@/lib/webhooks/delivery-worker";
import { startMediaWorker, type MediaWorker } from "@/lib/media/download-worker";
import { startNotificationEmailWorker, type NotificationEmailWorker } from "@/lib/mail/email-worker";
import { startServiceLevelWorker, type ServiceLevelWorker } from "@/lib/service-levels/worker";
import { log, prepareDatabase } from "@/lib/server/prepare";

async function main() {
  const mode = process.argv[2] === "dev" ? "dev" : "start";
  // As Next.js will set it in its own process: this process's webhook worker applies the
  // same URL rules as the app (development allows http and local receivers).
  if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: mode === "dev" ? "development" : "production" });
  env(); // a bad setting stops here, naming the variable
  const db = await prepareDatabase();
  const { secret, fromEnvironment } = resolveAuthSecret(dataDirectory());
  if (!fromEnvironment && !db.embedded) {
    log("AUTH_SECRET is not set: using the one kept in the data folder. Several instances must share one AUTH_SECRET.");
  }
  const port = String(env().PORT);
  // The worker (here) and the simulator (in Next.js) reach the app through this address.
  const internalUrl = env().CASELINE_INTERNAL_URL ?? `http://127.0.0.1:${port}`;
  // Handed to Next.js (and this process's worker) through the environment.
  Object.assign(process.env, { DATABASE_URL: db.url, AUTH_SECRET: secret, PORT: port, CASELINE_INTERNAL_URL: internalUrl });
  let worker: SendWorker | null = null;
  let webhooks: WebhookWorker | null = null;
  let media: MediaWorker | null = null;
  let emails: NotificationEmailWorker | null = null;
  let serviceLevels: ServiceLevelWorker | null = null;
  if (env().CASELINE_WORKER === "external") {
    log("CASELINE_WORKER=external: replies, webhooks, media downloads, notification emails, service levels and closing by time are handled by `npm run worker`, not by this process.");
  } else {
    worker = await startSendWorker({ connectionString: db.url, log: (line) => log(`worker: ${line}`) });
    webhooks = await startWebhookWorker({ connectionString: db.url, log: (line) => log(`webhooks: ${line}`) });
    media = await startMediaWorker({ connectionString: db.url, log: (line) => log(`media: ${line}`) });
    emails = await startNotificationEmailWorker({ connectionString: db.url, log: (line) => log(`email: ${line}`) });
    serviceLevels = startServiceLevelWorker({ log: (line) => log(`service levels: ${line}`) });
  }

  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, mode, "-p", port], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  log(`Caseline is starting on http://localhost:${port} (${mode}).`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  child.on("exit", async (code, signal) => {
    // Jobs being sent finish first; what is still queued waits in the database.
    await Promise.all([worker?.stop().catch(() => {}), webhooks?.stop().catch(() => {}), media?.stop().catch(() => {}), emails?.stop().catch(() => {}), serviceLevels?.stop().catch(() => {})]);
    await closeDb();
    await db.stop();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
