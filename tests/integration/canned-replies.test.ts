// SPEC §9 canned replies, on real PostgreSQL: owners and admins manage them, everyone who may
// see the survey lists them (staff only their surveys'), names unique per survey ignoring case
// (the unique index decides, also under concurrency), audited; and /api/v1/canned-replies.
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from "@/lib/canned/canned-replies";
import { getSql } from "@/lib/db/client";
import { api, tokenFor } from "../support/api";
import { asUser, createSurvey } from "../support/seed";

let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
let support: number;
let sales: number;
let counter = 0;
const unique = (name: string) => `${name} ${counter++}`;

beforeAll(async () => {
  support = (await createSurvey({ name: "Support" })).id;
  sales = (await createSurvey({ name: "Sales" })).id;
  owner = asUser(await createUser({ email: "owner@canned.test", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@canned.test", name: "Ada Admin", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@canned.test", name: "Sam Staff", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${support})`;
});

async function rowsOf(surveyId: number) {
  return getSql()`select name, text from canned_replies where survey_id = ${surveyId} order by id`;
}

const ok = <T extends { ok: boolean }>(result: T) => {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result as Extract<T, { ok: true }>;
};

describe("managing canned replies", () => {
  it("lets owners and admins add, change and delete them, trimmed, each audited", async () => {
    const { reply } = ok(await createCannedReply(admin, { surveyId: support, name: "  Opening   hours ", text: "\n We are open 9 to 5.\nMonday to Friday. " }));
    expect(reply).toMatchObject({ surveyId: support, name: "Opening hours", text: "We are open 9 to 5.\nMonday to Friday." });

    const changed = ok(await updateCannedReply(owner, reply.id, { text: "We are open 8 to 6." }));
    expect(changed.reply).toMatchObject({ id: reply.id, name: "Opening hours", text: "We are open 8 to 6." });
    // The same values again: nothing to record.
    ok(await updateCannedReply(owner, reply.id, { name: "Opening hours" }));

    expect(await deleteCannedReply(admin, reply.id)).toMatchObject({ id: reply.id, name: "Opening hours" });
    await expect(deleteCannedReply(admin, reply.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateCannedReply(admin, reply.id, { text: "again" })).rejects.toMatchObject({ status: 404 });

    const audit = await getSql()`
      select action, actor_user_id, survey_id, target, before, after from audit_log where target = ${`canned_reply:${reply.id}`} order by id`;
    expect(audit).toEqual([
      { action: "canned_reply.created", actor_user_id: admin.id, survey_id: support, target: `canned_reply:${reply.id}`, before: null, after: { name: "Opening hours", text: "We are open 9 to 5.\nMonday to Friday." } },
      { action: "canned_reply.updated", actor_user_id: owner.id, survey_id: support, target: `canned_reply:${reply.id}`, before: { text: "We are open 9 to 5.\nMonday to Friday." }, after: { text: "We are open 8 to 6." } },
      { action: "canned_reply.deleted", actor_user_id: admin.id, survey_id: support, target: `canned_reply:${reply.id}`, before: { name: "Opening hours", text: "We are open 8 to 6." }, after: null },
    ]);
  });

  it("refuses staff (as not found) and changes nothing", async () => {
    const { reply } = ok(await createCannedReply(admin, { surveyId: support, name: unique("Staff may not"), text: "Text" }));
    const before = await rowsOf(support);
    await expect(createCannedReply(staff, { surveyId: support, name: "Mine", text: "Text" })).rejects.toMatchObject({ status: 404 });
    await expect(updateCannedReply(staff, reply.id, { text: "Changed" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteCannedReply(staff, reply.id)).rejects.toMatchObject({ status: 404 });
    expect(await rowsOf(support)).toEqual(before);
  });

  it("checks the name and the text, each with its own message", async () => {
    expect(await createCannedReply(admin, { surveyId: support, name: "   ", text: "" })).toEqual({
      ok: false,
      fieldErrors: { name: expect.stringMatching(/name/), text: expect.stringMatching(/text/) },
    });
    expect(await createCannedReply(admin, { surveyId: support, name: "n".repeat(81), text: "t".repeat(2001) })).toEqual({
      ok: false,
      fieldErrors: { name: expect.stringMatching(/at most 80/), text: expect.stringMatching(/at most 2000/) },
    });
    ok(await createCannedReply(admin, { surveyId: support, name: "n".repeat(80), text: "t".repeat(2000) }));
    await expect(createCannedReply(admin, { surveyId: 999_999, name: "Lost", text: "Text" })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a name the survey already has, ignoring case, and changes nothing; another survey may use it", async () => {
    const { reply: thanks } = ok(await createCannedReply(admin, { surveyId: support, name: "Thanks", text: "Thank you!" }));
    const { reply: bye } = ok(await createCannedReply(admin, { surveyId: support, name: "Goodbye", text: "Bye!" }));
    const before = await rowsOf(support);
    const auditBefore = (await getSql()`select count(*)::int as n from audit_log`)[0]!.n;

    expect(await createCannedReply(admin, { surveyId: support, name: " THANKS ", text: "Other text" })).toEqual({
      ok: false,
      fieldErrors: { name: "This survey already has a canned reply named “THANKS” (names are compared ignoring case)." },
    });
    expect(await updateCannedReply(admin, bye.id, { name: "thanks", text: "Changed text" })).toEqual({
      ok: false,
      fieldErrors: { name: expect.stringMatching(/already has a canned reply named “thanks”/) },
    });
    expect(await rowsOf(support)).toEqual(before);
    expect((await getSql()`select count(*)::int as n from audit_log`)[0]!.n).toBe(auditBefore);

    ok(await createCannedReply(admin, { surveyId: sales, name: "Thanks", text: "Thanks from sales" }));
    // Renaming to its own name in another case is no clash.
    ok(await updateCannedReply(admin, thanks.id, { name: "THANKS" }));
  });

  it("lets the unique index decide between two admins saving the same name at once", async () => {
    const name = unique("Race");
    const results = await Promise.all([
      createCannedReply(admin, { surveyId: support, name, text: "one" }),
      createCannedReply(owner, { surveyId: support, name: name.toUpperCase(), text: "two" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, fieldErrors: { name: expect.stringMatching(/already has/) } }]);
    expect(await getSql()`select id from canned_replies where lower(name) = lower(${name})`).toHaveLength(1);
  });
});

describe("listing canned replies", () => {
  it("shows staff only their surveys' replies, by name; another survey answers 404", async () => {
    ok(await createCannedReply(admin, { surveyId: sales, name: "Sales only", text: "Discount code" }));
    ok(await createCannedReply(admin, { surveyId: support, name: "apology", text: "Sorry" }));

    const mine = await listCannedReplies(staff);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.surveyId === support)).toBe(true);
    const names = mine.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(await listCannedReplies(staff, { surveyId: support })).toEqual(mine);
    await expect(listCannedReplies(staff, { surveyId: sales })).rejects.toMatchObject({ status: 404 });

    const all = await listCannedReplies(admin);
    expect(new Set(all.map((r) => r.surveyId))).toEqual(new Set([support, sales]));
  });
});

describe("/api/v1/canned-replies", () => {
  it("lists for everyone (staff: their surveys'), and lets only owners and admins add, change and delete (403 for staff)", async () => {
    const staffToken = await tokenFor(staff, "canned-staff");
    const adminToken = await tokenFor(admin, "canned-admin");

    const created = await api(adminToken, "POST", "/canned-replies", { surveyId: support, name: "API reply", text: "From the API" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ surveyId: support, name: "API reply", text: "From the API" });
    const id = created.body.id as number;

    const listed = await api(staffToken, "GET", `/canned-replies?surveyId=${support}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: number }) => r.id)).toContain(id);
    const everything = await api(staffToken, "GET", "/canned-replies");
    expect(everything.body.items.every((r: { surveyId: number }) => r.surveyId === support)).toBe(true);
    expect((await api(staffToken, "GET", `/canned-replies?surveyId=${sales}`)).status).toBe(404);

    expect((await api(staffToken, "POST", "/canned-replies", { surveyId: support, name: "Staff", text: "No" })).status).toBe(403);
    expect((await api(staffToken, "PATCH", `/canned-replies/${id}`, { text: "No" })).status).toBe(403);
    expect((await api(staffToken, "DELETE", `/canned-replies/${id}`)).status).toBe(403);

    const duplicate = await api(adminToken, "POST", "/canned-replies", { surveyId: support, name: "api REPLY", text: "Again" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toMatch(/^Invalid body: name: This survey already has/);
    expect((await api(adminToken, "POST", "/canned-replies", { surveyId: support, name: "", text: "x" })).body.error.message).toMatch(/name/);
    expect((await api(adminToken, "POST", "/canned-replies", { surveyId: 999_999, name: "Lost", text: "x" })).status).toBe(404);

    const patched = await api(adminToken, "PATCH", `/canned-replies/${id}`, { text: "Changed by the API" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: "API reply", text: "Changed by the API" });
    expect((await api(adminToken, "PATCH", `/canned-replies/${id}`, {})).status).toBe(400);

    expect((await api(adminToken, "DELETE", `/canned-replies/${id}`)).status).toBe(200);
    expect((await api(adminToken, "DELETE", `/canned-replies/${id}`)).status).toBe(404);
    expect((await api(adminToken, "PATCH", `/canned-replies/${id}`, { text: "gone" })).status).toBe(404);
  });
});
