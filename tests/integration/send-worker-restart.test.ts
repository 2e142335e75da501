// The worker stopped while replies are queued → they are sent after it starts again, and
// nothing is sent twice, across restarts and with two workers at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { queueReply } from "@/lib/outbound/queue-reply";
import { requeueStranded, startSendWorker } from "@/lib/worker/worker";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { caseFrom, newKey, pointSdkAtFakeVonage } from "../support/replies";
import { createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let fake: FakeVonage;
let owner: CurrentUser;
const url = () => process.env.DATABASE_URL!;

beforeAll(async () => {
  useWebhookSecret();
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: N, surveyId: survey.id });
  const u = await createUser({ email: "owner@example.com", role: "owner", password: "password-1" });
  owner = { id: u.id, email: u.email, name: u.name, role: u.role };
});
afterAll(() => fake.close());

async function queueMany(n: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = await caseFrom({ from: `44770091${prefix}${String(i).padStart(3, "0")}`, to: N });
    const result = await queueReply(owner, { caseId: c.id, message: `Reply ${i}`, idempotencyKey: newKey() });
    ids.push((result as { messageId: number }).messageId);
  }
  return ids;
}

const sentClientRefs = () => fake.requests.map((r) => Number(r.body.client_ref));

describe("the send worker", () => {
  it("sends what was queued while it was stopped, once, and nothing again after a restart", async () => {
    const ids = await queueMany(6, "1");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fake.requests).toHaveLength(0); // no worker yet

    const first = await startSendWorker({ connectionString: url(), log: () => {} });
    await waitFor(() => fake.requests.length === ids.length, { what: "every queued reply to be sent" });
    await first.stop();

    const second = await startSendWorker({ connectionString: url(), log: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await second.stop();
    expect(sentClientRefs().sort()).toEqual([...ids].sort());
    const statuses = await getSql()`select distinct status from messages where id = any(${ids}::bigint[])`;
    expect(statuses.map((s) => s.status)).toEqual(["submitted"]);
  });

  it("two workers at once send each reply once", async () => {
    fake.reset();
    const ids = await queueMany(40, "2");
    const workers = await Promise.all([1, 2].map(() => startSendWorker({ connectionString: url(), log: () => {} })));
    await waitFor(() => fake.requests.length >= ids.length, { what: "every reply to be sent" });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await Promise.all(workers.map((w) => w.stop()));
    expect(sentClientRefs().sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("a reply whose job is gone is queued again by the sweep, never lost", async () => {
    fake.reset();
    const [id] = await queueMany(1, "3");
    // As if its job had used up every retry while the database was away.
    await getSql()`delete from pgboss.job where name = 'send-message'`;
    await getSql()`update messages set created_at = now() - interval '2 minutes' where id = ${id!}`;
    expect(await requeueStranded()).toBe(1);
    expect(await requeueStranded()).toBe(0); // it has a job now
    const worker = await startSendWorker({ connectionString: url(), log: () => {} });
    await waitFor(() => fake.requests.length === 1, { what: "the stranded reply to be sent" });
    await worker.stop();
    expect(sentClientRefs()).toEqual([id]);
  });

  it("the replies of a worker that crashed go out again soon after a worker runs, once each", async () => {
    fake.reset();
    const [early, late] = await queueMany(2, "4");
    // A worker took both jobs and died 50 s ago: pg-boss keeps such jobs "active" for 15
    // minutes. It had claimed `early` (its lease has run out), and not yet `late`.
    await getSql()`update pgboss.job set state = 'active', started_on = now() - interval '50 seconds' where name = 'send-message'`;
    await getSql()`update messages set sending_since = now() - interval '50 seconds' where id = ${early!}`;
    // A worker alive and busy with its jobs is left alone: a fresh active job and claim.
    const [busy] = await queueMany(1, "5");
    await getSql()`update pgboss.job set state = 'active', started_on = now() where name = 'send-message' and (data->>'messageId')::bigint = ${busy!}`;
    await getSql()`update messages set sending_since = now() where id = ${busy!}`;

    const started = Date.now();
    const worker = await startSendWorker({ connectionString: url(), log: () => {} });
    await waitFor(() => fake.requests.length === 2, { what: "the crashed worker's replies to be sent", timeoutMs: 60_000 });
    const resumedWithinMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await worker.stop();
    expect(resumedWithinMs).toBeLessThan(60_000);
    expect(sentClientRefs().sort()).toEqual([early!, late!].sort());
  });
});
