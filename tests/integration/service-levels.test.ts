// Service levels (SPEC §13) on real PostgreSQL: due times kept by inbound routing and replies,
// the breach scan (once per breach, also with two scans at once; the assignee or, unassigned,
// the owners and admins), the Overdue filter in the lib and the API, and the settings
// (validated, audited, admins only).
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { assignCase } from "@/lib/cases/assign";
import { getCaseDetail, listCases } from "@/lib/cases/read-queries";
import { getDb, getSql } from "@/lib/db/client";
import { surveyAccess } from "@/lib/db/schema";
import { queueReply } from "@/lib/outbound/queue-reply";
import { scanBreaches } from "@/lib/service-levels/breach-scan";
import { getServiceLevels, saveServiceLevels } from "@/lib/service-levels/settings";
import { startServiceLevelWorker } from "@/lib/service-levels/worker";
import { api, tokenFor } from "../support/api";
import { caseFrom, newKey } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900300";
const OTHER_N = "447700900301";
let surveyId: number;
let otherSurveyId: number;
let owner: CurrentUser;
let admin: CurrentUser;
let ana: CurrentUser;
let outsider: CurrentUser;
let person = 0;
const newPerson = () => `4477008${String(person++).padStart(5, "0")}`;

/** Times as milliseconds since the epoch (raw SQL reads timestamps as text). */
type CaseDue = { due: number | null; kind: string | null; notified: number | null; firstResponse: number | null; created: number };
async function dueOf(caseId: number): Promise<CaseDue> {
  const ms = (column: string) => getSql()`(extract(epoch from ${getSql()(column)}) * 1000)::float8`;
  const [row] = await getSql()<CaseDue[]>`
    select ${ms("response_due_at")} as due, response_due_kind as kind, ${ms("breach_notified_at")} as notified,
           ${ms("first_response_at")} as "firstResponse", ${ms("created_at")} as created
    from cases where id = ${caseId}`;
  return row!;
}

async function say(from: string, text: string, to = N) {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text })));
  expect(response.status).toBe(200);
}

const reply = (actor: CurrentUser, caseId: number) => queueReply(actor, { caseId, message: "We are on it", idempotencyKey: newKey() });

/** Moves a case's due time into the past, as time passing would. */
const makeDue = (caseId: number, minutesAgo = 1) =>
  getSql()`update cases set response_due_at = now() - make_interval(mins => ${minutesAgo}) where id = ${caseId}`;

const breaches = async (caseId: number) =>
  (await getSql()`select data from case_events where case_id = ${caseId} and type = 'sla_breached' order by id`) as unknown as Array<{ data: { kind: string; dueAt: string } }>;
const notified = async (caseId: number) =>
  ((await getSql()`select user_id from notifications where case_id = ${caseId} and kind = 'sla_breached' order by user_id`) as unknown as Array<{ user_id: number }>).map((r) => r.user_id);

beforeAll(async () => {
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  surveyId = (await createSurvey({ name: "Support" })).id;
  otherSurveyId = (await createSurvey({ name: "Other" })).id;
  await createLink({ ourNumber: N, surveyId });
  await createLink({ ourNumber: OTHER_N, surveyId: otherSurveyId });
  owner = asUser(await createUser({ email: "owner@example.com", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@example.com", name: "Adam Admin", role: "admin", password: "password-1" }));
  ana = asUser(await createUser({ email: "ana@example.com", name: "Ana Silva", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "out@example.com", name: "Otto Outside", role: "staff", password: "password-1" }));
  await getDb().insert(surveyAccess).values([
    { userId: ana.id, surveyId },
    { userId: outsider.id, surveyId: otherSurveyId },
  ]);
  const saved = await saveServiceLevels(admin, surveyId, { firstResponseMinutes: 30, nextResponseMinutes: 60 });
  expect(saved.ok).toBe(true);
});

describe("due times", () => {
  it("a new case waits for its first reply X minutes after it was created; a reply clears it and is kept as the first response", async () => {
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    const created = await dueOf(caseId);
    expect(created.kind).toBe("first_response");
    expect(created.due! - created.created).toBeGreaterThanOrEqual(30 * 60_000 - 1);
    expect(created.due! - created.created).toBeLessThan(30 * 60_000 + 1_000);

    // Another message before any reply keeps the first due time.
    await getSql()`update cases set response_due_at = response_due_at - interval '5 minutes' where id = ${caseId}`;
    const before = (await dueOf(caseId)).due!;
    await say((await getCaseDetail(ana, caseId)).theirNumber!, "Anyone there?");
    expect(await dueOf(caseId)).toMatchObject({ due: before, kind: "first_response" });

    await reply(ana, caseId);
    const answered = await dueOf(caseId);
    expect(answered).toMatchObject({ due: null, kind: null, notified: null });
    expect(answered.firstResponse).not.toBeNull();

    // A second reply keeps the first response's time.
    await reply(ana, caseId);
    expect((await dueOf(caseId)).firstResponse).toEqual(answered.firstResponse);
  });

  it("a message on an answered case waits for the next reply Y minutes later; more messages keep that due time", async () => {
    const from = newPerson();
    const caseId = (await caseFrom({ from, to: N })).id;
    await reply(ana, caseId);
    await say(from, "Thanks, one more thing");
    const waiting = await dueOf(caseId);
    expect(waiting.kind).toBe("next_response");
    const minutes = (waiting.due! - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60);
    // A further message keeps the earlier due time.
    await say(from, "Hello?");
    expect((await dueOf(caseId)).due).toEqual(waiting.due);
    await reply(ana, caseId);
    expect((await dueOf(caseId)).due).toBeNull();
  });

  it("an opt-out keyword awaits no reply: it starts no due time (nothing could be sent to it)", async () => {
    const first = newPerson();
    await say(first, "STOP");
    const [created] = await getSql()`select id::int from cases where their_number = ${first}`;
    expect((await dueOf(created!.id as number)).due).toBeNull();

    const from = newPerson();
    const caseId = (await caseFrom({ from, to: N })).id;
    await reply(ana, caseId);
    await say(from, "STOP");
    expect((await dueOf(caseId)).due).toBeNull();
  });

  it("sets nothing in a survey without service levels, and closing a case clears its due time", async () => {
    const other = (await caseFrom({ from: newPerson(), to: OTHER_N })).id;
    expect((await dueOf(other)).due).toBeNull();
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    expect((await dueOf(caseId)).due).not.toBeNull();
    await getSql()`update cases set open = false, status = 'resolved' where id = ${caseId}`;
    expect((await dueOf(caseId)).due).toBeNull();
  });
});

describe("breach scan", () => {
  it("notifies a breach once — even with two scans at once — to the assignee, with a history event", async () => {
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    await assignCase(admin, { caseId, assigneeId: ana.id });
    await makeDue(caseId);
    await Promise.all([scanBreaches(), scanBreaches(), scanBreaches()]);
    await scanBreaches();
    expect(await breaches(caseId)).toEqual([{ data: { kind: "first_response", dueAt: expect.any(String) } }]);
    expect(await notified(caseId)).toEqual([ana.id]);
    expect((await dueOf(caseId)).notified).not.toBeNull();
    // Still due, still Overdue, never notified again.
    await scanBreaches();
    expect(await notified(caseId)).toEqual([ana.id]);
  });

  it("notifies an unassigned case's breach to the owners and admins, not to staff", async () => {
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    await makeDue(caseId);
    await scanBreaches();
    expect(await notified(caseId)).toEqual([owner.id, admin.id].sort((a, b) => a - b));
  });

  it("a new due time after a reply is a new breach: notified again", async () => {
    const from = newPerson();
    const caseId = (await caseFrom({ from, to: N })).id;
    await assignCase(admin, { caseId, assigneeId: ana.id });
    await makeDue(caseId);
    await scanBreaches();
    expect(await notified(caseId)).toHaveLength(1);
    await reply(ana, caseId);
    await say(from, "Still broken");
    expect((await dueOf(caseId)).notified).toBeNull();
    await makeDue(caseId);
    await scanBreaches();
    expect((await breaches(caseId)).map((b) => b.data.kind)).toEqual(["first_response", "next_response"]);
    expect(await notified(caseId)).toEqual([ana.id, ana.id]);
  });

  it("leaves cases not yet due alone", async () => {
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    await scanBreaches();
    expect(await breaches(caseId)).toEqual([]);
    // With the clock injected past the due time, it is due.
    await scanBreaches({ now: new Date(Date.now() + 31 * 60_000) });
    expect(await breaches(caseId)).toHaveLength(1);
  });
});

describe("the worker", () => {
  it("runs the breach scan on its timer and stops cleanly", async () => {
    const caseId = (await caseFrom({ from: newPerson(), to: N })).id;
    await makeDue(caseId);
    const lines: string[] = [];
    const worker = startServiceLevelWorker({ log: (line) => lines.push(line), breachEveryMs: 50, closeEveryMs: 50 });
    try {
      await waitFor(async () => (await breaches(caseId)).length === 1, { what: "the breach notified by the worker" });
    } finally {
      await worker.stop();
    }
    expect(lines.some((line) => /notified \d+ missed service level/.test(line))).toBe(true);
    expect(lines.filter((line) => /failed/.test(line))).toEqual([]);
  });
});

describe("Overdue", () => {
  it("marks and filters overdue cases in the lib and the API, within what the user may see", async () => {
    const late = (await caseFrom({ from: newPerson(), to: N })).id;
    const onTime = (await caseFrom({ from: newPerson(), to: N })).id;
    await makeDue(late, 5);
    const listed = await listCases(ana, { surveyId, state: "open", overdue: true });
    const ids = listed.items.map((i) => i.id);
    expect(ids).toContain(late);
    expect(ids).not.toContain(onTime);
    expect(listed.items.every((i) => i.overdue && i.responseDueAt !== null)).toBe(true);
    const all = await listCases(ana, { surveyId, state: "open" });
    expect(all.items.find((i) => i.id === onTime)).toMatchObject({ overdue: false });
    const detail = await getCaseDetail(ana, late);
    expect(detail).toMatchObject({ overdue: true, responseDueKind: "first_response" });

    const token = await tokenFor(ana);
    const answer = await api(token, "GET", `/cases?surveyId=${surveyId}&overdue=true`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: { id: number }) => i.id)).toContain(late);
    expect(answer.body.items.map((i: { id: number }) => i.id)).not.toContain(onTime);
    expect((await api(token, "GET", `/cases?overdue=yes`)).status).toBe(400);
    // Another survey's staff see none of them.
    const theirs = await api(await tokenFor(outsider), "GET", `/cases?overdue=true`);
    expect(theirs.body.items.map((i: { id: number }) => i.id)).not.toContain(late);
  });
});

describe("settings", () => {
  it("refuses bad values with a clear error and changes nothing", async () => {
    const before = await getServiceLevels(admin, surveyId);
    const result = await saveServiceLevels(admin, surveyId, { firstResponseMinutes: 0, autoCloseDays: 5000 });
    expect(result).toEqual({
      ok: false,
      fieldErrors: { firstResponseMinutes: expect.stringMatching(/whole number of minutes/), autoCloseDays: expect.stringMatching(/days from 1 to 365/) },
    });
    expect(await getServiceLevels(admin, surveyId)).toEqual(before);

    const token = await tokenFor(admin);
    const bad = await api(token, "PATCH", `/surveys/${surveyId}`, { serviceLevels: { nextResponseMinutes: 1.5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/nextResponseMinutes/);
    expect(await getServiceLevels(admin, surveyId)).toEqual(before);
  });

  it("changes them through the API, audited, and shows them in GET /surveys/{id}", async () => {
    const token = await tokenFor(owner);
    const changed = await api(token, "PATCH", `/surveys/${otherSurveyId}`, { serviceLevels: { autoCloseDays: 14, firstResponseMinutes: 120 } });
    expect(changed.status).toBe(200);
    expect(changed.body.serviceLevels).toEqual({ firstResponseMinutes: 120, nextResponseMinutes: null, autoCloseDays: 14 });
    const [entry] = await getSql()`select actor_user_id, before, after from audit_log where action = 'survey.service_levels_changed' and survey_id = ${otherSurveyId}`;
    expect(entry).toMatchObject({ actor_user_id: owner.id, before: { autoCloseDays: null, firstResponseMinutes: null }, after: { autoCloseDays: 14, firstResponseMinutes: 120 } });
    const read = await api(await tokenFor(outsider), "GET", `/surveys/${otherSurveyId}`);
    expect(read.body.serviceLevels).toEqual({ firstResponseMinutes: 120, nextResponseMinutes: null, autoCloseDays: 14 });
    // Off again.
    await api(token, "PATCH", `/surveys/${otherSurveyId}`, { serviceLevels: { autoCloseDays: null, firstResponseMinutes: null } });
    expect(await getServiceLevels(owner, otherSurveyId)).toEqual({ firstResponseMinutes: null, nextResponseMinutes: null, autoCloseDays: null });
  });

  it("staff may not change them — not even for their own survey — and another survey's staff cannot read them", async () => {
    const before = await getServiceLevels(admin, surveyId);
    await expect(saveServiceLevels(ana, surveyId, { firstResponseMinutes: 5 })).rejects.toThrow(/Not found/);
    await expect(saveServiceLevels(outsider, surveyId, { firstResponseMinutes: 5 })).rejects.toThrow(/Not found/);
    expect((await api(await tokenFor(outsider), "PATCH", `/surveys/${surveyId}`, { serviceLevels: { firstResponseMinutes: 5 } })).status).toBe(403);
    expect((await api(await tokenFor(outsider), "GET", `/surveys/${surveyId}`)).status).toBe(404);
    expect(await getServiceLevels(admin, surveyId)).toEqual(before);
  });
});
