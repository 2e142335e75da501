// SPEC §9 notes with mentions, on real PostgreSQL: who can be mentioned (only users who may see
// the case), a note is never sent (checked against a fake Vonage with the real send worker),
// survey access (404), the thread, the audit log, live updates and POST /api/v1/cases/{id}/notes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { getSql } from "@/lib/db/client";
import { addNote } from "@/lib/notes/add-note";
import { mentionCandidates } from "@/lib/notes/mention-candidates";
import { queueReply } from "@/lib/outbound/queue-reply";
import type { CaseChange } from "@/lib/realtime/channel";
import { listening, subscribeToChanges } from "@/lib/realtime/hub";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { api, tokenFor } from "../support/api";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { caseFrom, newKey, pointSdkAtFakeVonage } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const SUPPORT_NUMBER = "447700900000";
const OTHER_NUMBER = "447700900020";
let fake: FakeVonage;
let worker: SendWorker;
let admin: CurrentUser;
let staff: CurrentUser;
let otherStaff: CurrentUser;
let counter = 0;
const person = () => `4477008${String(10000 + counter++)}`;

beforeAll(async () => {
  useWebhookSecret();
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const support = await createSurvey({ name: "Support" });
  const other = await createSurvey({ name: "Other" });
  await createLink({ ourNumber: SUPPORT_NUMBER, surveyId: support.id });
  await createLink({ ourNumber: OTHER_NUMBER, surveyId: other.id });
  admin = asUser(await createUser({ email: "ada@notes.test", name: "Ada Admin", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "sam@notes.test", name: "Sam Staff", role: "staff", password: "password-1" }));
  otherStaff = asUser(await createUser({ email: "bo@notes.test", name: "Bo Other", role: "staff", password: "password-1" }));
  const gone = await createUser({ email: "ina@notes.test", name: "Ina Inactive", role: "staff", password: "password-1" });
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${support.id}), (${gone.id}, ${support.id}), (${otherStaff.id}, ${other.id})`;
  await getSql()`update users set active = false where id = ${gone.id}`;
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
});

const supportCase = () => caseFrom({ from: person(), to: SUPPORT_NUMBER });

describe("a note with mentions", () => {
  it("mentions only users who may see the case, however they are named, and shows in the thread", async () => {
    const c = await supportCase();
    const note = await addNote(staff, {
      caseId: c.id,
      text: "  Called back. @bo other, @ina inactive and @Nobody cannot see this; @ada admin please check, thanks @Sam Staff!  ",
    });
    expect(note).toMatchObject({
      kind: "note",
      text: "Called back. @bo other, @ina inactive and @Nobody cannot see this; @ada admin please check, thanks @Sam Staff!",
      author: { id: staff.id, name: "Sam Staff" },
      mentions: [
        { id: admin.id, name: "Ada Admin" },
        { id: staff.id, name: "Sam Staff" },
      ],
    });
    const stored = await getSql()<Array<{ userId: number }>>`select user_id as "userId" from note_mentions where note_id = ${note.id} order by user_id`;
    expect(stored.map((r) => r.userId)).toEqual([admin.id, staff.id].sort((a, b) => a - b));

    const detail = await getCaseDetail(admin, c.id);
    expect(detail.threadNotes).toEqual([{ ...note, mentions: expect.arrayContaining(note.mentions) }]);
    expect(detail.threadNotes[0]!.mentions).toHaveLength(2);
    // Whom `@` may suggest: the same rule (active, and may see the survey).
    const names = detail.team.map((u) => u.name);
    expect(names).toContain("Sam Staff");
    expect(names).toContain("Ada Admin");
    expect(names).not.toContain("Bo Other");
    expect(names).not.toContain("Ina Inactive");
    expect(await mentionCandidates(staff, c.id)).toEqual(detail.team);
  });

  it("lists notes in time order, each with its author", async () => {
    const c = await supportCase();
    const first = await addNote(staff, { caseId: c.id, text: "First" });
    const second = await addNote(admin, { caseId: c.id, text: "Second" });
    const detail = await getCaseDetail(staff, c.id);
    expect(detail.threadNotes.map((n) => n.id)).toEqual([first.id, second.id]);
    expect(detail.threadNotes.map((n) => n.author?.name)).toEqual(["Sam Staff", "Ada Admin"]);
    expect(detail.threadNotes[0]!.at >= detail.messages[0]!.at).toBe(true);
  });

  it("is never sent: no message, no job, nothing reaches the provider, and the case's activity stays", async () => {
    const c = await supportCase();
    const [before] = await getSql()`select last_activity_at, message_count, updated_at from cases where id = ${c.id}`;
    const messagesBefore = (await getSql()`select count(*)::int as n from messages`)[0]!.n as number;
    const jobsBefore = (await getSql()`select count(*)::int as n from pgboss.job`)[0]!.n as number;

    await addNote(staff, { caseId: c.id, text: "Internal: this person was rude on the phone" });

    expect((await getSql()`select count(*)::int as n from messages`)[0]!.n).toBe(messagesBefore);
    expect((await getSql()`select count(*)::int as n from pgboss.job`)[0]!.n).toBe(jobsBefore);
    const [after] = await getSql()`select last_activity_at, message_count, updated_at from cases where id = ${c.id}`;
    expect(after).toEqual(before);

    // A reply queued after the note goes out; by then the note would have too. It never does.
    const [{ their_number: to }] = (await getSql()`select their_number from cases where id = ${c.id}`) as unknown as [{ their_number: string }];
    const reply = await queueReply(staff, { caseId: c.id, message: "A real reply", idempotencyKey: newKey() });
    expect(reply.status).toBe("queued");
    await waitFor(() => fake.requests.some((r) => r.body.to === to), { what: "the reply at the provider" });
    const sent = fake.requests.filter((r) => r.body.to === to).map((r) => r.body.text);
    expect(sent).toEqual([`A real reply #${c.id}`]);
    expect(JSON.stringify(fake.requests)).not.toContain("rude on the phone");
  });

  it("answers 404 to staff of another survey and for a missing case, storing nothing", async () => {
    const c = await supportCase();
    await expect(addNote(otherStaff, { caseId: c.id, text: "Not mine" })).rejects.toMatchObject({ status: 404, code: "not_found" });
    await expect(addNote(admin, { caseId: 987_654_321, text: "Nothing here" })).rejects.toMatchObject({ status: 404 });
    await expect(mentionCandidates(otherStaff, c.id)).rejects.toMatchObject({ status: 404 });
    expect(await getSql()`select id from case_notes where case_id = ${c.id}`).toEqual([]);
  });

  it("refuses an empty or too long note with a clear message; 5000 characters is fine", async () => {
    const c = await supportCase();
    await expect(addNote(staff, { caseId: c.id, text: " \n\t " })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/empty/) });
    await expect(addNote(staff, { caseId: c.id, text: "x".repeat(5001) })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/at most 5000 characters/),
    });
    expect(await getSql()`select id from case_notes where case_id = ${c.id}`).toEqual([]);
    const longest = await addNote(staff, { caseId: c.id, text: ` ${"y".repeat(5000)} ` });
    expect(longest.text).toHaveLength(5000);
  });

  it("is audited, marks the case read for its author and tells open consoles", async () => {
    const c = await supportCase();
    await listening();
    const seen: CaseChange[] = [];
    const stop = subscribeToChanges({ userId: admin.id, surveys: "all", send: (change) => seen.push(change), end: () => {} });
    try {
      await getSql()`delete from case_reads where case_id = ${c.id}`;
      await addNote(admin, { caseId: c.id, text: "Checked the invoice, @Sam Staff" });
      await expect.poll(() => seen).toEqual([{ surveyId: expect.any(Number), caseIds: [c.id], kind: "note" }]);
    } finally {
      stop();
    }
    const [entry] = await getSql()`select action, actor_user_id, case_id::int, before, after from audit_log where case_id = ${c.id} and action = 'case.note_added'`;
    expect(entry).toEqual({
      action: "case.note_added",
      actor_user_id: admin.id,
      case_id: c.id,
      before: null,
      after: { noteId: expect.any(Number), mentions: ["Sam Staff"] },
    });
    expect(await getSql()`select user_id from case_reads where case_id = ${c.id}`).toEqual([{ user_id: admin.id }]);
  });
});

describe("POST /api/v1/cases/{id}/notes", () => {
  it("answers 201 with the note and its mentions; GET /cases/{id} shows it", async () => {
    const c = await supportCase();
    const token = await tokenFor(staff, "notes");
    const created = await api(token, "POST", `/cases/${c.id}/notes`, { text: "Over to you @Ada Admin" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: "note", text: "Over to you @Ada Admin", author: { id: staff.id }, mentions: [{ id: admin.id, name: "Ada Admin" }] });
    const detail = await api(token, "GET", `/cases/${c.id}`);
    expect(detail.body.threadNotes).toEqual([created.body]);
    expect(detail.body.notes).toBe(""); // the free-text field is another thing
  });

  it("answers 400 naming the field for an empty, blank or too long text or another field, and 404 for another survey's case", async () => {
    const c = await supportCase();
    const token = await tokenFor(staff, "notes-400");
    for (const body of [{}, { text: "" }, { text: "   " }, { text: "z".repeat(5001) }, { text: "ok", internal: true }]) {
      const answer = await api(token, "POST", `/cases/${c.id}/notes`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message).toMatch(/text|internal/);
    }
    const otherToken = await tokenFor(otherStaff, "notes-404");
    expect((await api(otherToken, "POST", `/cases/${c.id}/notes`, { text: "Hi" })).status).toBe(404);
    expect((await api(token, "POST", `/cases/987654321/notes`, { text: "Hi" })).status).toBe(404);
    expect(await getSql()`select id from case_notes where case_id = ${c.id}`).toEqual([]);
  });
});

describe("a note sent again", () => {
  it("with the same idempotency key is stored once and answered with the stored note, also when both arrive at once", async () => {
    const c = await supportCase();
    const key = newKey();
    const [a, b] = await Promise.all([
      addNote(staff, { caseId: c.id, text: "Engineer booked for Tuesday", idempotencyKey: key }),
      addNote(staff, { caseId: c.id, text: "Engineer booked for Tuesday", idempotencyKey: key }),
    ]);
    expect(a.id).toBe(b.id);
    const again = await addNote(staff, { caseId: c.id, text: "  Engineer booked for Tuesday ", idempotencyKey: key });
    expect(again.id).toBe(a.id);
    expect((await getCaseDetail(staff, c.id)).threadNotes).toHaveLength(1);
  });

  it("with a key already used for other text: 409 and nothing stored; a bad key: 400", async () => {
    const c = await supportCase();
    const key = newKey();
    await addNote(staff, { caseId: c.id, text: "First", idempotencyKey: key });
    await expect(addNote(staff, { caseId: c.id, text: "Second", idempotencyKey: key })).rejects.toMatchObject({ code: "conflict" });
    await expect(addNote(staff, { caseId: c.id, text: "Third", idempotencyKey: "short" })).rejects.toMatchObject({ code: "bad_request" });
    expect((await getCaseDetail(staff, c.id)).threadNotes.map((n) => n.text)).toEqual(["First"]);
  });

  it("through the API: the same key answers the same note; the key of another case's note is a conflict", async () => {
    const token = await tokenFor(staff, "notes-again");
    const [c, d] = [await supportCase(), await supportCase()];
    const key = newKey();
    const first = await api(token, "POST", `/cases/${c.id}/notes`, { text: "Checked", idempotencyKey: key });
    const second = await api(token, "POST", `/cases/${c.id}/notes`, { text: "Checked", idempotencyKey: key });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect((await api(token, "POST", `/cases/${d.id}/notes`, { text: "Checked", idempotencyKey: key })).status).toBe(409);
  });
});
