// SPEC §13 notifications on real PostgreSQL: each cause (an assignment, a mention, an inbound
// message added to an assigned case — through both append statements) notifies exactly the
// right users, never the actor, never a deactivated user, only users who may see the case;
// the live stream tells only the recipient; read one, read all, read by opening the case; and
// /api/v1/notifications, where another user's notification answers 404 and changes nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { assignCase } from "@/lib/cases/assign";
import { markCaseRead } from "@/lib/cases/case-reads";
import { getSql } from "@/lib/db/client";
import { addNote } from "@/lib/notes/add-note";
import { listNotifications } from "@/lib/notifications/list";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/mark-read";
import { listening, subscribeToChanges } from "@/lib/realtime/hub";
import { api, tokenFor } from "../support/api";
import { caseFrom } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const SUPPORT = "447700900000";
const SUPPORT_MULTI = "447700900001";
const OTHER = "447700900020";
let supportId: number;
let otherId: number;
let admin: CurrentUser;
let sam: CurrentUser;
let tess: CurrentUser;
let outsider: CurrentUser;
let counter = 0;
const person = () => `4477005${String(10000 + counter++)}`;

type Row = { user_id: number; kind: string; case_id: number; actor_user_id: number | null; message_id: number | null; note_id: number | null };
const notificationsOf = async (caseId: number) =>
  (await getSql()`
    select user_id, kind::text, case_id::int, actor_user_id, message_id::int, note_id::int
    from notifications where case_id = ${caseId} order by id`) as unknown as Row[];

async function message(from: string, to: string, text: string) {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text, uuid: randomUUID() })));
  expect(response.status).toBe(200);
  const [row] = await getSql()`select id::int from messages where their_number = ${from} and direction = 'inbound' order by id desc limit 1`;
  return row!.id as number;
}

/** A second open case of the same person (as a moved message makes one). */
async function secondOpenCase(surveyId: number, from: string, to: string) {
  const [row] = await getSql()`
    insert into cases (survey_id, their_number, our_number, channel, title, status, answers, open, last_activity_at)
    values (${surveyId}, ${from}, ${to}, 'sms', 'Second', 'new', '{"status":"new"}'::jsonb, true, now())
    returning id::int`;
  return row!.id as number;
}

beforeAll(async () => {
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  supportId = (await createSurvey({ name: "Support" })).id;
  otherId = (await createSurvey({ name: "Other" })).id;
  await createLink({ ourNumber: SUPPORT, surveyId: supportId });
  await createLink({ ourNumber: SUPPORT_MULTI, surveyId: supportId, multiCaseReply: "You have several open cases: {cases}" });
  await createLink({ ourNumber: OTHER, surveyId: otherId });
  admin = asUser(await createUser({ email: "ada@notify.test", name: "Ada Admin", role: "admin", password: "password-1" }));
  sam = asUser(await createUser({ email: "sam@notify.test", name: "Sam Staff", role: "staff", password: "password-1" }));
  tess = asUser(await createUser({ email: "tess@notify.test", name: "Tess Team", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "bo@notify.test", name: "Bo Other", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id)
    values (${sam.id}, ${supportId}), (${tess.id}, ${supportId}), (${outsider.id}, ${otherId})`;
});

describe("assigned", () => {
  it("tells the new assignee, named by the actor; never the actor, nor on unassigning", async () => {
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await assignCase(admin, { caseId: c.id, assigneeId: sam.id });
    expect(await notificationsOf(c.id)).toEqual([
      { user_id: sam.id, kind: "assigned", case_id: c.id, actor_user_id: admin.id, message_id: null, note_id: null },
    ]);
    // Taking it yourself, or giving it to nobody: nobody is told.
    await assignCase(tess, { caseId: c.id, assigneeId: tess.id });
    await assignCase(tess, { caseId: c.id, assigneeId: null });
    expect(await notificationsOf(c.id)).toHaveLength(1);
  });

  it("writes nothing when the assignment is refused (a user who may not see the survey)", async () => {
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await expect(assignCase(admin, { caseId: c.id, assigneeId: outsider.id })).rejects.toMatchObject({ status: 400 });
    await expect(assignCase(outsider, { caseId: c.id, assigneeId: outsider.id })).rejects.toMatchObject({ status: 404 });
    expect(await notificationsOf(c.id)).toEqual([]);
  });
});

describe("mentioned", () => {
  it("tells the mentioned users who may see the case, not the author, not others", async () => {
    const c = await caseFrom({ from: person(), to: SUPPORT });
    const note = await addNote(sam, { caseId: c.id, text: "@Ada Admin and @Tess Team please look; @Bo Other cannot; me: @Sam Staff" });
    const rows = await notificationsOf(c.id);
    expect(rows.map((r) => r.user_id).sort()).toEqual([admin.id, tess.id].sort());
    for (const row of rows) expect(row).toMatchObject({ kind: "mentioned", actor_user_id: sam.id, note_id: note.id });
  });

  it("is not written for a note that is not stored (a 404 case)", async () => {
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await expect(addNote(outsider, { caseId: c.id, text: "@Ada Admin" })).rejects.toMatchObject({ status: 404 });
    expect(await notificationsOf(c.id)).toEqual([]);
  });
});

describe("new message", () => {
  it("tells the assignee of a case a message is added to (one open case)", async () => {
    const from = person();
    const c = await caseFrom({ from, to: SUPPORT });
    expect(await notificationsOf(c.id)).toEqual([]); // a new case has no assignee
    await assignCase(sam, { caseId: c.id, assigneeId: sam.id });
    const id = await message(from, SUPPORT, "Any news?");
    expect(await notificationsOf(c.id)).toEqual([
      { user_id: sam.id, kind: "new_message", case_id: c.id, actor_user_id: null, message_id: id, note_id: null },
    ]);
  });

  it("tells each case's assignee when a message goes to several open cases, with and without the automatic reply", async () => {
    for (const to of [SUPPORT, SUPPORT_MULTI]) {
      const from = person();
      const first = await caseFrom({ from, to });
      const second = await secondOpenCase(supportId, from, to);
      await assignCase(admin, { caseId: first.id, assigneeId: sam.id });
      await assignCase(admin, { caseId: second, assigneeId: tess.id });
      const id = await message(from, to, "Hello again");
      const automatic = await getSql()`select id from messages where their_number = ${from} and automatic`;
      expect(automatic).toHaveLength(to === SUPPORT_MULTI ? 1 : 0);
      expect((await notificationsOf(first.id)).filter((r) => r.kind === "new_message")).toEqual([
        { user_id: sam.id, kind: "new_message", case_id: first.id, actor_user_id: null, message_id: id, note_id: null },
      ]);
      expect((await notificationsOf(second)).filter((r) => r.kind === "new_message")).toEqual([
        { user_id: tess.id, kind: "new_message", case_id: second, actor_user_id: null, message_id: id, note_id: null },
      ]);
    }
  });

  it("tells a deactivated assignee nothing", async () => {
    const gone = asUser(await createUser({ email: "gone@notify.test", name: "Gone User", role: "staff", password: "password-1" }));
    await getSql()`insert into survey_access (user_id, survey_id) values (${gone.id}, ${supportId})`;
    const from = person();
    const c = await caseFrom({ from, to: SUPPORT });
    await assignCase(gone, { caseId: c.id, assigneeId: gone.id });
    // Straight in the table: deactivating through the admin screen would unassign them first.
    await getSql()`update users set active = false where id = ${gone.id}`;
    await message(from, SUPPORT, "Anyone there?");
    expect(await notificationsOf(c.id)).toEqual([]);
  });
});

describe("reading", () => {
  it("lists newest first with the case as the inbox shows it, pages by cursor, counts unread, marks one and all read", async () => {
    const user = asUser(await createUser({ email: "reader@notify.test", name: "Rita Reader", role: "staff", password: "password-1" }));
    await getSql()`insert into survey_access (user_id, survey_id) values (${user.id}, ${supportId})`;
    const from = person();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await caseFrom({ from: `${from}${i}`, to: SUPPORT });
      ids.push(c.id);
      await assignCase(admin, { caseId: c.id, assigneeId: user.id });
    }
    const first = await listNotifications(user, { limit: 2 });
    expect(first.unreadCount).toBe(3);
    expect(first.items.map((n) => n.case.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({
      kind: "assigned",
      readAt: null,
      actor: { id: admin.id, name: "Ada Admin" },
      case: { id: ids[2], reference: `#${ids[2]}`, title: "Hello there", theirNumber: `${from}2`, channel: "sms" },
    });
    const second = await listNotifications(user, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((n) => n.case.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    await markNotificationRead(user, first.items[0]!.id);
    await markNotificationRead(user, first.items[0]!.id); // again: no change, no error
    const after = await listNotifications(user, { unread: true });
    expect(after.unreadCount).toBe(2);
    expect(after.items.map((n) => n.case.id)).toEqual([ids[1], ids[0]]);

    // Opening a case reads its notifications.
    await markCaseRead(user, ids[1]!);
    expect((await listNotifications(user, { unread: true })).items.map((n) => n.case.id)).toEqual([ids[0]]);

    expect(await markAllNotificationsRead(user)).toBe(1);
    expect(await listNotifications(user)).toMatchObject({ unreadCount: 0, items: [{}, {}, {}] });
  });

  it("counts unread up to 1000, so a huge backlog still opens at once", async () => {
    const user = asUser(await createUser({ email: "backlog@notify.test", name: "Bea Backlog", role: "admin", password: "password-1" }));
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await getSql()`insert into notifications (user_id, kind, case_id) select ${user.id}, 'sla_breached', ${c.id} from generate_series(1, 1001)`;
    const page = await listNotifications(user);
    expect(page.unreadCount).toBe(1000);
    expect(page.items).toHaveLength(20);
  });

  it("another user's notification is missing to them; nothing changes", async () => {
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await assignCase(admin, { caseId: c.id, assigneeId: sam.id });
    const [row] = await getSql()`select id::int from notifications where case_id = ${c.id}`;
    await expect(markNotificationRead(tess, row!.id as number)).rejects.toMatchObject({ status: 404 });
    await expect(markNotificationRead(tess, 987_654_321)).rejects.toMatchObject({ status: 404 });
    await markAllNotificationsRead(tess);
    const [still] = await getSql()`select read_at from notifications where id = ${row!.id}`;
    expect(still!.read_at).toBeNull();
  });

  it("hides notifications about cases the user may no longer see", async () => {
    const user = asUser(await createUser({ email: "leaver@notify.test", name: "Lee Leaver", role: "staff", password: "password-1" }));
    await getSql()`insert into survey_access (user_id, survey_id) values (${user.id}, ${supportId})`;
    const c = await caseFrom({ from: person(), to: SUPPORT });
    await addNote(admin, { caseId: c.id, text: "@Lee Leaver fyi" });
    expect((await listNotifications(user)).unreadCount).toBe(1);
    await getSql()`delete from survey_access where user_id = ${user.id}`;
    expect(await listNotifications(user)).toEqual({ items: [], unreadCount: 0, nextCursor: null });
  });
});

describe("live", () => {
  it("tells only the recipient's streams, on commit", async () => {
    await listening();
    const heard = { sam: 0, tess: 0 };
    const stops = (["sam", "tess"] as const).map((name) =>
      subscribeToChanges({
        userId: (name === "sam" ? sam : tess).id,
        surveys: "all",
        send: () => {},
        notifications: () => heard[name]++,
        end: () => {},
      }),
    );
    try {
      const c = await caseFrom({ from: person(), to: SUPPORT });
      await assignCase(tess, { caseId: c.id, assigneeId: sam.id });
      await expect.poll(() => heard.sam).toBe(1);
      expect(heard.tess).toBe(0);
    } finally {
      for (const stop of stops) stop();
    }
  });
});

describe("/api/v1/notifications", () => {
  it("lists, reads one and all, for the token's user only", async () => {
    const user = asUser(await createUser({ email: "api@notify.test", name: "Api User", role: "staff", password: "password-1" }));
    await getSql()`insert into survey_access (user_id, survey_id) values (${user.id}, ${supportId})`;
    const token = await tokenFor(user);
    const samToken = await tokenFor(sam);
    const a = await caseFrom({ from: person(), to: SUPPORT });
    const b = await caseFrom({ from: person(), to: SUPPORT });
    await assignCase(admin, { caseId: a.id, assigneeId: user.id });
    await assignCase(admin, { caseId: b.id, assigneeId: user.id });

    const list = await api(token, "GET", "/notifications?limit=1");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ unreadCount: 2, items: [{ kind: "assigned", case: { id: b.id } }], nextCursor: expect.any(String) });
    const id = list.body.items[0].id as number;

    // Sam cannot read or mark it: 404, and it stays unread.
    expect((await api(samToken, "POST", `/notifications/${id}/read`)).status).toBe(404);
    expect((await api(token, "GET", "/notifications?unread=true")).body.unreadCount).toBe(2);
    expect((await api(samToken, "GET", "/notifications")).body.items.map((n: { id: number }) => n.id)).not.toContain(id);

    expect(await api(token, "POST", `/notifications/${id}/read`)).toMatchObject({ status: 200, body: { ok: true } });
    expect((await api(token, "GET", "/notifications?unread=true")).body).toMatchObject({ unreadCount: 1, items: [{ case: { id: a.id } }] });
    expect(await api(token, "POST", "/notifications/read-all")).toMatchObject({ status: 200, body: { marked: 1 } });
    expect((await api(token, "GET", "/notifications")).body.unreadCount).toBe(0);

    expect((await api(token, "GET", "/notifications?unread=maybe")).status).toBe(400);
    expect((await api(token, "POST", "/notifications/abc/read")).status).toBe(404);
    expect((await api("not-a-token", "GET", "/notifications")).status).toBe(401);
  });
});
