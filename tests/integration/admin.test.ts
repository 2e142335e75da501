// Admin operations: every one checks the role itself; numbers, duplicates, case settings,
// the last-owner rule, and secrets that never come back out.
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { processUnroutedAgain } from "@/lib/inbound/process-again";
import { getDb, getSql } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { createLink, deleteLink, listLinks, updateLink } from "@/lib/numbers/links";
import { getServerSettingsView, getWebhookSecret, saveServerSettings } from "@/lib/settings/server-settings";
import {
  addQuestion,
  createSurveyAsAdmin,
  moveQuestion,
  removeQuestion,
  renameSurvey,
  saveCaseSettings,
  setSurveyArchived,
  updateQuestion,
} from "@/lib/surveys/editor";
import { createUserAsAdmin, listUsersWithAccess, resetPasswordAsAdmin, setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";
import { casesOf, count } from "../support/inspect";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
const as = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });
const STATUS = [
  { value: "new", label: "New" },
  { value: "resolved", label: "Resolved" },
];

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  owner = as(await createUser({ email: "owner@example.com", role: "owner", password: "password-1" }));
  admin = as(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = as(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
});

describe("role gating: callers without the role are refused and nothing changes", () => {
  const settings = { applicationId: "", webhookSecret: "a-new-secret", privateKey: "", apiHost: "", provider: "vonage" as const };

  it.each<[string, () => Promise<unknown>, string]>([
    ["staff saving Settings > Server", () => saveServerSettings(staff, settings), "server_settings"],
    ["an admin saving Settings > Server", () => saveServerSettings(admin, settings), "server_settings"],
    ["an admin reading Settings > Server", () => getServerSettingsView(admin), "server_settings"],
    ["staff creating a user", () => createUserAsAdmin(staff, { email: "x@example.com", name: "", role: "staff" }), "users"],
    ["an admin creating an owner", () => createUserAsAdmin(admin, { email: "o2@example.com", name: "", role: "owner" }), "users"],
    ["staff creating a survey", () => createSurveyAsAdmin(staff, { name: "Mine" }), "surveys"],
    ["staff linking a number", () => createLink(staff, { ourNumber: "+44 7700 900123", channel: "sms", surveyId: 1, description: "", multiCaseReply: "" }), "number_links"],
    ["staff giving survey access", () => setSurveyAccessAsAdmin(staff, staff.id, [1]), "survey_access"],
  ])("%s", async (_, act, table) => {
    const before = await count(table);
    await expect(act()).rejects.toMatchObject({ status: expect.any(Number) });
    expect(await count(table)).toBe(before);
  });

  it("an admin cannot demote, deactivate or reset the password of an owner, or promote to owner", async () => {
    await expect(updateUserAsAdmin(admin, owner.id, { role: "staff" })).rejects.toMatchObject({ status: 403 });
    await expect(updateUserAsAdmin(admin, owner.id, { active: false })).rejects.toMatchObject({ status: 403 });
    await expect(resetPasswordAsAdmin(admin, owner.id)).rejects.toMatchObject({ status: 403 });
    await expect(updateUserAsAdmin(admin, staff.id, { role: "owner" })).rejects.toMatchObject({ status: 403 });
    const [row] = await getDb().select().from(users).where((await import("drizzle-orm")).eq(users.id, owner.id));
    expect(row).toMatchObject({ role: "owner", active: true });
  });
});

describe("Settings > Server", () => {
  it("stores secrets encrypted and only ever says whether they are set", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----";
    expect(
      await saveServerSettings(owner, {
        applicationId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        webhookSecret: "webhook-secret-123",
        privateKey: key,
        apiHost: "https://messages-sandbox.nexmo.com/",
        provider: "vonage",
      }),
    ).toEqual({ ok: true });
    const [row] = await getSql()`select * from server_settings`;
    expect(JSON.stringify(row)).not.toContain("webhook-secret-123");
    expect(JSON.stringify(row)).not.toContain("MIIBVQ");
    const view = await getServerSettingsView(owner);
    expect(JSON.stringify(view)).not.toContain("webhook-secret-123");
    expect(view).toEqual({
      applicationId: { value: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", source: "saved" },
      webhookSecret: { source: "saved" },
      privateKey: { source: "saved" },
      apiHost: { value: "https://messages-sandbox.nexmo.com", source: "saved" },
      provider: { value: "vonage", source: "saved" },
    });
    useWebhookSecret(null);
    expect(await getWebhookSecret()).toBe("webhook-secret-123");
  });

  it("keeps a saved secret when the field is left empty, and refuses bad values", async () => {
    await saveServerSettings(owner, { applicationId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", webhookSecret: "", privateKey: "", apiHost: "", provider: "vonage" });
    expect(await getWebhookSecret()).toBe("webhook-secret-123");
    expect(
      await saveServerSettings(owner, { applicationId: "not-an-id", webhookSecret: "short", privateKey: "nope", apiHost: "ftp://x", provider: "vonage" }),
    ).toEqual({
      ok: false,
      fieldErrors: {
        applicationId: expect.stringContaining("looks like"),
        webhookSecret: expect.stringContaining("at least 8"),
        privateKey: expect.stringContaining("BEGIN PRIVATE KEY"),
        apiHost: expect.stringContaining("URL"),
      },
    });
  });

  it("shows settings fixed by the environment as such", async () => {
    process.env.VONAGE_WEBHOOK_SECRET = "from-env-secret";
    try {
      const view = await getServerSettingsView(owner);
      expect(view.webhookSecret).toEqual({ source: "environment" });
      expect(await getWebhookSecret()).toBe("from-env-secret");
    } finally {
      delete process.env.VONAGE_WEBHOOK_SECRET;
    }
  });
});

describe("Users", () => {
  it("creates users with a generated password, refuses duplicates, sets survey access", async () => {
    const created = await createUserAsAdmin(admin, { email: " New.Person@Example.com ", name: "New Person", role: "staff" });
    expect(created.generatedPassword).toHaveLength(20);
    await expect(createUserAsAdmin(admin, { email: "new.person@example.com", name: "", role: "staff" })).rejects.toMatchObject({ status: 409 });
    const survey = await createSurveyAsAdmin(admin, { name: "Access test" });
    if (!survey.ok) throw new Error("survey");
    await setSurveyAccessAsAdmin(admin, created.id, [survey.id, survey.id]);
    const listed = (await listUsersWithAccess(admin)).find((u) => u.id === created.id);
    expect(listed).toMatchObject({ email: "new.person@example.com", role: "staff", surveyIds: [survey.id] });
    const password = await resetPasswordAsAdmin(admin, created.id);
    expect(password).toHaveLength(20);
  });

  it("never removes the last active owner, even when two changes race", async () => {
    await expect(updateUserAsAdmin(owner, owner.id, { role: "admin" })).rejects.toMatchObject({ status: 409 });
    await expect(updateUserAsAdmin(owner, owner.id, { active: false })).rejects.toMatchObject({ status: 409 });
    const second = await createUserAsAdmin(owner, { email: "owner2@example.com", name: "", role: "owner", password: "password-2" });
    const results = await Promise.allSettled([
      updateUserAsAdmin(owner, owner.id, { active: false }),
      updateUserAsAdmin(owner, second.id, { active: false }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [{ n }] = (await getSql()`select count(*)::int as n from users where role = 'owner' and active`) as unknown as [{ n: number }];
    expect(n).toBe(1);
    await getSql()`update users set active = true where role = 'owner'`;
  });
});

describe("Users > Conversations", () => {
  it("normalises numbers, refuses a number used twice, keeps cases when a link is deleted", async () => {
    const survey = await createSurveyAsAdmin(admin, { name: "Links" });
    if (!survey.ok) throw new Error("survey");
    const link = { channel: "sms" as const, surveyId: survey.id, description: "Front desk", multiCaseReply: "" };
    expect(await createLink(admin, { ...link, ourNumber: "abc" })).toEqual({ ok: false, fieldErrors: { ourNumber: expect.stringContaining("digits") } });
    expect(await createLink(admin, { ...link, ourNumber: "12345" })).toEqual({ ok: false, fieldErrors: { ourNumber: expect.stringContaining("7 to 15") } });
    const created = await createLink(admin, { ...link, ourNumber: "+61 412 345 678" });
    expect(created.ok).toBe(true);
    expect((await listLinks(admin)).find((l) => l.ourNumber === "61412345678")).toMatchObject({ description: "Front desk", surveyName: "Links" });
    expect(await createLink(admin, { ...link, ourNumber: "0061412345678" })).toEqual({
      ok: false,
      fieldErrors: { ourNumber: "+61412345678 is already linked to the survey “Links”." },
    });
    if (!created.ok) throw new Error("link");
    expect(await updateLink(admin, created.id, { ...link, ourNumber: "61412345678", multiCaseReply: "You have %s1 open cases" })).toEqual({ ok: true, id: created.id });

    useWebhookSecret();
    const P = "447700977001";
    await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: P, to: "61412345678", text: "kept" })));
    expect(await casesOf(P)).toHaveLength(1);
    await deleteLink(admin, created.id);
    expect(await casesOf(P)).toHaveLength(1);
  });

  it("routes messages that waited for a number once it is linked (Process again)", async () => {
    useWebhookSecret();
    const ours = "447700988888";
    const P = "447700977002";
    for (const text of ["first while unlinked", "second while unlinked"]) {
      await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: P, to: ours, text })));
    }
    expect(await casesOf(P)).toHaveLength(0);
    const survey = await createSurveyAsAdmin(admin, { name: "Late link" });
    if (!survey.ok) throw new Error("survey");
    const q = await addQuestion(admin, survey.id, { label: "Status", type: "select_one", choices: STATUS, required: false });
    if (!q.ok) throw new Error("question");
    await saveCaseSettings(admin, survey.id, { statusQuestionId: q.id, closingValue: "resolved", defaultStatus: "new" });
    await createLink(admin, { ourNumber: ours, channel: "sms", surveyId: survey.id, description: "", multiCaseReply: "" });
    expect(await processUnroutedAgain(staff, { ourNumber: ours }).catch((e) => e.status)).toBe(404);
    expect(await processUnroutedAgain(admin, { ourNumber: ours })).toEqual({ routed: 2, stillWaiting: 0 });
    const cases = await casesOf(P);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ title: "first while unlinked", message_count: 2 });
    expect(await processUnroutedAgain(admin, { ourNumber: ours })).toEqual({ routed: 0, stillWaiting: 0 });
  });
});

describe("the survey editor and case settings", () => {
  it("builds a survey, refuses a closing value that is not a choice, and recomputes open cases", async () => {
    const survey = await createSurveyAsAdmin(admin, { name: "Editor" });
    if (!survey.ok) throw new Error("survey");
    expect(await renameSurvey(admin, survey.id, { name: "  " })).toEqual({ ok: false, fieldErrors: { name: "Give the survey a name." } });
    const text = await addQuestion(admin, survey.id, { label: "What happened?", type: "text", choices: [], required: false });
    const status = await addQuestion(admin, survey.id, { label: "Status", type: "select_one", choices: STATUS, required: false });
    if (!text.ok || !status.ok) throw new Error("questions");
    expect(await addQuestion(admin, survey.id, { label: "Status", type: "text", choices: [], required: false })).toEqual({
      ok: false,
      fieldErrors: { name: "This survey already has a question named “status”." },
    });
    expect(await saveCaseSettings(admin, survey.id, { statusQuestionId: text.id, closingValue: "done", defaultStatus: "" })).toMatchObject({
      ok: false,
      fieldErrors: { statusQuestionId: expect.stringContaining("select-one") },
    });
    expect(await saveCaseSettings(admin, survey.id, { statusQuestionId: status.id, closingValue: "closed", defaultStatus: "" })).toEqual({
      ok: false,
      fieldErrors: { closingValue: "The closing value “closed” is not one of the status question's choices." },
    });
    expect(await saveCaseSettings(admin, survey.id, { statusQuestionId: status.id, closingValue: "resolved", defaultStatus: "new" })).toEqual({
      ok: true,
      id: survey.id,
    });
    // The status question cannot lose the closing value while it is the status question.
    expect(await updateQuestion(admin, status.id, { label: "Status", type: "select_one", choices: [STATUS[0]!], required: false })).toMatchObject({
      ok: false,
    });

    await moveQuestion(admin, status.id, -1);
    const order = await getSql()`select name from survey_questions where survey_id = ${survey.id} order by position`;
    expect(order.map((r) => r.name)).toEqual(["status", "what_happened"]);

    // A record answered "resolved" is closed; removing the status question disables cases.
    await getSql()`insert into cases (survey_id, their_number, title, answers, open) values (${survey.id}, '447700966666', 'r', '{"status":"resolved"}', true)`;
    await saveCaseSettings(admin, survey.id, { statusQuestionId: status.id, closingValue: "resolved", defaultStatus: "new" });
    expect((await casesOf("447700966666"))[0]).toMatchObject({ open: false, status: "resolved" });
    expect(await removeQuestion(admin, status.id)).toEqual({ casesDisabled: true });
    const [after] = await getSql()`select status_question_id, closing_value from surveys where id = ${survey.id}`;
    expect(after).toEqual({ status_question_id: null, closing_value: null });

    await setSurveyArchived(admin, survey.id, true);
    const [archived] = await getSql()`select archived_at from surveys where id = ${survey.id}`;
    expect(archived!.archived_at).not.toBeNull();
  });
});
