// SPEC §16 "Erase a person" / "Export a person", on data made the real way: messages through
// the signed inbound webhook, replies through queueReply and the send worker against a fake
// Vonage, status webhooks, a Retry, an edit, a move, simulator messages and webhook
// deliveries. The checks read the whole database (every table of the app's and the job
// queue's schemas, found in information_schema), not a list of tables.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import { POST as status } from "@/app/api/vonage/status/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { updateCase } from "@/lib/cases/update-case";
import { getSql, openSql } from "@/lib/db/client";
import { addNote } from "@/lib/notes/add-note";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { maskNumber } from "@/lib/privacy/counts";
import { erasePerson, exportPerson, previewErase } from "@/lib/privacy/person-data";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { rowsContaining, rowsOnlyIn, snapshotDatabase, type DatabaseSnapshot } from "../support/database-scan";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { newKey, pointSdkAtFakeVonage } from "../support/replies";
import { createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { fixture, inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const SMS = "447700900000";
const WA = "447700900010";
const UNLINKED = "447700900099";
// Two people; neither number is part of the other or of ours.
const P = "447712340001";
const Q = "447712340002";

let fake: FakeVonage;
let worker: SendWorker | null = null;
let admin: CurrentUser;
let staff: CurrentUser;
let subscriptionId: number;
const as = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

async function post(body: unknown, route: (request: Request) => Promise<Response> = inbound, url = "http://localhost/api/vonage/inbound") {
  const response = await route(signedRequest(url, body));
  expect(response.status).toBe(200);
  return (await response.json()) as { outcome: string };
}

const text = (from: string, to: string, words: string) => post(inboundSms({ from, to, text: words }));

async function casesOf(number: string) {
  return getSql()<Array<{ id: number; surveyId: number; title: string }>>`
    select id::int, survey_id as "surveyId", title from cases where their_number = ${number} order by id`;
}

async function outboundOf(number: string) {
  return getSql()<Array<{ id: number; status: string; providerMessageId: string | null }>>`
    select id::int, status, provider_message_id as "providerMessageId" from messages
    where their_number = ${number} and direction = 'outbound' order by id`;
}

/** Everything a person does in a helpdesk, the real way. */
async function lifeOf(X: string) {
  await text(X, SMS, "Hello, I need help with my order");
  await text(X, SMS, "#0 And a question about opening hours");
  await text(X, SMS, "Are you there?"); // two open cases: appended to both, with the automatic reply
  await post({ ...inboundSms({ from: X, to: WA, text: `Hi on WhatsApp` }), channel: "whatsapp", profile: { name: `Person ${X.slice(-1)}` } });
  await post({ ...fixture("inbound-whatsapp-image"), message_uuid: randomUUID(), from: X, to: WA, timestamp: new Date().toISOString() });
  expect(await text(X, UNLINKED, "Anyone?")).toEqual({ ok: true, outcome: "unrouted" });
  // Signed but not understood: kept raw, with only the body saying whose it is.
  await post({ hello: "not a message", from: X });

  const [first, second, wa] = await casesOf(X);
  const sent = await queueReply(staff, { caseId: first!.id, message: "We are looking into it", idempotencyKey: newKey() });
  const allSent = () => waitFor(async () => (await outboundOf(X)).every((m) => m.providerMessageId !== null), { what: `every reply to ${X} sent` });
  await allSent(); // so the refusal scripted next meets the next reply, not one of these
  fake.script({ status: 400, body: { title: "Invalid params", detail: "Rejected" } });
  const failed = await queueReply(staff, { caseId: wa!.id, message: "Here is the answer", idempotencyKey: newKey() });
  if (sent.status !== "queued" || failed.status !== "queued") throw new Error("not queued");
  await waitFor(async () => (await outboundOf(X)).find((m) => m.id === failed.messageId)?.status === "failed", { what: "the failed send" });
  await retryReply(staff, { messageId: failed.messageId });
  await allSent();
  for (const m of await outboundOf(X)) {
    await post({ message_uuid: m.providerMessageId, to: X, from: SMS, timestamp: new Date().toISOString(), status: "delivered", channel: "sms" }, status, "http://localhost/api/vonage/status");
  }
  // SPEC §12: opted out (with the confirmation), back in, and out again: opt_outs and its history.
  await text(X, SMS, "STOP");
  // Sent before the START: a confirmation still waiting then would not go out (it would be wrong).
  await allSent();
  await text(X, SMS, "start");
  await text(X, SMS, "Stop.");
  await allSent();

  const edited = await updateCase(admin, { caseId: first!.id, edit: { title: `Order problem of ${X.slice(-4)}`, notes: "Called back", answers: { status: "in_progress" } } });
  expect(edited.ok).toBe(true);
  // A note in the thread naming the number, with a mention: it goes with the case.
  await addNote(admin, { caseId: first!.id, text: `Rang +${X} back; @staff@erase.test to follow up` });
  const [inSecond] = await getSql()<Array<{ id: number }>>`
    select m.id::int from case_messages cm join messages m on m.id = cm.message_id
    where cm.case_id = ${second!.id} and m.direction = 'inbound' order by m.id desc limit 1`;
  await moveMessageToNewCase(admin, { caseId: second!.id, messageId: inSecond!.id, comment: "Separate matter" });

  await getSql()`
    insert into simulator_messages (direction, channel, our_number, their_number, text, message_uuid, outcome)
    values ('to_us', 'sms', ${SMS}, ${X}, 'from the virtual phone', ${randomUUID()}, 'routed'),
           ('to_phone', 'sms', ${SMS}, ${X}, 'to the virtual phone', ${randomUUID()}, 'delivered')`;
  await getSql()`
    insert into webhook_deliveries (subscription_id, event_id, event_type, payload, their_number)
    values (${subscriptionId}, ${randomUUID()}, 'message.received', ${JSON.stringify({ data: { from: X, text: "Hello" } })}::jsonb, ${X})`;
}

beforeAll(async () => {
  useWebhookSecret();
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const support = await createSurvey({ name: "Support" });
  const sales = await createSurvey({ name: "Sales" });
  await createLink({
    ourNumber: SMS,
    surveyId: support.id,
    channel: "sms",
    multiCaseReply: "You have %s1 open cases: %s2",
    optOutConfirmation: "You will get no more messages from us. Reply START to opt back in.",
  });
  await createLink({ ourNumber: WA, surveyId: sales.id, channel: "whatsapp" });
  admin = as(await createUser({ email: "admin@erase.test", role: "admin", password: "password-1" }));
  staff = as(await createUser({ email: "staff@erase.test", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${support.id}), (${staff.id}, ${sales.id})`;
  const [subscription] = await getSql()<Array<{ id: number }>>`
    insert into webhook_subscriptions (url, events, secret_encrypted) values ('https://example.com/hook', '{message.received}', 'x') returning id`;
  subscriptionId = subscription!.id;
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
  await lifeOf(P);
  await lifeOf(Q);
  // Nothing may move on its own while the database is compared before and after.
  await worker.stop();
  worker = null;
});

afterAll(async () => {
  await worker?.stop();
  await fake.close();
});

describe("erasing a person", () => {
  let before: DatabaseSnapshot;
  let pCaseIds: Set<number>;
  let pMessageIds: Set<number>;
  let preview: Awaited<ReturnType<typeof previewErase>>;

  it("previews, in counts, everything of the number across both surveys", async () => {
    expect(rowsContaining(await snapshotDatabase(), P).length).toBeGreaterThan(0);
    preview = await previewErase(admin, "+44 7712 340001");
    expect(preview.number).toBe(P);
    expect(preview.counts).toEqual({
      messagesFrom: 8, // six SMS (three of them STOP, start, Stop.), two WhatsApp (the unlinked one never became a message)
      messagesTo: 5, // the automatic reply, a reply, a reply sent again, two opt-out confirmations
      media: 1,
      mediaFiles: 1, // the image's file (never copied here: no download worker runs)
      mediaBytes: 0,
      cases: 4, // two SMS cases, the WhatsApp one, the one the move made
      casesKept: 0,
      surveys: 2,
      webhookEvents: 8 + 1 + 1 + 3, // routed, unrouted, not understood, three status reports
      simulatorMessages: 2,
      webhookDeliveries: 1 + 8, // one made by hand, and message.received of each message from them (the outbox)
      auditEntries: 6, // two replies, a Retry, an edit, a note, a move
      optOuts: 1, // opted out of the SMS number now
      optOutEvents: 3, // out, in, out
    });
  });

  it("exports exactly what the preview counted", async () => {
    const exported = await exportPerson(admin, P);
    expect(exported.counts).toEqual(preview.counts);
    expect(exported.number).toBe(`+${P}`);
    expect(exported.messages).toHaveLength(preview.counts.messagesFrom + preview.counts.messagesTo);
    expect(exported.messages.filter((m) => (m as { media: unknown }).media !== null)).toHaveLength(preview.counts.media);
    expect(exported.mediaFiles).toHaveLength(preview.counts.mediaFiles);
    expect(exported.cases).toHaveLength(preview.counts.cases);
    expect(exported.casesKept).toHaveLength(preview.counts.casesKept);
    expect(exported.webhookEvents).toHaveLength(preview.counts.webhookEvents);
    expect(exported.simulatorMessages).toHaveLength(preview.counts.simulatorMessages);
    expect(exported.webhookDeliveries).toHaveLength(preview.counts.webhookDeliveries);
    expect(exported.auditEntries).toHaveLength(preview.counts.auditEntries);
    expect(exported.optOuts).toEqual([{ ourNumber: SMS, keyword: "STOP", messageId: expect.any(Number), since: expect.any(String) }]);
    expect(exported.optOutEvents.map((e) => (e as { action: string }).action)).toEqual(["opted_out", "opted_in", "opted_out"]);
    // Whole records: a case with its history, answers and notes; nothing of Q.
    const edited = exported.cases.find((c) => (c as { notes: string }).notes === "Called back") as {
      answers: unknown;
      history: unknown[];
      title: string;
      threadNotes: unknown[];
    };
    expect(edited).toMatchObject({ answers: { status: "in_progress" }, title: "Order problem of 0001" });
    expect(edited.threadNotes).toEqual([
      { id: expect.any(Number), at: expect.any(String), authorUserId: admin.id, text: `Rang +${P} back; @staff@erase.test to follow up`, mentionedUserIds: [staff.id] },
    ]);
    expect(edited.history.length).toBeGreaterThan(2);
    expect(JSON.stringify(exported)).not.toContain(Q);
    const [entry] = await getSql()`select target, after from audit_log where action = 'person.exported'`;
    expect(entry).toEqual({ target: `person:${maskNumber(P)}`, after: preview.counts });
  });

  it("refuses staff, and changes nothing", async () => {
    before = await snapshotDatabase();
    await expect(erasePerson(staff, P)).rejects.toMatchObject({ status: 404 });
    await expect(previewErase(staff, P)).rejects.toMatchObject({ status: 404 });
    await expect(exportPerson(staff, P)).rejects.toMatchObject({ status: 404 });
    const now = await snapshotDatabase();
    expect(rowsOnlyIn(before, now)).toEqual([]);
    expect(rowsOnlyIn(now, before)).toEqual([]);
  });

  it("refuses what is not a number, naming the field", async () => {
    await expect(erasePerson(admin, "call me")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Number: /) });
    await expect(previewErase(admin, "12")).rejects.toMatchObject({ status: 400 });
  });

  it("deletes every row of the number from every table, in one go, and says how much", async () => {
    pCaseIds = new Set((await casesOf(P)).map((c) => c.id));
    pMessageIds = new Set((await getSql()<Array<{ id: number }>>`select id::int from messages where their_number = ${P}`).map((m) => m.id));
    const pNoteIds = new Set((await getSql()<Array<{ id: number }>>`select id::int from case_notes where case_id = any(${[...pCaseIds]}::bigint[])`).map((n) => n.id));
    expect(pNoteIds.size).toBe(1);
    const result = await erasePerson(admin, `00${P}`);
    expect(result.counts).toEqual(preview.counts);

    const after = await snapshotDatabase();
    // The number, in any form it is stored in (digits; "+digits" contains them), is nowhere.
    expect(rowsContaining(after, P)).toEqual([]);
    expect(await previewErase(admin, P)).toMatchObject({ counts: { messagesFrom: 0, messagesTo: 0, cases: 0, webhookEvents: 0 } });

    // Everything removed was P's: it held the number, or belonged to P's cases or messages.
    const removed = rowsOnlyIn(before, after);
    for (const { table, row } of removed) {
      const value = JSON.parse(row) as Record<string, unknown>;
      const ofP =
        row.includes(P) ||
        (table === "public.cases" && pCaseIds.has(value.id as number)) ||
        (table === "public.messages" && pMessageIds.has(value.id as number)) ||
        pCaseIds.has(value.case_id as number) ||
        pMessageIds.has(value.message_id as number) ||
        pNoteIds.has(value.note_id as number);
      expect({ table, row, ofP }).toMatchObject({ ofP: true });
    }
    expect(removed.filter((r) => r.table.startsWith("pgboss."))).toEqual([]);

    // Nothing added but the audit log's: the erasure, and P's cases' entries with their details cleared.
    const added = rowsOnlyIn(after, before);
    expect(new Set(added.map((r) => r.table))).toEqual(new Set(["public.audit_log"]));
    const entries = added.map((r) => JSON.parse(r.row) as { action: string; case_id: number | null; before: unknown; after: unknown; target: string | null; actor_user_id: number });
    const erased = entries.filter((e) => e.action === "person.erased");
    expect(erased).toEqual([expect.objectContaining({ actor_user_id: admin.id, target: `person:${maskNumber(P)}`, after: preview.counts, before: null })]);
    const cleared = entries.filter((e) => e.action !== "person.erased");
    expect(cleared).toHaveLength(preview.counts.auditEntries);
    for (const entry of cleared) expect(entry).toMatchObject({ before: null, after: { erased: true }, case_id: expect.any(Number) });
    expect(cleared.every((e) => pCaseIds.has(e.case_id!))).toBe(true);

    // Q's data is all there, unchanged: every row that held Q's number, and Q's cases whole.
    const removedOfQ = removed.filter((r) => r.row.includes(Q));
    expect(removedOfQ).toEqual([]);
    expect(await casesOf(Q)).toHaveLength(4);
  });
});

describe("a number whose message sits in someone else's case", () => {
  it("keeps that case and its other messages, and counts it again", async () => {
    // Routing never does this (a number's messages go into its own cases only), but a
    // case holding two people's messages must lose only the erased one's.
    const R = "447712340003";
    const S = "447712340004";
    await text(S, WA, "S writes first");
    await text(R, WA, "R writes too");
    const [sCase] = await casesOf(S);
    const [rMessage] = await getSql()<Array<{ id: number }>>`select id::int from messages where their_number = ${R}`;
    await getSql()`insert into case_messages (case_id, message_id) values (${sCase!.id}, ${rMessage!.id})`;
    await getSql()`update cases set message_count = 2 where id = ${sCase!.id}`;
    await getSql()`insert into case_events (case_id, type, message_id) values (${sCase!.id}, 'message_added', ${rMessage!.id})`;

    const { counts } = await erasePerson(admin, R);
    expect(counts).toMatchObject({ messagesFrom: 1, cases: 1, casesKept: 1 });
    const [kept] = await getSql()`select message_count::int as n from cases where id = ${sCase!.id}`;
    expect(kept).toEqual({ n: 1 });
    const left = await getSql()`select m.their_number from case_messages cm join messages m on m.id = cm.message_id where cm.case_id = ${sCase!.id}`;
    expect(left).toEqual([{ their_number: S }]);
    expect(rowsContaining(await snapshotDatabase(), R)).toEqual([]);
    const events = await getSql()`select type from case_events where case_id = ${sCase!.id} order by id`;
    expect(events).toEqual([{ type: "created" }]);
  });
});

describe("a message arriving while the number is being erased", () => {
  it("waits for the erasure, then lands as a new case; nothing old survives", async () => {
    const T = "447712340005";
    await text(T, SMS, "Old message one");
    await text(T, SMS, "Old message two");
    const [old] = await casesOf(T);

    // Hold T's case row so the erasure stops inside its transaction, holding T's routing lock.
    const blocker = openSql(process.env.DATABASE_URL!, { max: 1 });
    const release = await new Promise<() => void>((resolveRelease) => {
      void blocker.begin(async (tx) => {
        await tx`select id from cases where id = ${old!.id} for update`;
        await new Promise<void>((done) => resolveRelease(done));
      });
    });
    try {
      const erasing = erasePerson(admin, T);
      await waitFor(
        async () => (await getSql()`select 1 from pg_locks where locktype = 'advisory' and classid = 1 and objsubid = 2 and granted and objid = (hashtext(${T}) & x'ffffffff'::bigint)::oid`).length === 1,
        { what: "the erasure holding the routing lock" },
      );
      let landed = false;
      const arriving = text(T, SMS, "New message").then((r) => {
        landed = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(landed).toBe(false); // waiting for the routing lock
      release();
      expect((await erasing).counts).toMatchObject({ messagesFrom: 2, cases: 1 });
      expect(await arriving).toEqual({ ok: true, outcome: "routed" });
    } finally {
      await blocker.end({ timeout: 5 });
    }
    const now = await casesOf(T);
    expect(now).toHaveLength(1);
    expect(now[0]!.id).not.toBe(old!.id);
    const thread = await getSql()`select m.text from case_messages cm join messages m on m.id = cm.message_id where cm.case_id = ${now[0]!.id}`;
    expect(thread).toEqual([{ text: "New message" }]);
    expect(await getSql()`select text from messages where their_number = ${T}`).toEqual([{ text: "New message" }]);
  });
});

describe("an erasure meeting a Retry of the same person's reply", () => {
  it("gives way when the two lock each other, then runs again and erases everything", async () => {
    const U = "447712340006";
    await text(U, SMS, "Hello");
    const [kase] = await casesOf(U);
    const [reply] = await getSql()<Array<{ id: number }>>`
      insert into messages (direction, channel, our_number, their_number, text, status) values ('outbound', 'sms', ${SMS}, ${U}, 'Hi', 'failed') returning id::int`;
    await getSql()`insert into case_messages (case_id, message_id) values (${kase!.id}, ${reply!.id})`;

    // As retryReply does: the reply's row first, then (history) a reference to its case.
    const other = openSql(process.env.DATABASE_URL!, { max: 1 });
    const gate: { locked: () => void; go: () => void; inserted: (outcome: unknown) => void; finish: () => void } = {
      locked: () => {},
      go: () => {},
      inserted: () => {},
      finish: () => {},
    };
    const locked = new Promise<void>((resolve) => (gate.locked = resolve));
    const go = new Promise<void>((resolve) => (gate.go = resolve));
    const inserted = new Promise<unknown>((resolve) => (gate.inserted = resolve));
    const finish = new Promise<void>((resolve) => (gate.finish = resolve));
    const retrying = other.begin(async (tx) => {
      await tx`select id from messages where id = ${reply!.id} for update`;
      gate.locked();
      await go;
      gate.inserted(await tx`insert into case_events (case_id, type, message_id) values (${kase!.id}, 'reply_retried', ${reply!.id})`.then(() => "ok", (error: { code?: string }) => error.code));
      await finish;
    });
    try {
      await locked;
      const erasing = erasePerson(admin, U);
      await waitFor(
        async () => (await getSql()`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%from messages where their_number%for update%'`).length > 0,
        { what: "the erasure waiting for the reply's row" },
      );
      gate.go();
      // PostgreSQL ends the erasure's attempt (it waited first); the other change goes on …
      expect(await inserted).toBe("ok");
      gate.finish();
      await retrying;
      // … and the erasure, run again, removes everything, the new history row too.
      expect((await erasing).counts).toMatchObject({ messagesFrom: 1, messagesTo: 1, cases: 1 });
    } finally {
      gate.go();
      gate.finish();
      await other.end({ timeout: 5 });
    }
    expect(rowsContaining(await snapshotDatabase(), U)).toEqual([]);
    expect(await getSql()`select id from case_events where message_id = ${reply!.id}`).toEqual([]);
  });
});
