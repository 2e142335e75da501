// `npm run bench:inbound`: the built app on a fresh database, signed webhooks fired from a
// separate process (autocannon) with a realistic mix, next to the same database writes done
// directly with postgres.js in one process (the ceiling). Run `npm run build` first.
//   BENCH_CONNECTIONS (32)  BENCH_SECONDS (20)  BENCH_KNOWN_PEOPLE (1000)
// `npm run bench:inbound -- --webhook` (or BENCH_WEBHOOK=1) does the same with an outgoing
// webhook subscribed to message.received, delivered by the app's worker to a receiver on
// 127.0.0.1 in this process: deliveries/s and their lag, then a backlog of
// BENCH_WEBHOOK_BACKLOG (5000) deliveries drained.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { receiveInboundWebhook } from "@/lib/inbound/receive-inbound";
import { closeDb, getSql } from "@/lib/db/client";
import { signWebhook } from "@/lib/vonage/webhook-signature";
import { createUser } from "@/lib/auth/users";
import { createWebhook } from "@/lib/webhooks/subscriptions";
import { WEBHOOK_WAKE_CHANNEL } from "@/lib/webhooks/outbox";
import { createLink, createSurvey } from "@/tests/support/seed";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import { mixedInbound, type InboundMix } from "./bench/inbound-mix";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup } from "./support/app-under-test";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const KNOWN_PEOPLE = Number(process.env.BENCH_KNOWN_PEOPLE ?? 1000);
const OUR_NUMBER = "447700900000";
const ON_SERVER = Boolean(process.env.DATABASE_URL);
const WEBHOOK = process.argv.includes("--webhook") || process.env.BENCH_WEBHOOK === "1";
const WEBHOOK_BACKLOG = Number(process.env.BENCH_WEBHOOK_BACKLOG ?? 5000);
/** BENCH_NO_WORKER=1: no worker in the app (deliveries are written, not sent): the inbound path's own cost. */
const NO_WORKER = process.env.BENCH_NO_WORKER === "1";

const log = (line: string) => console.error(`[bench] ${line}`);

type LoadResult = { sent: number; ok: number; non2xx: number; errors: number; timeouts: number; seconds: number; perSecond: number; p50: number; p99: number; max: number };

async function main() {
  const cleanups: Cleanup[] = [];
  try {
    const databaseUrl = await freshDatabase(cleanups, log, "caseline_bench");
    const secret = randomBytes(18).toString("base64url");
    // Shared with the app: this process encrypts the webhook secret the app's worker reads.
    const authSecret = randomBytes(32).toString("base64url");
    const webhookEnv = { AUTH_SECRET: authSecret, CASELINE_ALLOW_INSECURE_WEBHOOKS: "1" };
    Object.assign(process.env, webhookEnv);
    const app = await startBuiltApp(
      {
        databaseUrl,
        env: { VONAGE_WEBHOOK_SECRET: secret, OWNER_PASSWORD: "bench-owner-password", ...webhookEnv, ...(NO_WORKER ? { CASELINE_WORKER: "external" } : {}) },
        quiet: true,
      },
      cleanups,
    );
    process.env.DATABASE_URL = databaseUrl;
    const survey = await createSurvey({ name: "Bench" });
    await createLink({
      ourNumber: OUR_NUMBER,
      surveyId: survey.id,
      multiCaseReply: "You currently have %s1 open cases (%s2). Add #0 to start a new one.",
    });

    log(`warming up: ${KNOWN_PEOPLE} people open their first case over HTTP`);
    const knownNumbers = Array.from({ length: KNOWN_PEOPLE }, (_, i) => `4478${String(i).padStart(8, "0")}`);
    await inParallel(knownNumbers, CONNECTIONS, async (from) => {
      const body = JSON.stringify({ ...mixedInbound(0, { ourNumber: OUR_NUMBER, known: [{ number: from, caseId: 0 }], newNumberPrefix: "" }), from });
      const response = await fetch(`${app.baseUrl}/api/vonage/inbound`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(body, secret)}` },
        body,
      });
      if (!response.ok) throw new Error(`warm-up webhook answered ${response.status}`);
    });
    const known = (await getSql()`select their_number, min(id)::int as id from cases group by their_number`).map((r) => ({
      number: r.their_number as string,
      caseId: r.id as number,
    }));
    const messagesBefore = await countMessages();
    // Subscribed after the warm-up: the deliveries measured are the run's.
    let receiver: WebhookReceiver | null = null;
    let subscriptionId = 0;
    if (WEBHOOK) {
      receiver = await startWebhookReceiver();
      const r = receiver;
      cleanups.push(() => r.close());
      const admin = await createUser({ email: "bench-admin@bench.test", role: "admin", password: "bench-admin-password" });
      const created = await createWebhook({ ...admin }, { url: receiver.url, events: ["message.received"], description: "bench" });
      if (!created.ok) throw new Error(`webhook not created: ${JSON.stringify(created.fieldErrors)}`);
      subscriptionId = created.webhook.id;
      log(`webhook: message.received → ${receiver.url}`);
    }

    log(`HTTP: ${CONNECTIONS} connections for ${SECONDS} s`);
    const http = await runLoad({
      url: app.baseUrl,
      secret,
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      mix: { ourNumber: OUR_NUMBER, known, newNumberPrefix: "4479" },
    });
    const inboundStored = (await getSql()`select count(*)::int as n from messages where direction = 'inbound'`)[0]!.n as number;
    const storedByHttp = inboundStored - KNOWN_PEOPLE;
    // Every 200 is a stored message; requests still in flight when autocannon stops are
    // stored but not counted, so at most one per connection more.
    const consistent = storedByHttp >= http.ok && storedByHttp - http.ok <= CONNECTIONS;
    const webhooks = receiver && !NO_WORKER ? await measureDeliveries(receiver, subscriptionId) : null;
    await app.stop();

    log(`direct: the same transaction from ${CONNECTIONS} concurrent callers in one process`);
    const direct = await runDirect(Math.min(Math.max(http.ok, 2000), 20000), { ourNumber: OUR_NUMBER, known, newNumberPrefix: "4476" });
    await closeDb();

    const rows = [
      ["HTTP: signed webhook → Next.js route → PostgreSQL", http.ok, http.perSecond, http.p50, http.p99],
      ["direct: same transaction via postgres.js (ceiling)", direct.count, direct.perSecond, direct.p50, direct.p99],
    ] as const;
    console.log(
      `\nInbound webhooks${WEBHOOK ? " with an outgoing webhook on message.received" : ""}: ${SECONDS} s at concurrency ${CONNECTIONS}, ${os.cpus().length} cores, ${KNOWN_PEOPLE} people with a case, database: ${ON_SERVER ? "the server in DATABASE_URL" : "embedded PostgreSQL"}`,
    );
    console.log("| path | messages | messages/s | p50 ms | p99 ms |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const [name, count, rate, p50, p99] of rows) {
      console.log(`| ${name} | ${count} | ${rate.toFixed(0)} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`);
    }
    console.log(`\nHTTP / direct throughput: ${(http.perSecond / direct.perSecond).toFixed(2)}`);
    console.log(
      `HTTP answers: ${http.ok} × 200, ${http.non2xx} other, ${http.errors} errors, ${http.timeouts} timeouts; ` +
        `inbound messages stored by the HTTP run: ${storedByHttp} (≥ the 200s, plus at most ${CONNECTIONS} in flight when the clock stopped: ${consistent ? "yes" : "NO"}); messages before the run: ${messagesBefore}`,
    );
    if (webhooks) {
      console.log(
        `Outgoing webhooks during the run: ${webhooks.duringRun.delivered} delivered at ${webhooks.duringRun.perSecond.toFixed(0)}/s, ` +
          `event → delivered p50 ${webhooks.duringRun.lagP50.toFixed(0)} ms, p99 ${webhooks.duringRun.lagP99.toFixed(0)} ms; ` +
          `backlog of ${WEBHOOK_BACKLOG} drained at ${webhooks.backlogPerSecond.toFixed(0)} deliveries/s; ` +
          `received ${webhooks.received} requests with ${webhooks.distinctIds} distinct event ids for ${webhooks.rows} deliveries (${webhooks.received === webhooks.rows && webhooks.distinctIds === webhooks.rows ? "each once" : "NOT each once"})`,
      );
      if (webhooks.received !== webhooks.rows || webhooks.distinctIds !== webhooks.rows) process.exitCode = 1;
    }
    if (!consistent || http.non2xx > 0 || http.errors > 0) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
}

/**
 * The deliveries of the HTTP run (all delivered, then their rate and lag), then a backlog
 * written at once and the time the worker takes to deliver it.
 */
async function measureDeliveries(receiver: WebhookReceiver, subscriptionId: number) {
  const allDelivered = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await getSql()`select count(*) filter (where state <> 'delivered')::int as left from webhook_deliveries where subscription_id = ${subscriptionId}`;
      if (row!.left === 0) return;
      if (Date.now() > deadline) throw new Error(`${row!.left} webhook deliveries not delivered after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await allDelivered(120_000);
  const [run] = await getSql()`
    select count(*)::int as delivered,
      extract(epoch from max(delivered_at) - min(created_at))::float as seconds,
      (percentile_cont(0.5) within group (order by extract(epoch from delivered_at - created_at)) * 1000)::float as p50,
      (percentile_cont(0.99) within group (order by extract(epoch from delivered_at - created_at)) * 1000)::float as p99
    from webhook_deliveries where subscription_id = ${subscriptionId}`;
  log(`webhook backlog: ${WEBHOOK_BACKLOG} deliveries written at once`);
  const started = performance.now();
  await getSql()`
    with d as (
      insert into webhook_deliveries (subscription_id, event_id, event_type, payload)
      select ${subscriptionId}, id, 'message.received', jsonb_build_object('id', id, 'type', 'message.received', 'createdAt', now(), 'data', jsonb_build_object('n', n))
      from (select gen_random_uuid()::text as id, n from generate_series(1, ${WEBHOOK_BACKLOG}) n) e
      returning 1
    ) select pg_notify(${WEBHOOK_WAKE_CHANNEL}, '') from d limit 1`;
  await allDelivered(300_000);
  const backlogSeconds = (performance.now() - started) / 1000;
  const [total] = await getSql()`select count(*)::int as n from webhook_deliveries where subscription_id = ${subscriptionId}`;
  return {
    duringRun: { delivered: run!.delivered as number, perSecond: (run!.delivered as number) / (run!.seconds as number), lagP50: run!.p50 as number, lagP99: run!.p99 as number },
    backlogPerSecond: WEBHOOK_BACKLOG / backlogSeconds,
    rows: total!.n as number,
    received: receiver.received.length,
    distinctIds: new Set(receiver.received.map((d) => d.eventId)).size,
  };
}

async function countMessages(): Promise<number> {
  return (await getSql()`select count(*)::int as n from messages`)[0]!.n as number;
}

async function runLoad(config: object): Promise<LoadResult> {
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "caseline-bench-")), "config.json");
  await fs.writeFile(file, JSON.stringify(config));
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bench/load-inbound.ts", file], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  await fs.rm(path.dirname(file), { recursive: true, force: true });
  if (code !== 0) throw new Error(`the load generator failed (${code})`);
  return JSON.parse(out.trim().split("\n").pop()!) as LoadResult;
}

async function runDirect(count: number, mix: InboundMix) {
  const latencies: number[] = [];
  const started = performance.now();
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    CONNECTIONS,
    async (i) => {
      const payload = mixedInbound(i, mix);
      const t = performance.now();
      await receiveInboundWebhook({ rawBody: JSON.stringify(payload), payload });
      latencies.push(performance.now() - t);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { count, perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
