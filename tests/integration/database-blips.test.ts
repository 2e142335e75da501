// Issue "nothing stops Caseline" §1: the app recovers by itself from lost database
// connections — no hang, no crash, no restart — and loses or doubles nothing meanwhile.
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { getSql, openSql } from "@/lib/db/client";
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
