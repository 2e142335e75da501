// SPEC §3 through the real route handler, with signed payloads, on real PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import { getSql } from "@/lib/db/client";
import { casesOf, count, threadOf } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
const URL_INBOUND = "http://localhost/api/vonage/inbound";
let numberCounter = 100;
const newPerson = () => `4477009${String(numberCounter++).padStart(5, "0")}`;

async function send(from: string, text: string, to = N) {
  const response = await POST(signedRequest(URL_INBOUND, inboundSms({ from, to, text })));
  expect(response.status).toBe(200);
  return response.json() as Promise<{ ok: boolean; outcome: string }>;
}

async function closeCase(id: number) {
  await getSql()`update cases set status = 'resolved', open = false, answers = '{"status":"resolved"}' where id = ${id}`;
}

beforeAll(async () => {
  useWebhookSecret();
  const survey = await createSurvey({ name: "Support" });
  await createLink({
    ourNumber: N,
    surveyId: survey.id,
    multiCaseReply: "You currently have %s1 open cases (%s2). Add #0 for a new one.",
  });
});

describe("receiving messages (SPEC §3, the guide's 'Receiving Incoming Messages')", () => {
  it("the first message from a number creates a case linked to that number", async () => {
    const P = newPerson();
    expect(await send(P, "  Appointment   request for #0 Tuesday ")).toEqual({ ok: true, outcome: "routed" });
    const [created] = await casesOf(P);
    expect(created).toMatchObject({
      their_number: P,
      our_number: N,
      channel: "sms",
      title: "Appointment request for Tuesday",
      status: "new",
      open: true,
      message_count: 1,
      answers: { status: "new" },
    });
    const thread = await threadOf(created!.id);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({ direction: "inbound", status: "received", text: "  Appointment   request for #0 Tuesday " });
  });

  it("later messages from the same number are added to its open case", async () => {
    const P = newPerson();
    await send(P, "Hello");
    await send(P, "Are you there?");
    const all = await casesOf(P);
    expect(all).toHaveLength(1);
    expect(all[0]!.message_count).toBe(2);
    expect((await threadOf(all[0]!.id)).map((m) => m.text)).toEqual(["Hello", "Are you there?"]);
  });

  it("different numbers each get their own case", async () => {
    const [A, B] = [newPerson(), newPerson()];
    await send(A, "from A");
    await send(B, "from B");
    expect(await casesOf(A)).toHaveLength(1);
    expect(await casesOf(B)).toHaveLength(1);
    expect((await casesOf(A))[0]!.id).not.toBe((await casesOf(B))[0]!.id);
  });

  it("a closed case receives no more messages: the next one starts a new case", async () => {
    const P = newPerson();
    await send(P, "First problem");
    const [first] = await casesOf(P);
    await closeCase(first!.id);
    await send(P, "A new problem");
    const all = await casesOf(P);
    expect(all).toHaveLength(2);
    expect(all[0]!.message_count).toBe(1);
    expect(all[1]).toMatchObject({ title: "A new problem", open: true });
  });

  it("a reference to a closed case is ignored: the message starts a new case", async () => {
    const P = newPerson();
    await send(P, "Old");
    const [old] = await casesOf(P);
    await closeCase(old!.id);
    await send(P, `About #${old!.id} again`);
    const all = await casesOf(P);
    expect(all).toHaveLength(2);
    expect(all[0]!.message_count).toBe(1);
  });

  it("#0 starts a new case even while one is open", async () => {
    const P = newPerson();
    await send(P, "Appointment request");
    await send(P, "Different thing #0");
    const all = await casesOf(P);
    expect(all.map((c) => c.title)).toEqual(["Appointment request", "Different thing"]);
    expect(all.map((c) => c.message_count)).toEqual([1, 1]);
  });
});

describe("several open cases (the guide's 'Handling Multiple Open Cases')", () => {
  it("adds the message to all of them and sends the automatic reply once per 10 minutes", async () => {
    const P = newPerson();
    await send(P, "Appointment request");
    await send(P, "Question about hours #0");
    const [a, b] = await casesOf(P);

    await send(P, "Thanks!");
    for (const c of [a!, b!]) {
      const thread = await threadOf(c.id);
      expect(thread.map((m) => m.text)).toContain("Thanks!");
      const replies = thread.filter((m) => m.automatic);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        direction: "outbound",
        status: "queued",
        text: `You currently have 2 open cases (#${a!.id}: Appointment request, #${b!.id}: Question about hours). Add #0 for a new one.`,
      });
    }
    // One automatic message, recorded in both cases.
    const automatic = () => getSql()`select count(*)::int as n from messages where their_number = ${P} and automatic`;
    expect((await automatic())[0]!.n).toBe(1);

    await send(P, "Hello again");
    expect((await automatic())[0]!.n).toBe(1);
    expect((await threadOf(a!.id)).map((m) => m.text)).toContain("Hello again");
  });

  it("a reference sends the message to that case only", async () => {
    const P = newPerson();
    await send(P, "One");
    await send(P, "Two #0");
    const [a, b] = await casesOf(P);
    await send(P, `Re (#${b!.id}): fine`);
    expect((await threadOf(a!.id)).map((m) => m.text)).not.toContain(`Re (#${b!.id}): fine`);
    expect((await threadOf(b!.id)).map((m) => m.text)).toContain(`Re (#${b!.id}): fine`);
  });

  it("a reference to someone else's case is ignored: nobody writes into another person's case", async () => {
    const [P, Q] = [newPerson(), newPerson()];
    await send(Q, "Q's private case");
    const [theirs] = await casesOf(Q);
    await send(P, `Let me into #${theirs!.id}`);
    expect(await threadOf(theirs!.id)).toHaveLength(1);
    const mine = await casesOf(P);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe("Let me into");
  });
});

describe("cases disabled and unknown numbers", () => {
  it("each message creates a new record when the survey has no status question", async () => {
    const survey = await createSurvey({ name: "Plain", casesEnabled: false });
    const ours = "447700911111";
    await createLink({ ourNumber: ours, surveyId: survey.id });
    const P = newPerson();
    await send(P, "one", ours);
    await send(P, "two", ours);
    const records = await casesOf(P);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.open === false && r.status === null)).toBe(true);
  });

  it("a message for a number with no link is kept as unrouted and acknowledged", async () => {
    const before = await count("messages");
    const body = inboundSms({ from: newPerson(), to: "15550001111", text: "anyone?" });
    const response = await POST(signedRequest(URL_INBOUND, body));
    expect(response.status).toBe(200);
    expect(await count("messages")).toBe(before);
    const [event] = await getSql()`select outcome, reason, our_number, payload from webhook_events where message_uuid = ${body.message_uuid}`;
    expect(event).toMatchObject({ outcome: "unrouted", our_number: "15550001111" });
    expect(event!.reason).toMatch(/No number link/);
    expect(event!.payload).toMatchObject({ text: "anyone?" });
  });
});
