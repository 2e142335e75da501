// SPEC §13 business hours end to end on real PostgreSQL: messages through the signed inbound
// webhook with the provider's timestamps, the real send worker and SDK against a fake Vonage
// on 127.0.0.1 — what reaches "Vonage" is what the person would get.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { processUnroutedAgain } from "@/lib/inbound/process-again";
import { createLink as saveLink, updateLink, type LinkInput } from "@/lib/numbers/links";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { api, tokenFor } from "../support/api";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { casesOf, threadOf } from "../support/inspect";
import { pointSdkAtFakeVonage } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const LONDON = "15557660000";
const NEW_YORK = "15557660001";
const CLOSED_TEXT = "Thanks! We are closed now and answer from 09:00.";
const weekdays = { start: "09:00", end: "17:00" };
/** Monday–Friday and Sunday 09:00–17:00; Saturday closed. */
const HOURS = { "1": [weekdays], "2": [weekdays], "3": [weekdays], "4": [weekdays], "5": [weekdays], "7": [weekdays] };

// Saturday 21 November 2026 (closed all day) and Monday 16 November 2026 (open).
const SATURDAY = "2026-11-21T12:00:00Z";
const MONDAY_OPEN = "2026-11-16T10:00:00Z";

let fake: FakeVonage;
let worker: SendWorker | null = null;
let admin: CurrentUser;
let staff: CurrentUser;
let surveyId: number;
let londonId: number;
let counter = 0;
const person = () => `1555124${String(1000 + counter++)}`;

async function text(from: string, words: string, timestamp: string, to = LONDON) {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text: words, timestamp })));
  expect(response.status).toBe(200);
  return (await response.json()) as { outcome: string };
}

const sentTo = (to: string) => fake.requests.filter((r) => r.body.to === to);
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

async function outOfHoursTo(their: string) {
  return getSql()`
    select id::int, text, status, automatic, our_number as "ourNumber" from messages
    where their_number = ${their} and automatic_kind = 'out_of_hours' order by id`;
}

function linkInput(over: Partial<LinkInput> = {}): LinkInput {
  return { ourNumber: LONDON, channel: "sms", surveyId, description: "", multiCaseReply: "", ...over };
}

beforeAll(async () => {
  useWebhookSecret();
  process.env.SEND_TIMEOUT_MS = "2000";
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  surveyId = (await createSurvey({ name: "Support" })).id;
  admin = asUser(await createUser({ email: "admin@hours.test", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@hours.test", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyId})`;
  // Through the lib the form and the API use, so the stored shape is theirs.
  const london = await saveLink(admin, linkInput({ hours: { timeZone: "europe/london", businessHours: HOURS, outOfHoursReply: ` ${CLOSED_TEXT} ` } }));
  expect(london.ok).toBe(true);
  londonId = (london as { id: number }).id;
  const ny = await saveLink(admin, linkInput({ ourNumber: NEW_YORK, hours: { timeZone: "America/New_York", dayTexts: { "1": "09:00-17:00" }, outOfHoursReply: "NY closed" } }));
  expect(ny.ok).toBe(true);
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await fake.close();
});

beforeEach(() => fake.reset());

describe("the out-of-hours reply", () => {
  it("stores the canonical settings", async () => {
    const [row] = await getSql()`select time_zone, business_hours, out_of_hours_reply from number_links where id = ${londonId}`;
    expect(row).toEqual({ time_zone: "Europe/London", business_hours: HOURS, out_of_hours_reply: CLOSED_TEXT });
  });

  it("answers a message written out of hours once, through the send path, and not again within 12 hours", async () => {
    const P = person();
    expect(await text(P, "Is anyone there?", SATURDAY)).toMatchObject({ outcome: "routed" });
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the out-of-hours reply" });
    expect(request!.body).toMatchObject({ channel: "sms", from: LONDON, to: P, text: CLOSED_TEXT });
    const [reply] = await outOfHoursTo(P);
    expect(reply).toMatchObject({ text: CLOSED_TEXT, automatic: true, ourNumber: LONDON });
    await waitFor(async () => (await outOfHoursTo(P))[0]!.status === "submitted", { what: "the reply submitted" });

    // In the case's thread and history, counted in the case.
    const [kase] = await casesOf(P);
    expect((await threadOf(kase!.id)).map((m) => m.text)).toEqual(["Is anyone there?", CLOSED_TEXT]);
    expect(kase!.message_count).toBe(2);
    const history = await getSql()`select type, data, message_id::int as "messageId" from case_events where case_id = ${kase!.id} and type = 'auto_reply'`;
    expect(history).toEqual([{ type: "auto_reply", data: { kind: "out_of_hours" }, messageId: reply!.id }]);

    // A second message (appended to the same case) within 12 hours: no second reply.
    await text(P, "Hello??", "2026-11-21T13:00:00Z");
    await settle();
    expect(sentTo(P)).toHaveLength(1);
    expect(await outOfHoursTo(P)).toHaveLength(1);
    expect((await casesOf(P))[0]!.message_count).toBe(3);

    // 12 hours later (the earlier reply moved back in time, as the clock would): another one.
    await getSql()`update messages set at = at - interval '12 hours 1 minute' where id = ${reply!.id}`;
    await text(P, "Still nobody?", "2026-11-22T07:00:00Z");
    await waitFor(() => sentTo(P).length === 2, { what: "the second out-of-hours reply" });
    expect(await outOfHoursTo(P)).toHaveLength(2);
    expect((await casesOf(P))[0]!.message_count).toBe(5);
  });

  it("out of hours to a person with two open cases: the which-case reply and the out-of-hours reply, both sent and counted in each case", async () => {
    const MULTI = "15557660006";
    const WHICH = "You have two open cases: start your message with #number.";
    expect((await saveLink(admin, linkInput({ ourNumber: MULTI, multiCaseReply: WHICH, hours: { timeZone: "Europe/London", businessHours: HOURS, outOfHoursReply: CLOSED_TEXT } }))).ok).toBe(true);
    const P = person();
    const ids = (await getSql()`
      insert into cases (survey_id, their_number, our_number, channel, title, open)
      values (${surveyId}, ${P}, ${MULTI}, 'sms', 'First', true), (${surveyId}, ${P}, ${MULTI}, 'sms', 'Second', true)
      returning id::int`).map((r) => r.id as number);
    expect(await text(P, "Anyone?", SATURDAY, MULTI)).toMatchObject({ outcome: "routed" });
    await waitFor(() => sentTo(P).length === 2, { what: "both automatic replies" });
    expect(sentTo(P).map((r) => r.body.text).sort()).toEqual([CLOSED_TEXT, WHICH].sort());
    for (const id of ids) {
      expect((await threadOf(id)).map((m) => m.text).sort()).toEqual(["Anyone?", CLOSED_TEXT, WHICH].sort());
      const [row] = await getSql()`select message_count from cases where id = ${id}`;
      expect(row!.message_count).toBe(3);
    }
  });

  it("sends nothing in hours, and judges by the provider's timestamp, not by when the webhook arrives", async () => {
    const P = person();
    await text(P, "Hello", MONDAY_OPEN);
    const Q = person();
    // Monday 08:59 in London (GMT): closed, even though it reaches us now.
    await text(Q, "Hello", "2026-11-16T08:59:00Z");
    await waitFor(() => sentTo(Q).length === 1, { what: "the reply to the early message" });
    await settle();
    expect(sentTo(P)).toHaveLength(0);
    expect(await outOfHoursTo(P)).toHaveLength(0);
  });

  it("follows DST: Sunday 09:30 is open in BST and 08:30 closed in GMT", async () => {
    const inSummer = person();
    await text(inSummer, "After the clocks went forward", "2026-03-29T08:30:00Z"); // 09:30 BST
    const inWinter = person();
    await text(inWinter, "A week before", "2026-03-22T08:30:00Z"); // 08:30 GMT
    const afterFallBack = person();
    await text(afterFallBack, "After the clocks went back", "2026-10-25T08:30:00Z"); // 08:30 GMT
    await waitFor(() => sentTo(inWinter).length === 1 && sentTo(afterFallBack).length === 1, { what: "the winter replies" });
    await settle();
    expect(sentTo(inSummer)).toHaveLength(0);

    // New York: Monday 09:00 EDT is 13:00 UTC before 1 November, 14:00 UTC after.
    const beforeChange = person();
    await text(beforeChange, "hi", "2026-10-26T13:30:00Z", NEW_YORK); // 09:30 EDT: open
    const afterChange = person();
    await text(afterChange, "hi", "2026-11-02T13:30:00Z", NEW_YORK); // 08:30 EST: closed
    await waitFor(() => sentTo(afterChange).length === 1, { what: "the New York reply" });
    await settle();
    expect(sentTo(beforeChange)).toHaveLength(0);
    expect(sentTo(afterChange)[0]!.body).toMatchObject({ from: NEW_YORK, text: "NY closed" });
  });

  it("never answers a keyword, nor a number that opted out", async () => {
    const P = person();
    // STOP out of hours: opted out, and no out-of-hours reply (the link has no confirmation).
    await text(P, "STOP", SATURDAY);
    await text(P, "Are you open?", "2026-11-21T12:05:00Z");
    await settle();
    expect(sentTo(P)).toHaveLength(0);
    expect(await outOfHoursTo(P)).toHaveLength(0);
    // START is a keyword too; the next ordinary message is answered.
    await text(P, "START", "2026-11-21T12:10:00Z");
    await settle();
    expect(await outOfHoursTo(P)).toHaveLength(0);
    await text(P, "Back again", "2026-11-21T12:15:00Z");
    await waitFor(() => sentTo(P).length === 1, { what: "the reply after START" });
  });

  it("does not answer messages routed again by Process again", async () => {
    const ours = "15557660009";
    const P = person();
    expect(await text(P, "Anyone?", SATURDAY, ours)).toMatchObject({ outcome: "unrouted" });
    await saveLink(admin, linkInput({ ourNumber: ours, hours: { timeZone: "Europe/London", businessHours: HOURS, outOfHoursReply: CLOSED_TEXT } }));
    expect(await processUnroutedAgain(admin, { ourNumber: ours })).toEqual({ routed: 1, stillWaiting: 0 });
    await settle();
    expect(await casesOf(P)).toHaveLength(1);
    expect(await outOfHoursTo(P)).toHaveLength(0);
    expect(sentTo(P)).toHaveLength(0);
  });

  it("refuses bad settings beside each field and changes nothing", async () => {
    const before = await getSql()`select * from number_links where id = ${londonId}`;
    const result = await updateLink(
      admin,
      londonId,
      linkInput({ hours: { timeZone: "Mars/Olympus_Mons", dayTexts: { "2": "9 to 5", "4": "10:00-10:00" }, outOfHoursReply: "x".repeat(1001) } }),
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        timeZone: expect.stringContaining("is not a time zone"),
        outOfHoursReply: expect.stringContaining("at most 1000"),
        hours2: expect.stringMatching(/^Tuesday: .*09:00-17:00/),
        hours4: expect.stringMatching(/^Thursday: .*empty/),
      },
    });
    expect(await getSql()`select * from number_links where id = ${londonId}`).toEqual(before);
  });

  it("lets only admins change a link's hours", async () => {
    const before = await getSql()`select * from number_links where id = ${londonId}`;
    const refused = await updateLink(staff, londonId, linkInput({ hours: { timeZone: "", outOfHoursReply: "" } })).catch((e) => e);
    expect(refused).toMatchObject({ status: 404 });
    expect(await getSql()`select * from number_links where id = ${londonId}`).toEqual(before);
  });

  it("an empty time zone means always open", async () => {
    const link = await createLink({ ourNumber: "15557660002", surveyId });
    const P = person();
    await text(P, "hi", SATURDAY, link.ourNumber);
    await settle();
    expect(await outOfHoursTo(P)).toHaveLength(0);
  });
});

describe("the API", () => {
  it("lists links with their hours and changes them with the form's checks; staff get nothing", async () => {
    const token = await tokenFor(admin);
    const list = await api(token, "GET", "/number-links");
    expect(list.status).toBe(200);
    expect(list.body.items.find((l: { id: number }) => l.id === londonId)).toMatchObject({ timeZone: "Europe/London", businessHours: HOURS, outOfHoursReply: CLOSED_TEXT });

    const id = (await saveLink(admin, linkInput({ ourNumber: "15557660003" })) as { id: number }).id;
    const changed = await api(token, "PATCH", `/number-links/${id}`, { timeZone: "asia/tokyo", businessHours: { "6": [{ start: "22:00", end: "02:00" }] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, timeZone: "Asia/Tokyo", businessHours: { "6": [{ start: "22:00", end: "02:00" }] }, outOfHoursReply: "" });
    // Only the reply: the hours stay.
    expect((await api(token, "PATCH", `/number-links/${id}`, { outOfHoursReply: "Closed" })).body).toMatchObject({ timeZone: "Asia/Tokyo", outOfHoursReply: "Closed" });

    // Hours on a link without a time zone would be dropped: refused, naming the time zone.
    const plain = (await saveLink(admin, linkInput({ ourNumber: "15557660004" })) as { id: number }).id;
    const plainBefore = await getSql()`select * from number_links where id = ${plain}`;
    const noZone = await api(token, "PATCH", `/number-links/${plain}`, { businessHours: { "1": [weekdays] } });
    expect(noZone.status).toBe(400);
    expect(noZone.body.error.message).toMatch(/timeZone: Weekly hours need a time zone/);
    expect(await getSql()`select * from number_links where id = ${plain}`).toEqual(plainBefore);
    // Turning the time zone off drops the kept hours (always open).
    const off = await api(token, "PATCH", `/number-links/${id}`, { timeZone: null });
    expect(off).toMatchObject({ status: 200, body: { timeZone: null, businessHours: null } });
    await api(token, "PATCH", `/number-links/${id}`, { timeZone: "Asia/Tokyo", businessHours: { "6": [{ start: "22:00", end: "02:00" }] }, outOfHoursReply: "Closed" });

    const before = await getSql()`select * from number_links where id = ${id}`;
    const badZone = await api(token, "PATCH", `/number-links/${id}`, { timeZone: "Asia/Atlantis" });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toMatch(/^Invalid body: timeZone: “Asia\/Atlantis” is not a time zone/);
    const badHours = await api(token, "PATCH", `/number-links/${id}`, { businessHours: { "1": [{ start: "9am", end: "17:00" }] } });
    expect(badHours.status).toBe(400);
    expect(badHours.body.error.message).toMatch(/^Invalid body: businessHours: Monday: “9am” is not a time/);
    expect((await api(token, "PATCH", `/number-links/${id}`, { businessHours: { "8": [] } })).status).toBe(400);
    expect(await getSql()`select * from number_links where id = ${id}`).toEqual(before);

    const staffToken = await tokenFor(staff);
    expect((await api(staffToken, "GET", "/number-links")).status).toBe(403);
    expect((await api(staffToken, "PATCH", `/number-links/${id}`, { timeZone: null })).status).toBe(403);
    expect((await api(token, "PATCH", "/number-links/999999", { timeZone: null })).status).toBe(404);
    expect(await getSql()`select * from number_links where id = ${id}`).toEqual(before);
  });

  it("a PATCH of the hours never undoes an edit of the link committed while it ran", async () => {
    const id = (await saveLink(admin, linkInput({ ourNumber: "15557660005" })) as { id: number }).id;
    const token = await tokenFor(admin, "racing");
    let patched: Promise<{ status: number }> | null = null;
    // The form's edit holds the row while the PATCH reads the old link and waits for the lock.
    await getSql().begin(async (tx) => {
      await tx`update number_links set description = 'Edited meanwhile' where id = ${id}`;
      patched = api(token, "PATCH", `/number-links/${id}`, { timeZone: "Europe/London", businessHours: HOURS });
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect((await patched!).status).toBe(200);
    const [row] = await getSql()`select description, time_zone from number_links where id = ${id}`;
    expect(row).toEqual({ description: "Edited meanwhile", time_zone: "Europe/London" });
  });
});
