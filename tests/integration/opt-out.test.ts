// SPEC §12 end to end on real PostgreSQL: keywords through the signed inbound webhook, the
// real send worker and the real SDK against a fake Vonage on 127.0.0.1, staff replies, Retry
// and the API — what reaches "Vonage" is what the person would get.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { getSql } from "@/lib/db/client";
import { createLink as saveLink, listLinks, updateLink } from "@/lib/numbers/links";
import { listOptOuts } from "@/lib/optout/list-opt-outs";
import { assertMaySend } from "@/lib/optout/suppression";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { currentSender } from "@/lib/worker/provider-sender";
import { sendQueuedMessage } from "@/lib/worker/send-message";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { api, tokenFor } from "../support/api";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { casesOf, threadOf } from "../support/inspect";
import { messageRow, newKey, pointSdkAtFakeVonage } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

/** SMS, with a confirmation, a HELP answer and a multi-case reply. */
const N = "15557650000";
/** SMS, with a multi-case reply but no confirmation and no HELP answer. */
const QUIET = "15557650001";
const WA = "15557650010";
/** Another survey's SMS number. */
const OTHER = "15557650020";
const CONFIRMATION = "You will get no more messages from Acme. Reply START to opt back in.";
const HELP = "Acme support: reply here or call +1 555 0100. Reply STOP to opt out.";
const MULTI = "You have %s1 open cases: %s2. Add #0 for a new one.";

let fake: FakeVonage;
let worker: SendWorker | null = null;
let admin: CurrentUser;
let staff: CurrentUser;
let outsider: CurrentUser;
let counter = 0;
const person = () => `1555123${String(1000 + counter++)}`;

async function text(from: string, words: string, to = N, extra: Record<string, unknown> = {}) {
  const body = { ...inboundSms({ from, to, text: words }), ...extra };
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", body));
  expect(response.status).toBe(200);
  return (await response.json()) as { outcome: string };
}

const sentTo = (to: string) => fake.requests.filter((r) => r.body.to === to);
/** Lets the worker act on anything queued (it wakes within milliseconds of a commit). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

async function optOutRow(their: string, ours = N) {
  const [row] = await getSql()`select keyword, since, message_id::int as "messageId" from opt_outs where our_number = ${ours} and their_number = ${their}`;
  return row ?? null;
}

async function optOutEvents(their: string) {
  return getSql()`select our_number as "ourNumber", action, keyword, message_id::int as "messageId" from opt_out_events where their_number = ${their} order by id`;
}

async function historyOf(caseId: number, types = ["opted_out", "opted_in", "auto_reply"]) {
  return getSql()`select type, data, message_id::int as "messageId" from case_events where case_id = ${caseId} and type = any(${types}) order by id`;
}

async function automaticTo(their: string) {
  return getSql()`select id::int, text, status, automatic_kind as "kind", error_code as "errorCode", error_detail as "errorDetail" from messages where their_number = ${their} and automatic order by id`;
}

async function replyAsStaff(caseId: number, message = "Are you still there?") {
  return queueReply(staff, { caseId, message, idempotencyKey: newKey() });
}

beforeAll(async () => {
  useWebhookSecret();
  process.env.SEND_TIMEOUT_MS = "2000";
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const survey = await createSurvey({ name: "Support" });
  const other = await createSurvey({ name: "Other" });
  await createLink({ ourNumber: N, surveyId: survey.id, multiCaseReply: MULTI, optOutConfirmation: CONFIRMATION, helpText: HELP });
  await createLink({ ourNumber: QUIET, surveyId: survey.id, multiCaseReply: MULTI });
  await createLink({ ourNumber: WA, surveyId: survey.id, channel: "whatsapp", optOutConfirmation: CONFIRMATION, helpText: HELP });
  await createLink({ ourNumber: OTHER, surveyId: other.id, optOutConfirmation: CONFIRMATION });
  admin = asUser(await createUser({ email: "admin@optout.test", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@optout.test", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@optout.test", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id}), (${outsider.id}, ${other.id})`;
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await fake.close();
});

beforeEach(() => fake.reset());

describe("STOP", () => {
  it("routes the message into the case, opts the number out, and sends the confirmation once", async () => {
    const P = person();
    await text(P, "My order is late");
    const [kase] = await casesOf(P);
    expect(await text(P, "STOP")).toMatchObject({ outcome: "routed" });

    // Nothing is dropped: STOP is in the conversation like any message.
    expect((await threadOf(kase!.id)).map((m) => m.text)).toEqual(["My order is late", "STOP", CONFIRMATION]);
    const stop = (await threadOf(kase!.id))[1]!;
    expect(await optOutRow(P)).toMatchObject({ keyword: "STOP", messageId: stop.id });
    expect(await optOutEvents(P)).toEqual([{ ourNumber: N, action: "opted_out", keyword: "STOP", messageId: stop.id }]);
    const history = await historyOf(kase!.id);
    // (One statement writes both: their order among themselves is PostgreSQL's choice.)
    expect(history).toHaveLength(2);
    expect(history).toEqual(
      expect.arrayContaining([
        { type: "opted_out", data: { keyword: "STOP", ourNumber: N }, messageId: stop.id },
        { type: "auto_reply", data: { kind: "opt_out_confirmation" }, messageId: expect.any(Number) },
      ]),
    );

    // The confirmation reaches "Vonage" (the one message still sent), marked as what it is.
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the confirmation" });
    expect(request!.body).toMatchObject({ channel: "sms", from: N, to: P, text: CONFIRMATION });
    const [confirmation] = await automaticTo(P);
    expect(confirmation).toMatchObject({ kind: "opt_out_confirmation", text: CONFIRMATION });
    await waitFor(async () => (await messageRow(confirmation!.id)).status === "submitted", { what: "the confirmation submitted" });

    // A second STOP (another word, another message): recorded, but no second confirmation,
    // and the opt-out keeps its first word and time.
    const first = await optOutRow(P);
    await text(P, "unsubscribe");
    await settle();
    expect(sentTo(P)).toHaveLength(1);
    expect(await automaticTo(P)).toHaveLength(1);
    expect(await optOutRow(P)).toEqual(first);
    expect((await optOutEvents(P)).map((e) => [e.action, e.keyword])).toEqual([
      ["opted_out", "STOP"],
      ["opted_out", "UNSUBSCRIBE"],
    ]);
    expect((await historyOf(kase!.id, ["opted_out"])).map((e) => e.data.keyword)).toEqual(["STOP", "UNSUBSCRIBE"]);

    // The case says so.
    const detail = await getCaseDetail(staff, kase!.id);
    expect(detail.optedOut).toEqual({ keyword: "STOP", since: new Date(first!.since as string).toISOString() });
    expect(detail.messages.find((m) => m.text === CONFIRMATION)).toMatchObject({ automatic: true, automaticKind: "opt_out_confirmation" });
  });

  it("refuses a staff reply with the reason, stores nothing and sends nothing", async () => {
    const P = person();
    await text(P, "Hello");
    const [kase] = await casesOf(P);
    await text(P, "Stop.");
    await waitFor(() => sentTo(P).length === 1, { what: "the confirmation" });
    const messagesBefore = (await threadOf(kase!.id)).length;
    const refusal = replyAsStaff(kase!.id);
    await expect(refusal).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      message: expect.stringMatching(new RegExp(`^\\+${P} opted out of messages from this number \\(STOP on \\d{1,2} [A-Z][a-z]{2} \\d{4}\\)\\. They can send START to opt back in\\.$`)),
    });
    await settle();
    expect(sentTo(P)).toHaveLength(1); // the confirmation only
    expect(await threadOf(kase!.id)).toHaveLength(messagesBefore);
    const [{ n }] = (await getSql()`select count(*)::int as n from messages where their_number = ${P} and direction = 'outbound' and not automatic`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("refuses each path through the one check: assertMaySend names the reason", async () => {
    const P = person();
    await text(P, "Hi");
    await expect(assertMaySend(N, P)).resolves.toBeUndefined();
    await text(P, "QUIT");
    await expect(assertMaySend(N, P)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("(QUIT on ") });
    // Per our number: the same person may still be written to from another of our numbers.
    await expect(assertMaySend(QUIET, P)).resolves.toBeUndefined();
  });

  it("a duplicate STOP webhook (also two at once) changes nothing", async () => {
    const P = person();
    await text(P, "Hi");
    const body = inboundSms({ from: P, to: N, text: "STOP" });
    const post = () => inbound(signedRequest("http://localhost/api/vonage/inbound", body)).then((r) => r.json() as Promise<{ outcome: string }>);
    const outcomes = await Promise.all([post(), post()]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["duplicate", "routed"]);
    const snapshot = async () =>
      getSql()`select
        (select count(*)::int from opt_out_events where their_number = ${P}) as events,
        (select count(*)::int from messages where their_number = ${P}) as messages,
        (select count(*)::int from case_events e join cases c on c.id = e.case_id where c.their_number = ${P}) as history`;
    const before = await snapshot();
    expect(await post()).toEqual({ ok: true, outcome: "duplicate" });
    expect(await snapshot()).toEqual(before);
    expect(before[0]).toMatchObject({ events: 1, messages: 3 }); // Hi, STOP, the confirmation
    await settle();
    expect(sentTo(P)).toHaveLength(1);
  });

  it("two different STOPs at the same instant confirm once (routing takes turns per number)", async () => {
    const P = person();
    await text(P, "Hi");
    await Promise.all([text(P, "STOP"), text(P, "cancel"), text(P, "END")]);
    expect(await optOutEvents(P)).toHaveLength(3);
    await waitFor(() => sentTo(P).length === 1, { what: "the confirmation" });
    await settle();
    expect(sentTo(P)).toHaveLength(1);
    expect(await automaticTo(P)).toHaveLength(1);
  });

  it("sends no confirmation when the link has none, and still opts out", async () => {
    const P = person();
    await text(P, "Hi", QUIET);
    await text(P, "stop", QUIET);
    await settle();
    expect(await optOutRow(P, QUIET)).toMatchObject({ keyword: "STOP" });
    expect(sentTo(P)).toHaveLength(0);
    expect(await automaticTo(P)).toHaveLength(0);
  });

  it('"please stop by tomorrow" is a message, not an opt-out', async () => {
    const P = person();
    await text(P, "please stop by tomorrow");
    await text(P, "Stop by tomorrow?");
    const [kase] = await casesOf(P);
    expect(await optOutRow(P)).toBeNull();
    expect(await optOutEvents(P)).toEqual([]);
    expect(await historyOf(kase!.id)).toEqual([]);
    expect(await replyAsStaff(kase!.id, "Sure")).toMatchObject({ status: "queued" });
    await waitFor(() => sentTo(P).length === 1, { what: "the reply" });
    expect(sentTo(P)[0]!.body.text).toBe(`Sure #${kase!.id}`);
  });

  it("on a WhatsApp link STOP is just a message", async () => {
    const P = person();
    await text(P, "STOP", WA, { channel: "whatsapp" });
    await text(P, "help", WA, { channel: "whatsapp" });
    const [kase] = await casesOf(P);
    expect((await threadOf(kase!.id)).map((m) => m.text)).toEqual(["STOP", "help"]);
    expect(await optOutRow(P, WA)).toBeNull();
    expect(await historyOf(kase!.id)).toEqual([]);
    await settle();
    expect(sentTo(P)).toHaveLength(0); // neither a confirmation nor the help text
    expect(await replyAsStaff(kase!.id, "Noted")).toMatchObject({ status: "queued" });
    await waitFor(() => sentTo(P).length === 1, { what: "the reply" });

    // An opt-out kept from when the number was an SMS link (its channel changed since) holds
    // nothing back on WhatsApp, where no keyword could ever lift it.
    await getSql()`insert into opt_outs (our_number, their_number, keyword) values (${WA}, ${P}, 'STOP')`;
    expect((await getCaseDetail(staff, kase!.id)).optedOut).toBeNull();
    expect(await replyAsStaff(kase!.id, "Still here")).toMatchObject({ status: "queued" });
    await waitFor(() => sentTo(P).length === 2, { what: "the second reply" });
  });
});

describe("keywords arriving out of order", () => {
  const ago = (minutes: number) => ({ timestamp: new Date(Date.now() - minutes * 60_000).toISOString() });

  it("a late YES (sent before the STOP, delivered after it) does not opt the number back in", async () => {
    const P = person();
    await text(P, "Is my parcel coming?", N, ago(10));
    await text(P, "STOP", N, ago(2));
    // Vonage retried this one after a 5xx: it was sent 5 minutes ago, before the STOP.
    await text(P, "YES", N, ago(5));
    expect(await optOutRow(P)).toMatchObject({ keyword: "STOP" });
    expect((await optOutEvents(P)).map((e) => e.action)).toEqual(["opted_out"]);
    const [kase] = await casesOf(P);
    await expect(replyAsStaff(kase!.id)).rejects.toMatchObject({ status: 409 });
  });

  it("a late STOP (sent before the START) neither opts out again nor confirms", async () => {
    const P = person();
    await text(P, "STOP", N, ago(10));
    await waitFor(() => sentTo(P).length === 1, { what: "the first confirmation" });
    await text(P, "START", N, ago(1));
    expect(await optOutRow(P)).toBeNull();
    await text(P, "STOP", N, ago(5));
    expect(await optOutRow(P)).toBeNull();
    // Kept, as everything is: the late STOP is in the record, it just changed nothing.
    expect((await optOutEvents(P)).map((e) => e.action)).toEqual(["opted_out", "opted_in", "opted_out"]);
    await settle();
    expect(sentTo(P)).toHaveLength(1);
    const [kase] = await casesOf(P);
    expect(await replyAsStaff(kase!.id, "Welcome back")).toMatchObject({ status: "queued" });
  });
});

describe("START", () => {
  it("opts back in: replies are allowed again, and the history says so", async () => {
    const P = person();
    await text(P, "Hi");
    const [kase] = await casesOf(P);
    await text(P, "STOP");
    await expect(replyAsStaff(kase!.id)).rejects.toMatchObject({ status: 409 });
    await waitFor(() => sentTo(P).length === 1, { what: "the confirmation" });
    await text(P, "Start");
    const start = (await threadOf(kase!.id)).find((m) => m.text === "Start")!;
    expect(await optOutRow(P)).toBeNull();
    expect((await optOutEvents(P)).map((e) => [e.action, e.keyword])).toEqual([
      ["opted_out", "STOP"],
      ["opted_in", "START"],
    ]);
    expect((await historyOf(kase!.id, ["opted_out", "opted_in"])).at(-1)).toEqual({ type: "opted_in", data: { keyword: "START", ourNumber: N }, messageId: start.id });
    expect((await getCaseDetail(staff, kase!.id)).optedOut).toBeNull();

    expect(await replyAsStaff(kase!.id, "Welcome back")).toMatchObject({ status: "queued" });
    await waitFor(() => sentTo(P).some((r) => r.body.text === `Welcome back #${kase!.id}`), { what: "the reply" });
    expect(sentTo(P).map((r) => r.body.text)).toEqual([CONFIRMATION, `Welcome back #${kase!.id}`]);
  });

  it("YES from someone who never opted out is an ordinary answer: no event", async () => {
    const P = person();
    await text(P, "Can you come on Monday?");
    await text(P, "yes");
    const [kase] = await casesOf(P);
    expect(await optOutEvents(P)).toEqual([]);
    expect(await historyOf(kase!.id)).toEqual([]);
  });

  it("a STOP after START confirms again (the number was opted in in between)", async () => {
    const P = person();
    await text(P, "STOP");
    await waitFor(() => sentTo(P).length === 1, { what: "the first confirmation" });
    await text(P, "UNSTOP");
    await text(P, "END");
    await waitFor(() => sentTo(P).length === 2, { what: "two confirmations" });
    expect(sentTo(P).map((r) => r.body.text)).toEqual([CONFIRMATION, CONFIRMATION]);
    expect(await optOutRow(P)).toMatchObject({ keyword: "END" });
  });
});

describe("HELP", () => {
  it("is answered with the link's help text, at most once in 10 minutes", async () => {
    const P = person();
    await text(P, "HELP");
    const [kase] = await casesOf(P);
    await waitFor(() => sentTo(P).length === 1, { what: "the help text" });
    expect(sentTo(P)[0]!.body).toMatchObject({ from: N, to: P, text: HELP });
    expect(await automaticTo(P)).toMatchObject([{ kind: "help", text: HELP }]);
    expect(await historyOf(kase!.id)).toEqual([{ type: "auto_reply", data: { kind: "help" }, messageId: expect.any(Number) }]);

    // A bot answering our answer with INFO does not get another one.
    await text(P, "info");
    await settle();
    expect(sentTo(P)).toHaveLength(1);

    // Ten minutes later it does.
    await getSql()`update messages set at = at - interval '11 minutes' where their_number = ${P} and automatic_kind = 'help'`;
    await text(P, "Help!");
    await waitFor(() => sentTo(P).length === 2, { what: "the second help text" });
  });

  it("is not answered while the number is opted out", async () => {
    const P = person();
    await text(P, "STOP");
    await text(P, "HELP");
    await settle();
    expect(sentTo(P).map((r) => r.body.text)).toEqual([CONFIRMATION]);
    expect((await automaticTo(P)).map((m) => m.kind)).toEqual(["opt_out_confirmation"]);
  });

  it("is not answered when the link has no help text", async () => {
    const P = person();
    await text(P, "HELP", QUIET);
    await settle();
    expect(sentTo(P)).toHaveLength(0);
  });
});

describe("the automatic multi-case reply", () => {
  it("is not sent to an opted-out number (and is, to one that is not)", async () => {
    // On the link without a confirmation, so no automatic message throttles the reply anyway.
    const [P, control] = [person(), person()];
    for (const who of [P, control]) {
      await text(who, "First question", QUIET);
      await text(who, "Second question #0", QUIET);
    }
    await text(P, "STOP", QUIET);
    await text(P, "Thanks", QUIET);
    await text(control, "Thanks", QUIET);

    const pCases = await casesOf(P);
    expect(pCases).toHaveLength(2);
    for (const c of pCases) expect((await threadOf(c.id)).map((m) => m.text)).toEqual(expect.arrayContaining(["STOP", "Thanks"]));
    expect(await automaticTo(P)).toEqual([]);
    expect(pCases.map((c) => c.message_count)).toEqual([3, 3]); // its own first message, STOP, Thanks

    await waitFor(() => sentTo(control).length === 1, { what: "the control's multi-case reply" });
    expect(await automaticTo(control)).toMatchObject([{ kind: "multi_case" }]);
    await settle();
    expect(sentTo(P)).toHaveLength(0);
  });
});

describe("the send worker", () => {
  it("does not send a reply queued before the STOP (failed with the reason), sends the confirmation, and Retry waits for START", async () => {
    const P = person();
    await text(P, "Hi");
    const [kase] = await casesOf(P);
    await worker!.stop();
    worker = null;
    let replyId: number;
    try {
      const queued = await replyAsStaff(kase!.id, "Queued before the STOP");
      if (queued.status !== "queued") throw new Error("not queued");
      replyId = queued.messageId;
      await text(P, "STOP");
    } finally {
      worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
    }
    const failed = await waitFor(async () => {
      const row = await messageRow(replyId);
      return row.status === "failed" && row;
    }, { what: "the reply failed" });
    expect(failed).toMatchObject({ errorCode: "opted_out", sendAttempts: 0 });
    expect(failed.errorDetail).toMatch(new RegExp(`^\\+${P} opted out of messages from this number \\(STOP on `));
    await waitFor(() => sentTo(P).length === 1, { what: "the confirmation" });
    await settle();
    expect(sentTo(P).map((r) => r.body.text)).toEqual([CONFIRMATION]);

    await expect(retryReply(staff, { messageId: replyId })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("opted out") });
    expect((await messageRow(replyId)).status).toBe("failed");
    await text(P, "START");
    await retryReply(staff, { messageId: replyId });
    await waitFor(() => sentTo(P).length === 2, { what: "the reply, sent again after START" });
    expect(sentTo(P)[1]!.body.text).toBe(`Queued before the STOP #${kase!.id}`);
  });
});

describe("the send worker, at the last moment", () => {
  it("does not send a reply when the STOP lands while the worker waits for its turn", async () => {
    const P = person();
    await text(P, "Hi");
    const [kase] = await casesOf(P);
    await worker!.stop();
    worker = null;
    try {
      const queued = await replyAsStaff(kase!.id, "Caught in the gap");
      if (queued.status !== "queued") throw new Error("not queued");
      // The claim has seen no opt-out; the STOP commits before the request would start.
      const outcome = await sendQueuedMessage(queued.messageId, {
        sender: async () => {
          await text(P, "STOP");
          return currentSender();
        },
        lastAttempt: false,
      });
      expect(outcome).toMatchObject({ result: "failed", detail: expect.stringContaining("opted out") });
      expect(await messageRow(queued.messageId)).toMatchObject({ status: "failed", errorCode: "opted_out", sendAttempts: 0 });
      expect(fake.requests.filter((r) => r.body.text === `Caught in the gap #${kase!.id}`)).toHaveLength(0);
    } finally {
      worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
    }
    await waitFor(() => sentTo(P).length === 1, { what: "the STOP's confirmation" });
  });

  it("does not send a confirmation that waited past their START (it would say the opposite of the truth)", async () => {
    const P = person();
    await worker!.stop();
    worker = null;
    try {
      await text(P, "STOP");
      await text(P, "START");
    } finally {
      worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
    }
    const confirmation = await waitFor(async () => {
      const [row] = await automaticTo(P);
      return row?.status === "failed" && row;
    }, { what: "the stale confirmation given up" });
    expect(confirmation).toMatchObject({ kind: "opt_out_confirmation", errorCode: "opted_out", errorDetail: expect.stringContaining("opted back in") });
    expect(sentTo(P)).toHaveLength(0);
  });

  it("does not let staff retry an opt-out confirmation once they opted back in", async () => {
    const P = person();
    fake.script({ status: 400, body: { title: "Invalid params", detail: "Scripted refusal" } });
    await text(P, "STOP");
    const failed = await waitFor(async () => {
      const [row] = await automaticTo(P);
      return row?.status === "failed" && row;
    }, { what: "the confirmation failed" });
    await text(P, "START");
    await expect(retryReply(staff, { messageId: failed.id })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("opted back in") });
  });
});

describe("the API", () => {
  it("answers a reply to an opted-out number 409 with the reason; the case carries optedOut", async () => {
    const token = await tokenFor(staff, "optout-staff");
    const P = person();
    await text(P, "Hi");
    const [kase] = await casesOf(P);
    await text(P, "OPTOUT");
    const reply = await api(token, "POST", `/cases/${kase!.id}/replies`, { text: "Hello?", idempotencyKey: newKey() });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toEqual({ code: "conflict", message: expect.stringMatching(new RegExp(`^\\+${P} opted out .*\\(OPTOUT on .*START to opt back in\\.$`)) });
    const detail = await api(token, "GET", `/cases/${kase!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.optedOut).toEqual({ keyword: "OPTOUT", since: expect.any(String) });
    expect(detail.body.messages.at(-1)).toMatchObject({ automatic: true, automaticKind: "opt_out_confirmation" });
  });

  it("lists opt-outs newest first, by number prefix and our number, a page at a time; staff only for their surveys' numbers", async () => {
    const [A, B] = [person(), person()];
    await text(A, "STOP");
    await text(B, "STOP", OTHER);
    const adminToken = await tokenFor(admin, "optout-admin");
    const all = await api(adminToken, "GET", "/opt-outs?limit=200");
    expect(all.status).toBe(200);
    const since = all.body.items.map((o: { since: string }) => o.since);
    expect([...since].sort().reverse()).toEqual(since);
    expect(all.body.items[0]).toEqual({ ourNumber: OTHER, theirNumber: B, keyword: "STOP", since: expect.any(String) });

    const byNumber = await api(adminToken, "GET", `/opt-outs?number=${encodeURIComponent(`+${A}`)}`);
    expect(byNumber.body).toEqual({ items: [{ ourNumber: N, theirNumber: A, keyword: "STOP", since: expect.any(String) }], nextCursor: null });
    const byOurs = await api(adminToken, "GET", `/opt-outs?ourNumber=${encodeURIComponent(`+1 555 765 0020`)}`);
    expect(byOurs.body.items.map((o: { theirNumber: string }) => o.theirNumber)).toEqual([B]);

    // Pages: every row once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ ourNumber: string; theirNumber: string }>; nextCursor: string | null } } = await api(
        adminToken,
        "GET",
        `/opt-outs?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o) => `${o.ourNumber}:${o.theirNumber}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((o: { ourNumber: string; theirNumber: string }) => `${o.ourNumber}:${o.theirNumber}`));

    // Staff: the opt-outs of the numbers feeding their surveys, no other.
    const mine = await api(await tokenFor(staff, "s"), "GET", "/opt-outs?limit=200");
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((o: { ourNumber: string }) => o.ourNumber !== OTHER)).toBe(true);
    const theirs = await api(await tokenFor(outsider, "o"), "GET", "/opt-outs?limit=200");
    expect(theirs.body.items.map((o: { theirNumber: string }) => o.theirNumber)).toEqual([B]);
    expect(await listOptOuts(outsider, { number: A })).toEqual({ items: [], nextCursor: null });
    // A search without a digit names no number: nothing, not everything.
    expect(await listOptOuts(admin, { number: "smith" })).toEqual({ items: [], nextCursor: null });
  });

  it("refuses bad input with a clear 400", async () => {
    const token = await tokenFor(admin, "optout-bad");
    const badCursor = await api(token, "GET", "/opt-outs?cursor=nonsense");
    expect(badCursor).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("cursor") } } });
    const badOurs = await api(token, "GET", "/opt-outs?ourNumber=12");
    expect(badOurs).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^Invalid query: ourNumber: /) } } });
    const badLimit = await api(token, "GET", "/opt-outs?limit=0");
    expect(badLimit.status).toBe(400);
    expect((await api(null, "GET", "/opt-outs")).status).toBe(401);
  });
});

describe("the link's texts (Users > Conversations)", () => {
  it("are saved, audited, checked for length, and kept when an update leaves them out", async () => {
    const survey = await createSurvey({ name: "Texts" });
    const input = { ourNumber: "+1 555 765 0099", channel: "sms" as const, surveyId: survey.id, description: "", multiCaseReply: "" };
    const tooLong = await saveLink(admin, { ...input, optOutConfirmation: "x".repeat(1001) });
    expect(tooLong).toEqual({ ok: false, fieldErrors: { optOutConfirmation: "The confirmation can be at most 1000 characters." } });
    expect((await listLinks(admin)).some((l) => l.ourNumber === "15557650099")).toBe(false);

    const created = await saveLink(admin, { ...input, optOutConfirmation: "Bye", helpText: "Call us" });
    if (!created.ok) throw new Error("not created");
    expect((await listLinks(admin)).find((l) => l.id === created.id)).toMatchObject({ optOutConfirmation: "Bye", helpText: "Call us" });

    // A WhatsApp form does not send them: switching channel keeps them.
    expect(await updateLink(admin, created.id, { ...input, channel: "whatsapp" })).toEqual({ ok: true, id: created.id });
    expect((await listLinks(admin)).find((l) => l.id === created.id)).toMatchObject({ channel: "whatsapp", optOutConfirmation: "Bye", helpText: "Call us" });
    await updateLink(admin, created.id, { ...input, optOutConfirmation: "Goodbye", helpText: "" });
    expect((await listLinks(admin)).find((l) => l.id === created.id)).toMatchObject({ optOutConfirmation: "Goodbye", helpText: "" });

    const audit = await getSql()`select action, before, after from audit_log where target = ${`number_link:${created.id}`} order by id`;
    expect(audit.at(-1)).toMatchObject({
      action: "number_link.updated",
      before: { channel: "whatsapp", optOutConfirmation: "Bye", helpText: "Call us" },
      after: { channel: "sms", optOutConfirmation: "Goodbye", helpText: "" },
    });
    await expect(listLinks(staff)).rejects.toMatchObject({ status: 404 });
  });
});
