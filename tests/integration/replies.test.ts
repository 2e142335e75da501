// SPEC §4 against a fake Vonage on 127.0.0.1, with the real SDK and the real worker.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { describeDeliveryError } from "@/lib/outbound/delivery-errors";
import { storeProviderId } from "@/lib/messages/status-updates";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { count, threadOf } from "../support/inspect";
import { caseFrom, messageRow, newKey, postStatus, pointSdkAtFakeVonage } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const SMS_NUMBER = "447700900000";
const WA_NUMBER = "447700900010";
let fake: FakeVonage;
let worker: SendWorker;
let staff: CurrentUser;
let outsider: CurrentUser;
let counter = 0;
const person = () => `4477009${String(60000 + counter++)}`;


beforeAll(async () => {
  useWebhookSecret();
  process.env.SEND_TIMEOUT_MS = "2000";
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: SMS_NUMBER, surveyId: survey.id, channel: "sms", multiCaseReply: "Reply with %s1 or %s2 please" });
  await createLink({ ourNumber: WA_NUMBER, surveyId: survey.id, channel: "whatsapp" });
  const other = await createSurvey({ name: "Other" });
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id}), (${outsider.id}, ${other.id})`;
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
});

beforeEach(() => fake.reset());

/** A new person, and the SMS case their first message made. */
async function newSmsCase() {
  const P = person();
  return { P, c: await caseFrom({ from: P, to: SMS_NUMBER }) };
}

/** A staff reply queued to the case; the stored message's id. */
async function staffReplies(caseId: number, message = "Hi"): Promise<number> {
  const result = await queueReply(staff, { caseId, message, idempotencyKey: newKey() });
  if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
  return result.messageId;
}

/** The message's row once it satisfies `ready` (the worker and webhooks move it on). */
const messageWhen = (id: number, ready: (m: Awaited<ReturnType<typeof messageRow>>) => boolean, timeoutMs = 15_000) =>
  waitFor(async () => {
    const row = await messageRow(id);
    return ready(row) && row;
  }, { timeoutMs, what: `message ${id}` });

const sentTo = (to: string) => fake.requests.filter((r) => r.body.to === to);

describe("replies through the worker and the SDK", () => {
  it("sends the reply with the reference appended, on the case's channel, from our number to theirs", async () => {
    const { P, c } = await newSmsCase();
    const result = await queueReply(staff, { caseId: c.id, message: "  We are on it  ", idempotencyKey: newKey() });
    expect(result).toMatchObject({ status: "queued", duplicate: false });
    const id = (result as { messageId: number }).messageId;

    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    expect(request!.body).toMatchObject({ channel: "sms", message_type: "text", from: SMS_NUMBER, to: P, text: `We are on it #${c.id}`, client_ref: String(id) });
    expect(request!.authorization).toMatch(/^Bearer ey/); // the SDK signs with the application's key

    const row = await messageWhen(id, (m) => m.status === "submitted");
    expect(row.providerMessageId).toBe(request!.messageUuid);
    const thread = await threadOf(c.id);
    expect(thread.map((m) => [m.direction, m.text])).toEqual([
      ["inbound", "Hello there"],
      ["outbound", `We are on it #${c.id}`],
    ]);
    await postStatus(row.providerMessageId!, "delivered");
    expect((await messageRow(id)).status).toBe("delivered");
  });

  it("429 then success → sent once more, one message, delivered", async () => {
    const { P, c } = await newSmsCase();
    fake.script({ status: 429, body: { title: "Too Many Requests", detail: "Rate limit hit" } });
    const messageId = await staffReplies(c.id);
    const row = await messageWhen(messageId, (m) => m.status === "submitted");
    expect(sentTo(P)).toHaveLength(2);
    expect(row.sendAttempts).toBe(2);
    await postStatus(row.providerMessageId!, "delivered");
    expect(await messageRow(messageId)).toMatchObject({ status: "delivered", errorCode: null, errorDetail: null });
    expect((await threadOf(c.id)).filter((m) => m.direction === "outbound")).toHaveLength(1);
  });

  it("500 five times → failed, with Vonage's reason, after five attempts", async () => {
    const { P, c } = await newSmsCase();
    const failure = { status: 500, body: { title: "Internal Error", detail: "Something went wrong at Vonage" } };
    fake.script(failure, failure, failure, failure, failure);
    const messageId = await staffReplies(c.id);
    const row = await messageWhen(messageId, (m) => m.status === "failed", 30_000);
    expect(row).toMatchObject({ errorCode: "Internal Error", errorDetail: "Something went wrong at Vonage", sendAttempts: 5 });
    expect(sentTo(P)).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentTo(P)).toHaveLength(5);
  });

  it("400 → failed at once, not retried", async () => {
    const { P, c } = await newSmsCase();
    fake.script({ status: 400, body: { title: "Invalid params", detail: "The value of `to` is not a valid number" } });
    const messageId = await staffReplies(c.id);
    const row = await messageWhen(messageId, (m) => m.status === "failed");
    expect(row).toMatchObject({ errorCode: "Invalid params", errorDetail: "The value of `to` is not a valid number", sendAttempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentTo(P)).toHaveLength(1);
  });

  it("no answer at all (nothing listening) → retried, then failed with the reason", async () => {
    const { c } = await newSmsCase();
    const dead = await startFakeVonage();
    await dead.close();
    process.env.VONAGE_API_HOST = dead.url;
    try {
      await new Promise((resolve) => setTimeout(resolve, 5_100)); // the worker re-reads settings every 5 s
      const messageId = await staffReplies(c.id);
      const row = await messageWhen(messageId, (m) => m.status === "failed", 30_000);
      expect(row.sendAttempts).toBe(5);
      expect(row.errorDetail).toBe(`Could not reach ${dead.url}: ECONNREFUSED`);
    } finally {
      process.env.VONAGE_API_HOST = fake.url;
      await new Promise((resolve) => setTimeout(resolve, 5_100));
    }
  });

  it("no answer in time → failed as 'may have been sent', never sent a second time", async () => {
    const { P, c } = await newSmsCase();
    fake.script({ status: 202, delayMs: 3_000 });
    const messageId = await staffReplies(c.id);
    const row = await messageWhen(messageId, (m) => m.status === "failed");
    expect(row.errorCode).toBe("unknown_outcome");
    expect(describeDeliveryError(row.errorCode, row.errorDetail)).toMatch(/may or may not have been sent/);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sentTo(P)).toHaveLength(1);
  });

  it("a worker that died mid-request: the message is not sent again, it is marked as unknown", async () => {
    const { P, c } = await newSmsCase();
    await worker.stop();
    try {
      const messageId = await staffReplies(c.id);
      // As a killed worker leaves it: lease run out, request started, no answer recorded.
      await getSql()`
        update messages set sending_since = now() - interval '10 minutes', request_started_at = now() - interval '10 minutes', send_attempts = 1
        where id = ${messageId}`;
      worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
      const row = await messageWhen(messageId, (m) => m.status === "failed");
      expect(row.errorCode).toBe("unknown_outcome");
      expect(sentTo(P)).toHaveLength(0);
    } finally {
      if (!worker) worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
    }
  });

  it("the same idempotency key with another text is refused, not reported as sent", async () => {
    const { c } = await newSmsCase();
    const key = newKey();
    await queueReply(staff, { caseId: c.id, message: "First text", idempotencyKey: key });
    await expect(queueReply(staff, { caseId: c.id, message: "Edited text", idempotencyKey: key })).rejects.toMatchObject({ code: "conflict" });
  });

  it("the same idempotency key twice (a double click, a retried request) → one message, one send", async () => {
    const { P, c } = await newSmsCase();
    const key = newKey();
    const results = await Promise.all([
      queueReply(staff, { caseId: c.id, message: "Once", idempotencyKey: key }),
      queueReply(staff, { caseId: c.id, message: "Once", idempotencyKey: key }),
    ]);
    const again = await queueReply(staff, { caseId: c.id, message: "Once", idempotencyKey: key });
    const ids = new Set([...results, again].map((r) => (r as { messageId: number }).messageId));
    expect(ids.size).toBe(1);
    expect([...results, again].filter((r) => (r as { duplicate: boolean }).duplicate)).toHaveLength(2);
    await waitFor(() => sentTo(P).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentTo(P)).toHaveLength(1);
    expect((await threadOf(c.id)).filter((m) => m.direction === "outbound")).toHaveLength(1);
  });

  it("status webhooks out of order → the final state is the furthest one", async () => {
    const { c } = await newSmsCase();
    const messageId = await staffReplies(c.id);
    const { providerMessageId } = await messageWhen(messageId, (m) => m.providerMessageId !== null);
    for (const s of ["read", "delivered", "submitted"]) await postStatus(providerMessageId!, s);
    expect((await messageRow(messageId)).status).toBe("read");
  });

  it("a status webhook that beats the worker's own bookkeeping is applied once the id is stored", async () => {
    const { c } = await newSmsCase();
    // Vonage reports "delivered" before its 202 reaches us.
    fake.beforeAccept(async (uuid) => postStatus(uuid, "delivered"));
    const messageId = await staffReplies(c.id);
    const row = await messageWhen(messageId, (m) => m.providerMessageId !== null);
    expect(row.status).toBe("delivered");
    const [event] = await getSql()`select outcome from webhook_events where message_uuid = ${row.providerMessageId}`;
    expect(event!.outcome).toBe("status_applied");
  });

  it("the multi-case automatic reply is sent by the worker too", async () => {
    const P = person();
    const first = await caseFrom({ from: P, to: SMS_NUMBER });
    await getSql()`
      insert into cases (survey_id, their_number, our_number, channel, title, open)
      select survey_id, their_number, our_number, channel, 'Second', true from cases where id = ${first.id}`;
    await caseFrom({ from: P, to: SMS_NUMBER });
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the automatic reply" });
    expect(request!.body.text).toBe(`Reply with 2 or #${first.id}: Hello there, #${first.id + 1}: Second please`);
    await waitFor(async () => (await getSql()`select status from messages where their_number = ${P} and automatic`)[0]?.status === "submitted", {
      what: "the automatic reply to be submitted",
    });
  });

  it("WhatsApp outside the 24-hour window: asks first; sent anyway → a 1340 rejection reads as a plain sentence", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp", at: new Date(Date.now() - 25 * 3600_000) });
    const before = await count("messages");
    const asked = await queueReply(staff, { caseId: c.id, message: "Still there?", idempotencyKey: newKey() });
    expect(asked).toMatchObject({ status: "outside_window" });
    expect(await count("messages")).toBe(before);

    const { messageId } = (await queueReply(staff, { caseId: c.id, message: "Still there?", idempotencyKey: newKey(), sendOutsideWindow: true })) as {
      messageId: number;
    };
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P));
    expect(request!.body).toMatchObject({ channel: "whatsapp", message_type: "text", from: WA_NUMBER, to: P });
    const { providerMessageId } = await messageWhen(messageId, (m) => m.providerMessageId !== null);
    await postStatus(providerMessageId!, "rejected", {
      channel: "whatsapp",
      error: { type: "https://developer.vonage.com/api-errors/messages#1340", title: 1340, detail: "Outside of the allowed window" },
    });
    const row = await messageRow(messageId);
    expect(row).toMatchObject({ status: "rejected", errorCode: "1340" });
    expect(describeDeliveryError(row.errorCode, row.errorDetail)).toBe("WhatsApp only allows free text within 24 hours of the person's last message.");
  });

  it("WhatsApp inside the window sends without asking", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp" });
    expect(await queueReply(staff, { caseId: c.id, message: "Hi", idempotencyKey: newKey() })).toMatchObject({ status: "queued" });
  });

  it("bad input and a user without access change nothing", async () => {
    const { c } = await newSmsCase();
    const before = await count("messages");
    await expect(queueReply(outsider, { caseId: c.id, message: "Hi", idempotencyKey: newKey() })).rejects.toMatchObject({ code: "not_found" });
    await expect(queueReply(staff, { caseId: c.id, message: "   ", idempotencyKey: newKey() })).rejects.toMatchObject({ code: "bad_request" });
    await expect(queueReply(staff, { caseId: c.id, message: "x".repeat(1000), idempotencyKey: newKey() })).rejects.toThrow(/too long/);
    await expect(queueReply(staff, { caseId: c.id, message: "Hi", idempotencyKey: "short" })).rejects.toMatchObject({ code: "bad_request" });
    expect(await count("messages")).toBe(before);
  });

  it("if the job cannot be queued, the reply is not stored either (one transaction)", async () => {
    const { c } = await newSmsCase();
    const before = await count("messages");
    await getSql()`alter table pgboss.job rename to job_gone`;
    try {
      await expect(queueReply(staff, { caseId: c.id, message: "Hi", idempotencyKey: newKey() })).rejects.toThrow();
    } finally {
      await getSql()`alter table pgboss.job_gone rename to job`;
    }
    expect(await count("messages")).toBe(before);
  });

  it("Retry on a failed reply sends it again as a new attempt, says so in the history, once", async () => {
    const { P, c } = await newSmsCase();
    fake.script({ status: 400, body: { title: "Invalid params", detail: "Temporarily refused" } });
    const messageId = await staffReplies(c.id);
    await messageWhen(messageId, (m) => m.status === "failed");
    await expect(retryReply(outsider, { messageId })).rejects.toMatchObject({ code: "not_found" });
    // Two clicks at once: one new attempt.
    const clicks = await Promise.allSettled([retryReply(staff, { messageId }), retryReply(staff, { messageId })]);
    expect(clicks.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(clicks.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    const row = await messageWhen(messageId, (m) => m.status === "submitted");
    expect(row).toMatchObject({ errorCode: null, errorDetail: null, sendAttempts: 2 });
    expect(sentTo(P)).toHaveLength(2);
    const [event] = await getSql()`select type, actor_user_id as "actor", data from case_events where case_id = ${c.id} and type = 'reply_retried'`;
    expect(event).toMatchObject({ actor: staff.id, data: { previousStatus: "failed", previousError: { code: "Invalid params", detail: "Temporarily refused" } } });
    // Not failed any more: nothing to retry.
    await expect(retryReply(staff, { messageId })).rejects.toMatchObject({ code: "conflict" });
  });

  it("a Retry whose send job cannot be queued changes nothing: the reply stays failed, no history line", async () => {
    const { c } = await newSmsCase();
    fake.script({ status: 400, body: { title: "Invalid params", detail: "Refused" } });
    const messageId = await staffReplies(c.id);
    await messageWhen(messageId, (m) => m.status === "failed");
    await getSql()`alter table pgboss.job rename to job_gone`;
    try {
      await expect(retryReply(staff, { messageId })).rejects.toThrow();
    } finally {
      await getSql()`alter table pgboss.job_gone rename to job`;
    }
    expect(await messageRow(messageId)).toMatchObject({ status: "failed", errorCode: "Invalid params" });
    expect(await getSql()`select 1 from case_events where case_id = ${c.id} and type = 'reply_retried'`).toHaveLength(0);
  });

  it("an unreadable VONAGE_PRIVATE_KEY_PATH fails the reply with the reason, instead of leaving it queued", async () => {
    const { P, c } = await newSmsCase();
    const key = process.env.VONAGE_PRIVATE_KEY;
    delete process.env.VONAGE_PRIVATE_KEY;
    process.env.VONAGE_PRIVATE_KEY_PATH = "/nonexistent/private.key";
    try {
      await new Promise((resolve) => setTimeout(resolve, 5_100)); // the worker re-reads settings every 5 s
      const messageId = await staffReplies(c.id);
      const row = await messageWhen(messageId, (m) => m.status === "failed");
      expect(row.errorDetail).toMatch(/The Vonage private key cannot be read \(VONAGE_PRIVATE_KEY_PATH\): .*ENOENT/);
      expect(sentTo(P)).toHaveLength(0);
    } finally {
      delete process.env.VONAGE_PRIVATE_KEY_PATH;
      process.env.VONAGE_PRIVATE_KEY = key;
      await new Promise((resolve) => setTimeout(resolve, 5_100));
    }
  });

  it("storing Vonage's id settles a reply another worker gave up on as 'may have been sent', and keeps other failures' reasons", async () => {
    const { c } = await newSmsCase();
    await worker.stop();
    try {
      const unknown = await staffReplies(c.id);
      const refused = await staffReplies(c.id, "Second");
      await getSql()`update messages set status = 'failed', error_code = 'unknown_outcome', error_detail = 'may have been sent' where id = ${unknown}`;
      await getSql()`update messages set status = 'failed', error_code = 'Invalid params', error_detail = 'Bad number' where id = ${refused}`;
      await storeProviderId(unknown, newKey());
      await storeProviderId(refused, newKey());
      expect(await messageRow(unknown)).toMatchObject({ status: "submitted", errorCode: null, errorDetail: null });
      expect(await messageRow(refused)).toMatchObject({ status: "failed", errorCode: "Invalid params", errorDetail: "Bad number" });
    } finally {
      worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
    }
  });
});
