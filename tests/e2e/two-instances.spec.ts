// Issue "nothing stops Caseline" §12: two app processes (`npm start` twice, a send worker in
// each) on one PostgreSQL, as behind a load balancer: webhooks split across both still make
// one case per person, a browser on one sees changes made through the other, and the rate
// limit holds across both workers.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createUser } from "@/lib/auth/users";
import { closeDb, getSql } from "@/lib/db/client";
import { queueReply } from "@/lib/outbound/queue-reply";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup, type RunningApp } from "@/scripts/support/app-under-test";
import { createLink, createSurvey } from "../support/seed";
import { inboundSmsBody, postSignedWebhook } from "./support";

const OURS = "447700955000";
const MAX_RPS = 5;
const secret = randomBytes(18).toString("base64url");
const owner = { email: "owner@two-instances.test", password: randomBytes(12).toString("base64url") };
const cleanups: Cleanup[] = [];
let a: RunningApp;
let b: RunningApp;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const databaseUrl = await freshDatabase(cleanups, () => {}, "caseline_two");
  // One install: the same secrets, the simulator as carrier, a low send limit to measure.
  const env = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    VONAGE_WEBHOOK_SECRET: secret,
    MESSAGING_PROVIDER: "simulator",
    VONAGE_MAX_RPS: String(MAX_RPS),
    OWNER_EMAIL: owner.email,
    OWNER_PASSWORD: owner.password,
  };
  a = await startBuiltApp({ databaseUrl, env, quiet: true }, cleanups);
  b = await startBuiltApp({ databaseUrl, env, quiet: true }, cleanups);
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
  const survey = await createSurvey({ name: "Two instances" });
  await createLink({ ourNumber: OURS, surveyId: survey.id });
});

test.afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  await runCleanups(cleanups, () => {});
});

async function inbound(request: APIRequestContext, app: RunningApp, from: string, text: string) {
  const response = await postSignedWebhook(request, `${app.baseUrl}/api/vonage/inbound`, inboundSmsBody({ to: OURS, from, text }), secret);
  expect(response.status()).toBe(200);
}

test("webhooks split across two instances make one case per person", async ({ request }) => {
  const people = Array.from({ length: 20 }, (_, i) => `4477009${String(70000 + i)}`);
  // Each person's five messages arrive at both instances at once.
  await Promise.all(people.flatMap((from) => Array.from({ length: 5 }, (_, i) => inbound(request, i % 2 ? a : b, from, `Message ${i}`))));
  const rows = await getSql()<Array<{ theirNumber: string; cases: number; messages: number }>>`
    select their_number as "theirNumber", count(*)::int as cases, sum(message_count)::int as messages
    from cases where their_number = any(${people}) group by 1`;
  expect(rows).toHaveLength(people.length);
  expect(rows.filter((r) => r.cases !== 1 || r.messages !== 5)).toEqual([]);
});

test("a browser on one instance sees a message that arrived through the other, without reload", async ({ page, request }) => {
  await page.goto(`${a.baseUrl}/login`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Console" })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await inbound(request, b, "447700980001", "Arrived through the other instance");
  await expect(page.getByRole("list", { name: "Case list" }).getByRole("link", { name: /Arrived through the other instance/ })).toBeVisible({
    timeout: 5_000,
  });
});

test("the send rate limit holds across both instances' workers, and each reply goes out once", async () => {
  const sender = await createUser({ email: "admin@two-instances.test", role: "admin", password: "password-1" });
  const actor = { id: sender.id, email: sender.email, name: sender.name, role: sender.role };
  const cases = await getSql()<Array<{ id: number }>>`select id::int from cases where their_number like '4477009%' order by id limit 20`;
  const replies = 30;
  for (let i = 0; i < replies; i++) {
    await queueReply(actor, { caseId: cases[i % cases.length]!.id, message: `Paced reply ${i}`, idempotencyKey: randomUUID() });
  }
  // Both workers send to their own instance's simulator, which records each message it takes.
  await expect
    .poll(async () => (await getSql()`select count(*)::int as n from simulator_messages where direction = 'to_phone' and text like 'Paced reply%'`)[0]!.n, {
      timeout: 60_000,
      intervals: [500],
    })
    .toBe(replies);
  const taken = await getSql()<Array<{ at: string; text: string }>>`
    select extract(epoch from created_at)::float8 * 1000 as at, text from simulator_messages
    where direction = 'to_phone' and text like 'Paced reply%' order by created_at`;
  expect(new Set(taken.map((t) => t.text)).size).toBe(replies);
  // The workers share one pace: 30 replies at 5/s take about 6 s (a limit per worker would
  // let the two send 10/s, in half that). The simulator records when each request arrived,
  // after each process's own delays (its event loop, a database write, the HTTP request), so
  // two arrivals can come closer than the pace that started them: one more than the limit in
  // a one-second window is that jitter; two workers without a shared limit would show ~10.
  const times = taken.map((t) => Number(t.at));
  expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(((replies - 1) / MAX_RPS) * 1000 * 0.9);
  const busiest = Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));
  expect(busiest).toBeLessThanOrEqual(MAX_RPS + 1);
});
