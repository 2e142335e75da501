// `npm run bench:inbound`: the built app on a fresh database, signed webhooks fired from a
// separate process (autocannon) with a realistic mix, next to the same database writes done
// directly with postgres.js in one process (the ceiling). Run `npm run build` first.
//   BENCH_CONNECTIONS (32)  BENCH_SECONDS (20)  BENCH_KNOWN_PEOPLE (1000)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { receiveInboundWebhook } from "@/lib/inbound/receive-inbound";
import { closeDb, getSql } from "@/lib/db/client";
import { signWebhook } from "@/lib/vonage/webhook-signature";
import { createLink, createSurvey } from "@/tests/support/seed";
import { mixedInbound, type InboundMix } from "./bench/inbound-mix";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup } from "./support/app-under-test";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const KNOWN_PEOPLE = Number(process.env.BENCH_KNOWN_PEOPLE ?? 1000);
const OUR_NUMBER = "447700900000";
const ON_SERVER = Boolean(process.env.DATABASE_URL);

const log = (line: string) => console.error(`[bench] ${line}`);

type LoadResult = { sent: number; ok: number; non2xx: number; errors: number; timeouts: number; seconds: number; perSecond: number; p50: number; p99: number; max: number };

async function main() {
  const cleanups: Cleanup[] = [];
  try {
    const databaseUrl = await freshDatabase(cleanups, log, "caseline_bench");
    const secret = randomBytes(18).toString("base64url");
    const app = await startBuiltApp(
      { databaseUrl, env: { VONAGE_WEBHOOK_SECRET: secret, OWNER_PASSWORD: "bench-owner-password" }, quiet: true },
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
    await app.stop();

    log(`direct: the same transaction from ${CONNECTIONS} concurrent callers in one process`);
    const direct = await runDirect(Math.min(Math.max(http.ok, 2000), 20000), { ourNumber: OUR_NUMBER, known, newNumberPrefix: "4476" });
    await closeDb();

    const rows = [
      ["HTTP: signed webhook → Next.js route → PostgreSQL", http.ok, http.perSecond, http.p50, http.p99],
      ["direct: same transaction via postgres.js (ceiling)", direct.count, direct.perSecond, direct.p50, direct.p99],
    ] as const;
    console.log(`\nInbound webhooks: ${SECONDS} s at concurrency ${CONNECTIONS}, ${os.cpus().length} cores, ${KNOWN_PEOPLE} people with a case, database: ${ON_SERVER ? "the server in DATABASE_URL" : "embedded PostgreSQL"}`);
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
    if (!consistent || http.non2xx > 0 || http.errors > 0) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
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
