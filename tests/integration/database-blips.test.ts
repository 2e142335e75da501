// Issue "nothing stops Caseline" §1: the app recovers by itself from lost database
// connections — no hang, no crash, no restart — and loses or doubles nothing meanwhile.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { closeDb, getSql, openSql } from "@/lib/db/client";
import { freePort, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { createLink, createSurvey } from "../support/seed";
import { expectStoredOnceInOneCase, retryUntilAccepted, webhookLoad } from "../support/webhook-load";
import { useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
const people = Array.from({ length: 40 }, (_, i) => `4477009${String(i).padStart(5, "0")}`);

/** Polls /api/health until it answers 200; returns how long that took. */
async function healthyAgainWithin(ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await health()).status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/api/health still not 200 after ${ms} ms`);
}

describe("a database blip under load", () => {
  it("recovers after the app's connections are terminated three times in 20 s of webhooks", { timeout: 120_000 }, async () => {
    useWebhookSecret();
    const survey = await createSurvey();
    await createLink({ ourNumber: N, surveyId: survey.id });
    await getSql()`select 1`;

    const killer = openSql(process.env.DATABASE_URL!, { max: 1 });
    let terminated = 0;
    const terminate = async () => {
      const rows = await killer<Array<{ ok: boolean }>>`
        select pg_terminate_backend(pid) as ok from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`;
      terminated += rows.length;
    };
    const timers = [5_000, 10_000, 15_000].map((at) => setTimeout(() => void terminate(), at));
    try {
      const sent = await webhookLoad({ seconds: 20, concurrency: 16, people, ourNumber: N });
      expect(terminated).toBeGreaterThanOrEqual(3);
      const accepted = sent.filter((s) => s.status === 200).length;
      expect(accepted).toBeGreaterThan(sent.length / 2);
      expect(sent.filter((s) => s.status === "hung")).toEqual([]);
      // Health is back without a restart, and quickly.
      expect(await healthyAgainWithin(10_000)).toBeLessThan(10_000);
      await retryUntilAccepted(sent);
      await expectStoredOnceInOneCase(sent);
    } finally {
      timers.forEach(clearTimeout);
      await killer.end({ timeout: 5 });
    }
  });
});

describe("the embedded PostgreSQL killed and started again", () => {
  it("loses nothing and answers again by itself", { timeout: 180_000 }, async () => {
    useWebhookSecret();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-kill-"));
    await fs.chmod(dir, 0o755); // the embedded server runs as user postgres when we are root
    const dataDir = path.join(dir, "postgres");
    const port = await freePort();
    const fileDatabase = process.env.DATABASE_URL;
    let db: EmbeddedDatabase | null = await startEmbeddedDatabase({ dataDir, port });
    await closeDb();
    process.env.DATABASE_URL = db.url;
    try {
      await migrateDatabase(db.url);
      const survey = await createSurvey();
      await createLink({ ourNumber: N, surveyId: survey.id });

      let restartedAt = 0;
      const chaos = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        const pid = Number((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
        process.kill(pid, "SIGKILL"); // as a crash would: no shutdown at all
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        // The killed server's backends may take a moment to go; the launcher's start copes.
        for (let attempt = 1; ; attempt++) {
          try {
            db = await startEmbeddedDatabase({ dataDir, port });
            break;
          } catch (error) {
            if (attempt >= 20) throw error;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
        restartedAt = Date.now();
      })();
      const sent = await webhookLoad({ seconds: 15, concurrency: 16, people, ourNumber: N });
      await chaos;
      expect(restartedAt).toBeGreaterThan(0);
      expect(sent.filter((s) => s.status === "hung")).toEqual([]);
      expect(sent.filter((s) => s.status !== 200).length).toBeGreaterThan(0); // the outage was real
      const since = Date.now() - restartedAt;
      expect(since + (await healthyAgainWithin(10_000))).toBeLessThan(20_000);
      await retryUntilAccepted(sent);
      await expectStoredOnceInOneCase(sent);
    } finally {
      await closeDb();
      process.env.DATABASE_URL = fileDatabase;
      await db?.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
