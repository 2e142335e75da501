// Assignment (SPEC §9) on real PostgreSQL: who may be assigned, history, audit, webhook,
// access removal, first reply assigns, the Mine / Unassigned views, and the API.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { assignCase } from "@/lib/cases/assign";
import { getCaseDetail, listCases } from "@/lib/cases/read-queries";
import { getDb, getSql } from "@/lib/db/client";
import { surveyAccess, surveys } from "@/lib/db/schema";
import { queueReply } from "@/lib/outbound/queue-reply";
import { setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";
import { webhookPayloadSchema } from "@/lib/webhooks/event-types";
import { createWebhook } from "@/lib/webhooks/subscriptions";
import { api, tokenFor } from "../support/api";
import { caseFrom, newKey } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let surveyId: number;
let owner: CurrentUser;
let admin: CurrentUser;
let ana: CurrentUser;
let ben: CurrentUser;
let outsider: CurrentUser;
let person = 0;
const newPerson = () => `4477006${String(person++).padStart(5, "0")}`;
const newCase = async () => (await caseFrom({ from: newPerson(), to: N })).id;

const assigneeOf = async (caseId: number) => (await getSql()`select assignee_id from cases where id = ${caseId}`)[0]!.assignee_id as number | null;
const assignedEvents = async (caseId: number) =>
  (await getSql()`select data, actor_user_id from case_events where case_id = ${caseId} and type = 'assigned' order by id`) as unknown as Array<{
    data: { from: { id: number } | null; to: { id: number } | null; reason: string };
    actor_user_id: number | null;
  }>;

beforeAll(async () => {
  useWebhookSecret();
  process.env.CASELINE_ALLOW_INSECURE_WEBHOOKS = "1";
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  surveyId = (await createSurvey({ name: "Support" })).id;
  await createLink({ ourNumber: N, surveyId });
  owner = asUser(await createUser({ email: "owner@example.com", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@example.com", name: "Adam Admin", role: "admin", password: "password-1" }));
  ana = asUser(await createUser({ email: "ana@example.com", name: "Ana Silva", role: "staff", password: "password-1" }));
  ben = asUser(await createUser({ email: "ben@example.com", name: "Ben Okafor", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "out@example.com", name: "Otto Outside", role: "staff", password: "password-1" }));
  await getDb().insert(surveyAccess).values([
    { userId: ana.id, surveyId },
    { userId: ben.id, surveyId },
  ]);
});

describe("assigning", () => {
  it("gives the case to a user who may see it, with a history event, an audit entry and a case.assigned webhook", async () => {
    const created = await createWebhook(admin, { url: "http://127.0.0.1:9/hook", events: ["case.assigned"], description: "CRM" });
    if (!created.ok) throw new Error("no webhook");
    const caseId = await newCase();
    const result = await assignCase(ben, { caseId, assigneeId: ana.id });
    expect(result).toEqual({ assignee: { id: ana.id, name: "Ana Silva" }, changed: true });
    expect(await assigneeOf(caseId)).toBe(ana.id);
    expect(await assignedEvents(caseId)).toEqual([{ data: { from: null, to: { id: ana.id, name: "Ana Silva" }, reason: "manual" }, actor_user_id: ben.id }]);
    const [audit] = await getSql()`select actor_user_id, before, after from audit_log where action = 'case.assigned' and case_id = ${caseId}`;
    expect(audit).toMatchObject({ actor_user_id: ben.id, before: { assigneeId: null }, after: { assigneeId: ana.id } });
    const [delivery] = await getSql()`select payload from webhook_deliveries where event_type = 'case.assigned' and (payload->'data'->'case'->>'id')::bigint = ${caseId}`;
    expect(delivery!.payload).toMatchObject({ type: "case.assigned", data: { assigneeId: ana.id, previousAssigneeId: null, case: { id: caseId, surveyId } } });

    // The same assignee again changes nothing and records nothing.
    expect((await assignCase(ana, { caseId, assigneeId: ana.id })).changed).toBe(false);
    expect(await assignedEvents(caseId)).toHaveLength(1);

    // Unassigned.
    await assignCase(ana, { caseId, assigneeId: null });
    expect(await assigneeOf(caseId)).toBeNull();
    expect((await assignedEvents(caseId)).at(-1)!.data).toEqual({ from: { id: ana.id, name: "Ana Silva" }, to: null, reason: "manual" });
    expect((await getCaseDetail(ana, caseId)).assignee).toBeNull();
  });

  it("refuses a user who may not see the survey, an inactive user or a missing one, and changes nothing", async () => {
    const caseId = await newCase();
    for (const assigneeId of [outsider.id, 999_999]) {
      await expect(assignCase(admin, { caseId, assigneeId })).rejects.toThrow(/cannot be assigned/);
    }
    const gone = asUser(await createUser({ email: "gone@example.com", name: "Gone", role: "staff", password: "password-1" }));
    await getDb().insert(surveyAccess).values({ userId: gone.id, surveyId });
    await updateUserAsAdmin(admin, gone.id, { active: false });
    await expect(assignCase(admin, { caseId, assigneeId: gone.id })).rejects.toThrow(/cannot be assigned/);
    expect(await assigneeOf(caseId)).toBeNull();
    expect(await assignedEvents(caseId)).toEqual([]);
  });

  it("answers as missing to a user who may not see the case", async () => {
    const caseId = await newCase();
    await expect(assignCase(outsider, { caseId, assigneeId: outsider.id })).rejects.toThrow(/Case not found/);
    expect(await assigneeOf(caseId)).toBeNull();
  });

  it("applies two concurrent assignments one after the other, each with its event", async () => {
    const caseId = await newCase();
    await Promise.all([assignCase(ana, { caseId, assigneeId: ana.id }), assignCase(ben, { caseId, assigneeId: ben.id })]);
    const events = await assignedEvents(caseId);
    expect(events).toHaveLength(2);
    // The second event starts from the first's assignee: neither overwrote a stale copy.
    expect(events[1]!.data.from).toEqual(events[0]!.data.to);
    expect(await assigneeOf(caseId)).toBe(events[1]!.data.to!.id);
  });
});

describe("losing access unassigns (SPEC §9)", () => {
  it("when a staff user's survey access is removed", async () => {
    const carl = asUser(await createUser({ email: "carl@example.com", name: "Carl", role: "staff", password: "password-1" }));
    await setSurveyAccessAsAdmin(admin, carl.id, [surveyId]);
    const [a, b] = [await newCase(), await newCase()];
    await assignCase(admin, { caseId: a, assigneeId: carl.id });
    await assignCase(admin, { caseId: b, assigneeId: ana.id });
    await setSurveyAccessAsAdmin(admin, carl.id, []);
    expect(await assigneeOf(a)).toBeNull();
    expect(await assigneeOf(b)).toBe(ana.id);
    expect((await assignedEvents(a)).at(-1)).toEqual({ data: { from: { id: carl.id, name: "Carl" }, to: null, reason: "access_removed" }, actor_user_id: admin.id });
    const [audit] = await getSql()`select before, after from audit_log where action = 'case.assigned' and case_id = ${a} order by id desc limit 1`;
    expect(audit).toEqual({ before: { assigneeId: carl.id }, after: { assigneeId: null, reason: "access_removed" } });
    // The case.assigned webhook (subscribed in the first test) is what the API document says it is.
    const [delivery] = await getSql()`select payload from webhook_deliveries where event_type = 'case.assigned' and (payload->'data'->'case'->>'id')::bigint = ${a} order by id desc limit 1`;
    const payload = webhookPayloadSchema("case.assigned").parse(delivery!.payload);
    expect(payload.data).toMatchObject({ assigneeId: null, previousAssigneeId: carl.id, case: { id: a, surveyId, open: true } });
  });

  it("unassigns hundreds of cases in one go, each with its event", async () => {
    const dora = asUser(await createUser({ email: "dora@example.com", name: "Dora", role: "staff", password: "password-1" }));
    await setSurveyAccessAsAdmin(admin, dora.id, [surveyId]);
    const caseId = await newCase();
    // Many cases held, as years of first replies leave them (copies of one case, made in SQL).
    await getSql()`
      insert into cases (survey_id, their_number, our_number, channel, title, status, open, assignee_id)
      select survey_id, their_number, our_number, channel, title || ' ' || g, status, g % 2 = 0, ${dora.id}
      from cases cross join generate_series(1, 600) g where id = ${caseId}`;
    await setSurveyAccessAsAdmin(admin, dora.id, []);
    const [left] = await getSql()`select count(*)::int as n from cases where assignee_id = ${dora.id}`;
    expect(left!.n).toBe(0);
    const [events] = await getSql()`
      select count(*)::int as n from case_events e join cases c on c.id = e.case_id
      where e.type = 'assigned' and e.data->>'reason' = 'access_removed' and (e.data->'from'->>'id')::int = ${dora.id}`;
    expect(events!.n).toBe(600);
  });

  it("an assignment racing the access removal never leaves the case with a user who may not see it", async () => {
    const fay = asUser(await createUser({ email: "fay@example.com", name: "Fay", role: "staff", password: "password-1" }));
    for (let round = 0; round < 15; round++) {
      await setSurveyAccessAsAdmin(admin, fay.id, [surveyId]);
      const caseId = await newCase();
      await Promise.allSettled([assignCase(ana, { caseId, assigneeId: fay.id }), setSurveyAccessAsAdmin(admin, fay.id, [])]);
      // Whichever went first, Fay may no longer see the survey, so she holds none of its cases.
      expect(await assigneeOf(caseId)).toBeNull();
    }
  });

  it("when an admin becomes staff without that survey, or a user is deactivated", async () => {
    const dana = asUser(await createUser({ email: "dana@example.com", name: "Dana", role: "admin", password: "password-1" }));
    const emil = asUser(await createUser({ email: "emil@example.com", name: "Emil", role: "staff", password: "password-1" }));
    await setSurveyAccessAsAdmin(admin, emil.id, [surveyId]);
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    await assignCase(admin, { caseId: a, assigneeId: dana.id });
    await assignCase(admin, { caseId: b, assigneeId: emil.id });
    await assignCase(admin, { caseId: c, assigneeId: ana.id });
    await updateUserAsAdmin(owner, dana.id, { role: "staff" });
    await updateUserAsAdmin(admin, emil.id, { active: false });
    expect(await assigneeOf(a)).toBeNull();
    expect(await assigneeOf(b)).toBeNull();
    expect(await assigneeOf(c)).toBe(ana.id);
    // A change that keeps access (a new name) unassigns nothing.
    await updateUserAsAdmin(admin, ana.id, { name: "Ana Silva" });
    expect(await assigneeOf(c)).toBe(ana.id);
  });
});

describe("first reply assigns (per survey)", () => {
  it("is off by default: a reply leaves the case unassigned", async () => {
    const caseId = await newCase();
    await queueReply(ana, { caseId, message: "Hello", idempotencyKey: newKey() });
    expect(await assigneeOf(caseId)).toBeNull();
  });

  it("when on, the first reply to an unassigned case assigns it to the replier, once, even for two replies at once", async () => {
    await getDb().update(surveys).set({ firstReplyAssigns: true }).where(eq(surveys.id, surveyId));
    try {
      const caseId = await newCase();
      await Promise.all([
        queueReply(ana, { caseId, message: "On it", idempotencyKey: newKey() }),
        queueReply(ben, { caseId, message: "Me too", idempotencyKey: newKey() }),
      ]);
      const events = await assignedEvents(caseId);
      expect(events).toHaveLength(1);
      expect(events[0]!.data.reason).toBe("first_reply");
      expect(await assigneeOf(caseId)).toBe(events[0]!.data.to!.id);

      // An assigned case keeps its assignee when someone else replies.
      const other = await newCase();
      await assignCase(admin, { caseId: other, assigneeId: ben.id });
      await queueReply(ana, { caseId: other, message: "Covering for Ben", idempotencyKey: newKey() });
      expect(await assigneeOf(other)).toBe(ben.id);
    } finally {
      await getDb().update(surveys).set({ firstReplyAssigns: false }).where(eq(surveys.id, surveyId));
    }
  });
});

describe("views Mine / Unassigned / All", () => {
  it("lists exactly the actor's cases, exactly the unassigned ones, or all", async () => {
    const survey2 = (await createSurvey({ name: "Views" })).id;
    const N2 = "447700900077";
    await createLink({ ourNumber: N2, surveyId: survey2 });
    await setSurveyAccessAsAdmin(admin, ana.id, [surveyId, survey2]);
    const ids = [] as number[];
    for (let i = 0; i < 4; i++) ids.push((await caseFrom({ from: newPerson(), to: N2 })).id);
    await assignCase(admin, { caseId: ids[0]!, assigneeId: ana.id });
    await assignCase(admin, { caseId: ids[1]!, assigneeId: ana.id });
    await assignCase(admin, { caseId: ids[2]!, assigneeId: admin.id });

    const list = async (actor: CurrentUser, view: "mine" | "unassigned" | "all") =>
      (await listCases(actor, { surveyId: survey2, view })).items.map((c) => c.id).sort((x, y) => x - y);
    expect(await list(ana, "mine")).toEqual([ids[0], ids[1]]);
    expect(await list(ana, "unassigned")).toEqual([ids[3]]);
    expect(await list(ana, "all")).toEqual(ids);
    expect(await list(admin, "mine")).toEqual([ids[2]]);
    const item = (await listCases(ana, { surveyId: survey2 })).items.find((c) => c.id === ids[0])!;
    expect(item.assignee).toEqual({ id: ana.id, name: "Ana Silva" });

    // Across every survey the user may see, Mine holds the cases of both.
    const mine = (await listCases(ana, { view: "mine" })).items.map((c) => c.surveyId);
    // (Ana holds a case of the first survey since the access tests above.)
    expect(new Set(mine)).toEqual(new Set([surveyId, survey2]));
  });
});

describe("through the API", () => {
  it("PATCH assigneeId assigns and unassigns; GET /cases?view= filters; GET /surveys/{id}/users lists who may be assigned", async () => {
    const token = await tokenFor(ben);
    const caseId = await newCase();
    const users = await api(token, "GET", `/surveys/${surveyId}/users`);
    expect(users.status).toBe(200);
    const names = users.body.items.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(["Ana Silva", "Ben Okafor", "Adam Admin", "Olive Owner"]));
    expect(names).not.toContain("Otto Outside");

    const assigned = await api(token, "PATCH", `/cases/${caseId}`, { assigneeId: ben.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toEqual({ id: ben.id, name: "Ben Okafor" });
    const mine = await api(token, "GET", `/cases?surveyId=${surveyId}&view=mine`);
    expect(mine.body.items.map((c: { id: number }) => c.id)).toContain(caseId);
    const unassigned = await api(token, "GET", `/cases?surveyId=${surveyId}&view=unassigned`);
    expect(unassigned.body.items.map((c: { id: number }) => c.id)).not.toContain(caseId);

    const cleared = await api(token, "PATCH", `/cases/${caseId}`, { assigneeId: null });
    expect(cleared.body.assignee).toBeNull();
  });

  it("all or nothing: a user who may not be assigned → 400 naming assigneeId, and the title sent with it is not changed", async () => {
    const token = await tokenFor(ana);
    const caseId = await newCase();
    const before = await getCaseDetail(ana, caseId);
    const refused = await api(token, "PATCH", `/cases/${caseId}`, { title: "New title", assigneeId: outsider.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/assigneeId/);
    const after = await getCaseDetail(ana, caseId);
    expect(after.title).toBe(before.title);
    expect(after.assignee).toBeNull();
    expect((await api(token, "GET", `/cases?view=everyone`)).status).toBe(400);
    expect((await api(token, "PATCH", `/cases/${caseId}`, { assigneeId: "ana" })).status).toBe(400);
  });

  it("a user without access gets 404 for the case and for the survey's users", async () => {
    const token = await tokenFor(outsider);
    const caseId = await newCase();
    expect((await api(token, "PATCH", `/cases/${caseId}`, { assigneeId: outsider.id })).status).toBe(404);
    expect((await api(token, "GET", `/surveys/${surveyId}/users`)).status).toBe(404);
    expect(await assigneeOf(caseId)).toBeNull();
  });
});
