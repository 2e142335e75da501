// SPEC §15: /api/v1 through its real route modules, for each role — tokens (401s), survey
// access (404 for another survey's case), bad bodies (400 naming the field), idempotent
// replies under concurrency, and the rate limit (429 + Retry-After).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { api, tokenFor } from "../support/api";
import { casesOf } from "../support/inspect";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const A_NUMBER = "447700900100";
const B_NUMBER = "447700900200";
let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
let staffB: CurrentUser;
const tokens: Record<"owner" | "admin" | "staff" | "staffB", string> = { owner: "", admin: "", staff: "", staffB: "" };
let surveyA: number;
let surveyB: number;
let caseA: number;
let caseB: number;
let counter = 0;
const key = () => `test-key-${Date.now()}-${counter++}-abcdef`;


async function message(from: string, to: string, text: string) {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text })));
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  useWebhookSecret();
  surveyA = (await createSurvey({ name: "Support" })).id;
  surveyB = (await createSurvey({ name: "Housing" })).id;
  await createLink({ ourNumber: A_NUMBER, surveyId: surveyA });
  await createLink({ ourNumber: B_NUMBER, surveyId: surveyB });
  owner = asUser(await createUser({ email: "owner@example.com", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", name: "Sam Staff", role: "staff", password: "password-1" }));
  staffB = asUser(await createUser({ email: "staffb@example.com", name: "Bo Staff", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyA}), (${staffB.id}, ${surveyB})`;
  for (const [name, user] of Object.entries({ owner, admin, staff, staffB })) tokens[name as keyof typeof tokens] = await tokenFor(user, name);

  await message("447911000001", A_NUMBER, "My boiler is broken");
  await message("447911000002", A_NUMBER, "Bin not collected");
  await message("447911000003", B_NUMBER, "Rent question");
  caseA = (await casesOf("447911000001"))[0]!.id as number;
  caseB = (await casesOf("447911000003"))[0]!.id as number;
});

afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

describe("tokens", () => {
  it("answers 401 without a token, with a malformed, unknown, revoked or expired one, and for a deactivated user", async () => {
    expect((await api(null, "GET", "/me")).status).toBe(401);
    expect((await api("not-a-token", "GET", "/me")).body.error.message).toMatch(/not a Caseline API token/);
    expect((await api(`cl_${"x".repeat(43)}`, "GET", "/me")).body.error.message).toMatch(/not known/);

    const revoked = await tokenFor(staff, "to revoke");
    const [{ id: revokedId } = { id: 0 }] = await getSql()`select id from api_tokens where name = 'to revoke'`;
    expect((await api(revoked, "GET", "/me")).status).toBe(200);
    expect((await api(revoked, "DELETE", `/tokens/${revokedId}`)).status).toBe(200);
    const afterRevoke = await api(revoked, "GET", "/me");
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.message).toMatch(/revoked/);

    const expiring = await tokenFor(staff, "expiring");
    await getSql()`update api_tokens set expires_at = now() - interval '1 second' where name = 'expiring'`;
    expect((await api(expiring, "GET", "/me")).body).toMatchObject({ error: { code: "unauthenticated", message: expect.stringMatching(/expired/) } });

    const leaver = asUser(await createUser({ email: "leaver@example.com", role: "staff", password: "password-1" }));
    const leaverToken = await tokenFor(leaver);
    expect((await api(leaverToken, "GET", "/me")).status).toBe(200);
    await getSql()`update users set active = false where id = ${leaver.id}`;
    expect((await api(leaverToken, "GET", "/me")).body.error.message).toMatch(/deactivated/);
  });

  it("acts as its user and records its last use", async () => {
    for (const [name, user] of [["owner", owner], ["admin", admin], ["staff", staff]] as const) {
      const me = await api(tokens[name], "GET", "/me");
      expect(me).toMatchObject({ status: 200, body: { id: user.id, email: user.email, role: user.role } });
    }
    const [row] = await getSql()`select last_used_at from api_tokens where name = 'staff' and user_id = ${staff.id}`;
    expect(row!.last_used_at).not.toBeNull();
  });

  it("lets users manage their own tokens and admins those of users they may manage, never an owner's as an admin", async () => {
    const created = await api(tokens.staff, "POST", "/tokens", { name: "  CRM   sync ", expiresAt: "2099-01-01T00:00:00Z" });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
    expect(created.body.summary).toMatchObject({ name: "CRM sync", state: "active", userId: staff.id });
    expect((await api(created.body.token, "GET", "/me")).body.id).toBe(staff.id);
    // Only the hash is stored.
    const stored = await getSql()`select token_hash from api_tokens where id = ${created.body.summary.id}`;
    expect(stored[0]!.token_hash).not.toContain(created.body.token.slice(3));

    const list = await api(tokens.staff, "GET", "/tokens");
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain("CRM sync");
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    // Staff cannot see or make another user's tokens: as if they did not exist.
    expect((await api(tokens.staff, "GET", `/tokens?userId=${admin.id}`)).status).toBe(404);
    expect((await api(tokens.staff, "POST", "/tokens", { name: "x", userId: admin.id })).status).toBe(404);
    expect((await api(tokens.staffB, "DELETE", `/tokens/${created.body.summary.id}`)).status).toBe(404);
    // An admin manages staff tokens, but cannot mint one that acts as an owner.
    const forStaff = await api(tokens.admin, "POST", "/tokens", { name: "by admin", userId: staff.id });
    expect(forStaff.status).toBe(201);
    expect((await api(tokens.admin, "GET", `/tokens?userId=${staff.id}`)).body.items).toHaveLength(list.body.items.length + 1);
    expect((await api(tokens.admin, "POST", "/tokens", { name: "escalate", userId: owner.id })).status).toBe(403);
    expect((await api(tokens.owner, "POST", "/tokens", { name: "for admin", userId: admin.id })).status).toBe(201);

    // Bad input names the field; nothing is stored.
    const before = await getSql()`select count(*)::int as n from api_tokens`;
    const bad = await api(tokens.staff, "POST", "/tokens", { name: "x", expiresAt: "tomorrow" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/expiresAt/);
    expect((await api(tokens.staff, "POST", "/tokens", { name: "past", expiresAt: "2001-01-01T00:00:00Z" })).body.error.message).toMatch(/future/);
    expect((await getSql()`select count(*)::int as n from api_tokens`)[0]!.n).toBe(before[0]!.n);

    const audit = await getSql()`select action, actor_token_id from audit_log where action like 'token.%' and actor_user_id = ${staff.id}`;
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.actor_token_id).not.toBeNull();
  });
});

describe("npm run api-token", () => {
  const run = (args: string[]) =>
    promisify(execFile)("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/api-token.ts", ...args], { env: process.env }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it("prints only a working token on stdout, and refuses what it cannot do", async () => {
    const made = await run(["--email", "STAFF@example.com", "--name", "Provisioning", "--expires-days", "30"]);
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
    expect((await api(token, "GET", "/me")).body.id).toBe(staff.id);
    const [row] = await getSql()`select expires_at from api_tokens where name = 'Provisioning'`;
    expect(new Date(row!.expires_at as string).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const unknown = await run(["--email", "nobody@example.com", "--name", "x"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/no user with the email/);
    expect((await run(["--email", "staff@example.com"])).stderr).toMatch(/Usage/);
  }, 60_000);
});

describe("cases", () => {
  it("lists what the token's user may see, with the console's filters and keyset paging", async () => {
    const all = await api(tokens.admin, "GET", "/cases");
    expect(all.body.items.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([caseA, caseB]));
    const mine = await api(tokens.staff, "GET", "/cases");
    expect(mine.body.items.every((c: { surveyId: number }) => c.surveyId === surveyA)).toBe(true);
    expect(mine.body.items).toHaveLength(2);
    expect((await api(tokens.staff, "GET", `/cases?surveyId=${surveyB}`)).status).toBe(404);
    expect((await api(tokens.staff, "GET", "/cases?q=boiler")).body.items.map((c: { id: number }) => c.id)).toEqual([caseA]);
    expect((await api(tokens.staff, "GET", "/cases?phone=%2B44%207911%20000002")).body.items).toHaveLength(1);
    expect((await api(tokens.staff, "GET", "/cases?state=closed")).body.items).toHaveLength(0);

    const first = await api(tokens.staff, "GET", "/cases?limit=1");
    expect(first.body.items).toHaveLength(1);
    const second = await api(tokens.staff, "GET", `/cases?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(second.body.nextCursor).toBeNull();

    const bad = await api(tokens.staff, "GET", "/cases?limit=0");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: expect.stringMatching(/^Invalid query: limit:/) } } });
    expect((await api(tokens.staff, "GET", "/cases?state=shut")).body.error.message).toMatch(/state/);
    expect((await api(tokens.staff, "GET", "/cases?cursor=garbage")).status).toBe(400);
  });

  it("shows a case with its thread and history, and 404s another survey's case like a missing one", async () => {
    const detail = await api(tokens.staff, "GET", `/cases/${caseA}`);
    expect(detail.status).toBe(200);
    expect(detail.body.messages[0]).toMatchObject({ direction: "inbound", text: "My boiler is broken" });
    expect(detail.body.events[0]).toMatchObject({ type: "created" });
    const hidden = await api(tokens.staff, "GET", `/cases/${caseB}`);
    const missing = await api(tokens.staff, "GET", "/cases/999999999");
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await api(tokens.staff, "GET", "/cases/abc")).status).toBe(404);
    expect((await api(tokens.staff, "GET", "/nothing/here")).status).toBe(404);
  });

  it("changes only the fields sent, closes with the closing value, and refuses bad bodies naming the field", async () => {
    const changed = await api(tokens.staff, "PATCH", `/cases/${caseA}`, { notes: "Engineer booked" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ notes: "Engineer booked", title: "My boiler is broken", open: true });
    const closed = await api(tokens.staff, "PATCH", `/cases/${caseA}`, { answers: { status: "resolved" } });
    expect(closed.body).toMatchObject({ open: false, status: "resolved", notes: "Engineer booked" });
    const reopened = await api(tokens.staff, "PATCH", `/cases/${caseA}`, { answers: { status: "in_progress" }, title: "Boiler" });
    expect(reopened.body).toMatchObject({ open: true, status: "in_progress", title: "Boiler" });

    const snapshot = await getSql()`select title, notes, answers, open from cases where id = ${caseA}`;
    const cases = [
      [{ answers: { status: "nonsense" } }, /answers\.status/],
      [{ title: " " }, /title/],
      [{}, /at least one/],
      [{ title: "x", colour: "red" }, /colour|Unrecognized/i],
      [{ title: 42 }, /title/],
      [{ notes: "x".repeat(50_000) }, /notes/],
    ] as const;
    for (const [body, message] of cases) {
      const answer = await api(tokens.staff, "PATCH", `/cases/${caseA}`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message).toMatch(message);
    }
    expect((await api(tokens.staff, "PATCH", `/cases/${caseA}`, undefined, { rawBody: "{not json" })).body.error.message).toMatch(/not valid JSON/);
    expect((await api(tokens.staff, "PATCH", `/cases/${caseA}`, undefined, { rawBody: "[]" })).status).toBe(400);
    expect((await api(tokens.staff, "PATCH", `/cases/${caseA}`, undefined, { rawBody: `{"notes":"${"x".repeat(1_100_000)}"}` })).status).toBe(413);
    expect(await getSql()`select title, notes, answers, open from cases where id = ${caseA}`).toEqual(snapshot);
    expect((await api(tokens.staffB, "PATCH", `/cases/${caseA}`, { title: "mine now" })).status).toBe(404);
  });

  it("queues a reply once per idempotency key, even when the same key arrives twice at once", async () => {
    const k = key();
    const [one, two] = await Promise.all([
      api(tokens.staff, "POST", `/cases/${caseA}/replies`, { text: "On our way", idempotencyKey: k }),
      api(tokens.staff, "POST", `/cases/${caseA}/replies`, { text: "On our way", idempotencyKey: k }),
    ]);
    expect([one.status, two.status]).toEqual([202, 202]);
    expect(one.body.messageId).toBe(two.body.messageId);
    expect([one.body.duplicate, two.body.duplicate].sort()).toEqual([false, true]);
    const rows = await getSql()`select id from messages where idempotency_key = ${k}`;
    expect(rows).toHaveLength(1);
    const jobs = await getSql()`select count(*)::int as n from pgboss.job where name = 'send-message' and (data->>'messageId')::bigint = ${one.body.messageId}`;
    expect(jobs[0]!.n).toBe(1);

    const other = await api(tokens.staff, "POST", `/cases/${caseA}/replies`, { text: "Something else", idempotencyKey: k });
    expect(other.status).toBe(409);
    expect((await api(tokens.staff, "POST", `/cases/${caseA}/replies`, { text: "hi", idempotencyKey: "short" })).body.error.message).toMatch(/idempotencyKey/);
    expect((await api(tokens.staff, "POST", `/cases/${caseA}/replies`, { idempotencyKey: key() })).body.error.message).toMatch(/text/);
    expect((await api(tokens.staffB, "POST", `/cases/${caseA}/replies`, { text: "hi", idempotencyKey: key() })).status).toBe(404);
  });

  it("moves a message to a case of its own", async () => {
    await message("447911000009", A_NUMBER, "First question");
    await message("447911000009", A_NUMBER, "Second question");
    const [source] = await casesOf("447911000009");
    const detail = await api(tokens.staff, "GET", `/cases/${source!.id}`);
    const second = detail.body.messages.find((m: { text: string }) => m.text === "Second question");
    const moved = await api(tokens.staff, "POST", `/cases/${source!.id}/messages/${second.id}/move`, { comment: "Separate issue" });
    expect(moved.status).toBe(201);
    const created = await api(tokens.staff, "GET", `/cases/${moved.body.caseId}`);
    expect(created.body).toMatchObject({ notes: "Separate issue", messages: [{ text: "Second question" }] });
    expect((await api(tokens.staff, "POST", `/cases/${source!.id}/messages/${second.id}/move`, {})).status).toBe(409);
    expect((await api(tokens.staffB, "POST", `/cases/${moved.body.caseId}/messages/${second.id}/move`, {})).status).toBe(404);
  });

  it("answers 409 when retrying a reply that has not failed", async () => {
    const queued = await api(tokens.staff, "POST", `/cases/${caseA}/replies`, { text: "Retry me", idempotencyKey: key() });
    expect((await api(tokens.staff, "POST", `/cases/${caseA}/messages/${queued.body.messageId}/retry`)).status).toBe(409);
    expect((await api(tokens.staff, "POST", `/cases/${caseB}/messages/${queued.body.messageId}/retry`)).status).toBe(404);
    // A case the user may see, but the message is not in it: as if it did not exist.
    expect((await api(tokens.admin, "POST", `/cases/${caseB}/messages/${queued.body.messageId}/retry`)).status).toBe(404);
    expect((await api(tokens.admin, "POST", `/cases/${caseA}/messages/${queued.body.messageId}/retry`)).status).toBe(409);
  });
});

describe("each role", () => {
  it("reads what it may and gets 404 for what it may not see", async () => {
    const reads = () => ["/me", "/tokens", "/surveys", `/surveys/${surveyA}`, "/cases", `/cases?surveyId=${surveyA}`, `/cases/${caseA}`];
    for (const role of ["owner", "admin", "staff"] as const) {
      for (const path of reads()) expect((await api(tokens[role], "GET", path)).status, `${role} GET ${path}`).toBe(200);
    }
    for (const path of [`/surveys/${surveyA}`, `/cases?surveyId=${surveyA}`, `/cases/${caseA}`]) {
      expect((await api(tokens.staffB, "GET", path)).status, `staffB GET ${path}`).toBe(404);
    }
    for (const role of ["owner", "admin"] as const) expect((await api(tokens[role], "GET", `/cases/${caseB}`)).status).toBe(200);
  });
});

describe("surveys", () => {
  it("lists the surveys the user may see and their questions", async () => {
    expect((await api(tokens.staff, "GET", "/surveys")).body.items.map((s: { id: number }) => s.id)).toEqual([surveyA]);
    expect((await api(tokens.admin, "GET", "/surveys")).body.items).toHaveLength(2);
    const survey = await api(tokens.staff, "GET", `/surveys/${surveyA}`);
    expect(survey.body).toMatchObject({ statusQuestionName: "status", closingValue: "resolved", questions: [{ name: "status", type: "select_one" }] });
    expect((await api(tokens.staff, "GET", `/surveys/${surveyB}`)).status).toBe(404);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the limit, counted in the database", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "5";
    const token = await tokenFor(staff, "busy");
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const answer = await api(token, "GET", "/me");
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get("retry-after");
    }
    // A window boundary may fall inside the loop: then the count starts again once.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another token of the same user has its own count.
    expect((await api(await tokenFor(staff, "quiet"), "GET", "/me")).status).toBe(200);
    const [window] = await getSql()`select w.count from api_rate_windows w join api_tokens t on t.id = w.token_id where t.name = 'busy' order by w.window_start desc limit 1`;
    expect(window!.count).toBeGreaterThan(0);
  });
});
