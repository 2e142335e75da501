// Edit, close, reopen and move (SPEC §5), with survey access, on real PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { getCaseDetail, listCases } from "@/lib/cases/read-queries";
import { markCaseRead } from "@/lib/cases/case-reads";
import { updateCase } from "@/lib/cases/update-case";
import { setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";
import { getDb, getSql } from "@/lib/db/client";
import { surveyAccess, surveyQuestions } from "@/lib/db/schema";
import { listening, subscribeToChanges } from "@/lib/realtime/hub";
import type { CaseChange } from "@/lib/realtime/channel";
import { casesOf, threadOf } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let admin: CurrentUser;
let staff: CurrentUser;
let outsider: CurrentUser;
let person = 0;
const newPerson = () => `4477005${String(person++).padStart(5, "0")}`;

const asUser = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

async function send(from: string, text: string) {
  const response = await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to: N, text })));
  expect(response.status).toBe(200);
}

async function caseFor(P: string, text = "Hello") {
  await send(P, text);
  return (await casesOf(P)).at(-1)!;
}

const edit = (status: string, over: Partial<{ title: string; notes: string; priority: string }> = {}) => ({
  title: over.title ?? "A title",
  notes: over.notes ?? "",
  answers: { status, priority: over.priority ?? "" },
});

beforeAll(async () => {
  useWebhookSecret();
  const survey = await createSurvey({ name: "Support" });
  await getDb()
    .insert(surveyQuestions)
    .values({ surveyId: survey.id, position: 2, name: "priority", label: "Priority", type: "integer" });
  await createLink({ ourNumber: N, surveyId: survey.id });
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@example.com", role: "staff", password: "password-1" }));
  await getDb().insert(surveyAccess).values({ userId: staff.id, surveyId: survey.id });
});

describe("closing and reopening (SPEC §5)", () => {
  it("the closing value closes the case: the next message starts a new one; another value reopens it", async () => {
    const P = newPerson();
    const c = await caseFor(P, "Broken tap");
    expect(await updateCase(staff, { caseId: c.id, edit: edit("resolved", { title: "Broken tap" }) })).toEqual({ ok: true, open: false });
    await send(P, "Another thing");
    const after = await casesOf(P);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ id: c.id, open: false, status: "resolved", message_count: 1 });

    expect(await updateCase(staff, { caseId: c.id, edit: edit("in_progress", { title: "Broken tap" }) })).toEqual({ ok: true, open: true });
    const detail = await getCaseDetail(staff, c.id);
    expect(detail.events.map((e) => [e.type, e.data])).toEqual([
      ["created", expect.any(Object)],
      ["status_changed", { from: "new", to: "resolved" }],
      ["closed", { status: "resolved" }],
      ["status_changed", { from: "resolved", to: "in_progress" }],
      ["reopened", { status: "in_progress" }],
    ]);
    expect(detail.events.slice(1).every((e) => e.actor?.id === staff.id)).toBe(true);
  });

  it("records edits of the title, notes and answers, and validates on the server", async () => {
    const c = await caseFor(newPerson(), "Question");
    const bad = await updateCase(admin, { caseId: c.id, edit: edit("nonsense", { title: " ", priority: "high" }) });
    expect(bad).toEqual({
      ok: false,
      fieldErrors: {
        title: "Give the case a title.",
        status: "Choose one of the options for Status.",
        priority: "Priority must be a whole number.",
      },
    });
    const [unchanged] = await getSql()`select title, status, answers from cases where id = ${c.id}`;
    expect(unchanged).toEqual({ title: "Question", status: "new", answers: { status: "new" } });

    expect(await updateCase(admin, { caseId: c.id, edit: edit("new", { title: "Opening hours", notes: "Called back", priority: "2" }) })).toEqual({
      ok: true,
      open: true,
    });
    const detail = await getCaseDetail(admin, c.id);
    expect(detail).toMatchObject({ title: "Opening hours", notes: "Called back", answers: { status: "new", priority: 2 } });
    expect(detail.events.at(-1)).toMatchObject({ type: "edited", data: { fields: ["title", "notes", "priority"] } });
  });

  it("refuses a staff user without access to the survey and changes nothing", async () => {
    const c = await caseFor(newPerson(), "Private");
    await expect(updateCase(outsider, { caseId: c.id, edit: edit("resolved") })).rejects.toMatchObject({ status: 404 });
    const [row] = await getSql()`select status, open from cases where id = ${c.id}`;
    expect(row).toEqual({ status: "new", open: true });
  });
});

describe("moving a message to its own case (SPEC §5)", () => {
  it("creates a case with that message, the comment in its notes, and records the move in both", async () => {
    const P = newPerson();
    await send(P, "Appointment request for Tuesday");
    await send(P, "Also, what are your opening hours?");
    const [c] = await casesOf(P);
    const thread = await threadOf(c!.id);
    const hours = thread.find((m) => m.text === "Also, what are your opening hours?")!;

    const { newCaseId } = await moveMessageToNewCase(staff, { caseId: c!.id, messageId: hours.id, comment: "  Different topic  " });
    const moved = await getCaseDetail(staff, newCaseId);
    expect(moved).toMatchObject({
      title: "Also, what are your opening hours?",
      notes: "Different topic",
      theirNumber: P,
      ourNumber: N,
      channel: "sms",
      status: "new",
      open: true,
      surveyId: c!.survey_id,
    });
    expect(moved.messages.map((m) => m.id)).toEqual([hours.id]);
    expect(moved.events.map((e) => [e.type, e.data])).toEqual([["moved_from", { caseId: c!.id, comment: "Different topic" }]]);

    const original = await getCaseDetail(staff, c!.id);
    expect(original.messages.map((m) => m.text)).toEqual(["Appointment request for Tuesday"]);
    expect(original.events.at(-1)).toMatchObject({ type: "moved_to", data: { caseId: newCaseId }, messageId: hours.id });
    expect((await casesOf(P)).map((x) => x.message_count)).toEqual([1, 1]);
  });

  it("a message in two cases leaves only the one it is moved from", async () => {
    const P = newPerson();
    await send(P, "First");
    await send(P, "Second #0");
    await send(P, "For both of them");
    const [a, b] = await casesOf(P);
    const shared = (await threadOf(a!.id)).find((m) => m.text === "For both of them")!;
    const { newCaseId } = await moveMessageToNewCase(admin, { caseId: a!.id, messageId: shared.id, comment: "" });
    expect((await threadOf(a!.id)).map((m) => m.text)).toEqual(["First"]);
    expect((await threadOf(b!.id)).map((m) => m.text)).toContain("For both of them");
    expect((await threadOf(newCaseId)).map((m) => m.text)).toEqual(["For both of them"]);
  });

  it("refuses outsiders, outbound messages and messages not in the case, changing nothing", async () => {
    const P = newPerson();
    const c = await caseFor(P, "Mine");
    const [m] = await threadOf(c.id);
    const before = (await casesOf(P)).length;
    await expect(moveMessageToNewCase(outsider, { caseId: c.id, messageId: m!.id, comment: "" })).rejects.toMatchObject({ status: 404 });
    const other = await caseFor(newPerson(), "Someone else");
    const [otherMessage] = await threadOf(other.id);
    await expect(moveMessageToNewCase(admin, { caseId: c.id, messageId: otherMessage!.id, comment: "" })).rejects.toMatchObject({ status: 409 });
    const [reply] = await getSql()`
      insert into messages (direction, channel, our_number, their_number, text, status) values ('outbound', 'sms', ${N}, ${P}, 'Reply', 'delivered') returning id::int`;
    await getSql()`insert into case_messages (case_id, message_id) values (${c.id}, ${reply!.id})`;
    await expect(moveMessageToNewCase(admin, { caseId: c.id, messageId: reply!.id, comment: "" })).rejects.toMatchObject({ status: 400 });
    expect(await casesOf(P)).toHaveLength(before);
    expect(await threadOf(c.id)).toHaveLength(2);
  });
});

describe("unread marks and live updates", () => {
  it("marks a case unread when it has activity the user has not seen", async () => {
    const P = newPerson();
    const c = await caseFor(P, "Unread?");
    const find = async () => (await listCases(staff, { phone: P })).items[0]!;
    expect((await find()).unread).toBe(true);
    await markCaseRead(staff, c.id);
    expect((await find()).unread).toBe(false);
    await send(P, "Something new");
    expect((await find()).unread).toBe(true);
  });

  it("announces committed changes over LISTEN/NOTIFY to subscribers who may see the survey", async () => {
    await listening();
    const seen: CaseChange[] = [];
    const stop = subscribeToChanges({ userId: admin.id, surveys: "all", send: (change) => seen.push(change), end: () => {} });
    const blind: CaseChange[] = [];
    const stopBlind = subscribeToChanges({ userId: staff.id, surveys: new Set([999999]), send: (change) => blind.push(change), end: () => {} });
    const P = newPerson();
    const c = await caseFor(P, "Live?");
    await updateCase(admin, { caseId: c.id, edit: edit("resolved", { title: "Live?" }) });
    await expect.poll(() => seen.map((s) => s.kind)).toEqual(["message", "status"]);
    expect(seen[0]).toEqual({ surveyId: c.survey_id, caseIds: [c.id], kind: "message" });
    expect(blind).toEqual([]);
    stop();
    stopBlind();
  });

  it("ends a live stream within moments when its user's access changes or the user is deactivated", async () => {
    await listening();
    const ended: string[] = [];
    const stops = [
      subscribeToChanges({ userId: staff.id, surveys: "all", send: () => {}, end: () => ended.push("staff") }),
      subscribeToChanges({ userId: outsider.id, surveys: "all", send: () => {}, end: () => ended.push("outsider") }),
      subscribeToChanges({ userId: admin.id, surveys: "all", send: () => {}, end: () => ended.push("admin") }),
    ];
    const owner = asUser(await createUser({ email: "owner@edits.test", role: "owner", password: "password1" }));
    await setSurveyAccessAsAdmin(owner, staff.id, []);
    await expect.poll(() => ended, { timeout: 3_000 }).toEqual(["staff"]);
    await updateUserAsAdmin(owner, outsider.id, { active: false });
    await expect.poll(() => ended, { timeout: 3_000 }).toEqual(["staff", "outsider"]);
    stops.forEach((stop) => stop());
  });
});
