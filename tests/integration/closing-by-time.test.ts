// Closing by time (SPEC §13) on real PostgreSQL, with the clock injected (never slept):
// exactly the open cases whose last message is older than N days close, by the status
// question's closing value, with the history event, the case.updated webhook and the closed
// case's usual behaviour (its due time cleared; a new message opens a new case).
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { LOCK_SPACE } from "@/lib/db/locks";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";
import { closeIdleCases } from "@/lib/service-levels/auto-close";
import { saveServiceLevels } from "@/lib/service-levels/settings";
import { createWebhook } from "@/lib/webhooks/subscriptions";
import { caseFrom } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900400";
const KEEP_N = "447700900401";
const DAY = 24 * 60 * 60_000;
let surveyId: number;
let keepSurveyId: number;
let person = 0;
const newPerson = () => `4477009${String(person++).padStart(5, "0")}`;

/** A case whose last message was `ageMs` before `now`. */
async function caseAged(now: Date, ageMs: number, to = N) {
  const { id } = await caseFrom({ from: newPerson(), to });
  await getSql()`update cases set last_activity_at = ${new Date(now.getTime() - ageMs).toISOString()}::timestamptz where id = ${id}`;
  return id;
}

const stateOf = async (id: number) =>
  (
    await getSql()`select open, status, answers->>'status' as answer, response_due_at is null as "noDue", closed_at is not null as "closedAt" from cases where id = ${id}`
  )[0] as { open: boolean; status: string; answer: string; noDue: boolean; closedAt: boolean };

beforeAll(async () => {
  useWebhookSecret();
  process.env.CASELINE_ALLOW_INSECURE_WEBHOOKS = "1";
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  surveyId = (await createSurvey({ name: "Support" })).id;
  keepSurveyId = (await createSurvey({ name: "Keeps cases" })).id;
  await createLink({ ourNumber: N, surveyId });
  await createLink({ ourNumber: KEEP_N, surveyId: keepSurveyId });
  const admin = asUser(await createUser({ email: "admin@example.com", name: "Adam Admin", role: "admin", password: "password-1" }));
  expect((await saveServiceLevels(admin, surveyId, { autoCloseDays: 7, firstResponseMinutes: 60 })).ok).toBe(true);
  const hook = await createWebhook(admin, { url: "http://127.0.0.1:9/hook", events: ["case.updated"], description: "CRM" });
  expect(hook.ok).toBe(true);
});

describe("closing by time", () => {
  it("closes exactly the open cases past N days, in batches, each with its history event and webhook", async () => {
    const now = new Date(Date.now() + 60_000);
    const old = [await caseAged(now, 7 * DAY + 1_000), await caseAged(now, 30 * DAY), await caseAged(now, 8 * DAY)];
    const edge = await caseAged(now, 7 * DAY); // exactly N days: not older than N days
    const recent = await caseAged(now, 6 * DAY);
    const otherSurvey = await caseAged(now, 90 * DAY, KEEP_N);
    const alreadyClosed = await caseAged(now, 40 * DAY);
    await getSql()`update cases set open = false, status = 'resolved' where id = ${alreadyClosed}`;

    // Batches of two: all three old cases still close in one run.
    expect(await closeIdleCases({ now, batchSize: 2 })).toBe(3);
    for (const id of old) expect(await stateOf(id)).toEqual({ open: false, status: "resolved", answer: "resolved", noDue: true, closedAt: true });
    for (const id of [edge, recent]) expect(await stateOf(id)).toMatchObject({ open: true, status: "new", noDue: false });
    expect(await stateOf(otherSurvey)).toMatchObject({ open: true });

    const events = await getSql()`select case_id, data from case_events where type = 'auto_closed' order by case_id`;
    expect(events.map((e) => Number(e.case_id))).toEqual([...old].sort((a, b) => a - b));
    expect(events[0]!.data).toEqual({ days: 7, status: "resolved", from: "new" });
    const hooks = await getSql()`select payload from webhook_deliveries where event_type = 'case.updated' order by id`;
    expect(hooks.map((h) => Number(h.payload.data.case.id)).sort((a, b) => a - b)).toEqual([...old].sort((a, b) => a - b));
    expect(hooks[0]!.payload.data).toMatchObject({ changedFields: ["status", "open"], previous: { status: "new", open: true }, case: { open: false, status: "resolved" } });

    // Again at the same time: nothing more. A millisecond later the edge case is past N days; the recent one still is not.
    expect(await closeIdleCases({ now })).toBe(0);
    expect(await closeIdleCases({ now: new Date(now.getTime() + 1) })).toBe(1);
    expect(await stateOf(edge)).toMatchObject({ open: false });
    expect(await stateOf(recent)).toMatchObject({ open: true });
  });

  it("a closed case behaves as any closed case: the next message opens a new one", async () => {
    const now = new Date(Date.now() + 60_000);
    const id = await caseAged(now, 10 * DAY);
    const from = ((await getSql()`select their_number from cases where id = ${id}`)[0]!.their_number as string);
    await closeIdleCases({ now });
    const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to: N, text: "Back again" })));
    expect(response.status).toBe(200);
    const cases = await getSql()`select id, open from cases where their_number = ${from} order by id`;
    expect(cases.map((c) => [Number(c.id), c.open])).toEqual([
      [id, false],
      [expect.any(Number), true],
    ]);
  });

  it("leaves a case whose person's message is being routed right now for the next run, and announces each closing live", async () => {
    const now = new Date(Date.now() + 60_000);
    const busy = await caseAged(now, 10 * DAY);
    const idle = await caseAged(now, 10 * DAY);
    const busyNumber = (await getSql()`select their_number from cases where id = ${busy}`)[0]!.their_number as string;
    const heard: Array<{ caseIds: number[]; kind: string }> = [];
    const listening = await getSql().listen(CHANGES_CHANNEL, (payload) => heard.push(JSON.parse(payload)));
    try {
      // Inbound routing holds the person's routing lock while it appends a message to the case.
      await getSql().begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${LOCK_SPACE.routing}, hashtext(${busyNumber}))`;
        expect(await closeIdleCases({ now })).toBe(1);
      });
      expect(await stateOf(busy)).toMatchObject({ open: true });
      expect(await stateOf(idle)).toMatchObject({ open: false });
      // Once the routing is done, the next run closes it.
      expect(await closeIdleCases({ now })).toBe(1);
      expect(await stateOf(busy)).toMatchObject({ open: false });
      await expect.poll(() => heard.filter((h) => h.kind === "status").flatMap((h) => h.caseIds).sort((a, b) => a - b)).toEqual([idle, busy].sort((a, b) => a - b));
    } finally {
      await listening.unlisten();
    }
  });

  it("does nothing for a survey whose setting is off", async () => {
    const now = new Date(Date.now() + 60_000);
    const id = await caseAged(now, 400 * DAY, KEEP_N);
    await closeIdleCases({ now });
    expect(await stateOf(id)).toMatchObject({ open: true });
  });
});
