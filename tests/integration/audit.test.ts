// SPEC §16 "Audit log": every admin action and every change to a case writes one entry, in
// the change's own transaction, with who (user, or user through a token), what, and before →
// after of what changed — secrets never. Admins list it (filters, pages) and export it as CSV.
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser, setPassword } from "@/lib/auth/users";
import { exportAuditCsv, listAudit, AUDIT_EXPORT_PAGE } from "@/lib/audit/queries";
import { auditFiltersSchema } from "@/lib/audit/filters";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { updateCase } from "@/lib/cases/update-case";
import { getSql } from "@/lib/db/client";
import { processUnroutedAgain } from "@/lib/inbound/process-again";
import { createLink, deleteLink, updateLink } from "@/lib/numbers/links";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { saveServerSettings } from "@/lib/settings/server-settings";
import { addQuestion, createSurveyAsAdmin, moveQuestion, removeQuestion, renameSurvey, saveCaseSettings, setSurveyArchived, updateQuestion } from "@/lib/surveys/editor";
import { createUserAsAdmin, resetPasswordAsAdmin, setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";
import { newKey } from "../support/replies";
import { createLink as seedLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
let viaToken: CurrentUser;
let surveyId: number;
let otherSurveyId: number;
let person = 0;
const newPerson = () => `4477006${String(person++).padStart(5, "0")}`;
const as = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

type Entry = {
  id: number;
  action: string;
  actorUserId: number | null;
  actorTokenId: number | null;
  surveyId: number | null;
  caseId: number | null;
  target: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
let seen = 0;

/** The entries written since the last call. */
async function newEntries(): Promise<Entry[]> {
  const rows = await getSql()<Entry[]>`
    select id::int, action, actor_user_id as "actorUserId", actor_token_id as "actorTokenId", survey_id as "surveyId",
           case_id::int as "caseId", target, before, after
    from audit_log where id > ${seen} order by id`;
  seen = rows.at(-1)?.id ?? seen;
  return rows;
}

async function caseFrom(P: string, text = "Hello") {
  const response = await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: P, to: N, text })));
  expect(response.status).toBe(200);
  const [row] = await getSql()<Array<{ id: number }>>`select id::int from cases where their_number = ${P} order by id desc limit 1`;
  return row!.id;
}

beforeAll(async () => {
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  owner = as(await createUser({ email: "owner@audit.test", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = as(await createUser({ email: "admin@audit.test", name: "Ada Admin", role: "admin", password: "password-1" }));
  staff = as(await createUser({ email: "staff@audit.test", name: "Sam Staff", role: "staff", password: "password-1" }));
  const [token] = await getSql()<Array<{ id: number }>>`
    insert into api_tokens (user_id, name, token_hash, prefix) values (${staff.id}, 'Zapier', 'hash', 'cl_abc') returning id`;
  viaToken = { ...staff, tokenId: token!.id };
  surveyId = (await createSurvey({ name: "Support" })).id;
  otherSurveyId = (await createSurvey({ name: "Sales" })).id;
  await seedLink({ ourNumber: N, surveyId });
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyId})`;
  await newEntries();
});

describe("case changes", () => {
  it("an edit records only the fields it changed, before → after", async () => {
    const caseId = await caseFrom(newPerson(), "Where is my parcel");
    await newEntries();
    await updateCase(staff, { caseId, edit: { title: "Parcel lost", notes: "", answers: { status: "new" } } });
    expect(await newEntries()).toEqual([
      expect.objectContaining({ action: "case.updated", actorUserId: staff.id, actorTokenId: null, surveyId, caseId, before: { title: "Where is my parcel" }, after: { title: "Parcel lost" } }),
    ]);
    await updateCase(staff, { caseId, edit: { title: "Parcel lost", notes: "Called", answers: { status: "resolved" } } });
    expect(await newEntries()).toEqual([
      expect.objectContaining({
        before: { notes: "", answers: { status: "new" }, open: true },
        after: { notes: "Called", answers: { status: "resolved" }, open: false },
      }),
    ]);
    // Saving without a change is no action.
    await updateCase(staff, { caseId, edit: { title: "Parcel lost", notes: "Called", answers: { status: "resolved" } } });
    expect(await newEntries()).toEqual([]);
  });

  it("through an API token, the entry names the token as well as its user", async () => {
    const caseId = await caseFrom(newPerson());
    await newEntries();
    await updateCase(viaToken, { caseId, edit: { title: "By the API", notes: "", answers: { status: "new" } } });
    const [entry] = await newEntries();
    expect(entry).toMatchObject({ actorUserId: staff.id, actorTokenId: viaToken.tokenId });
    const { items } = await listAudit(admin, { caseId });
    expect(items[0]).toMatchObject({ user: { id: staff.id, name: "Sam Staff", email: "staff@audit.test" }, token: { id: viaToken.tokenId, name: "Zapier" } });
  });

  it("a move, a reply (which message, not its text) and a Retry are one entry each", async () => {
    const caseId = await caseFrom(newPerson(), "First");
    const [{ id: messageId }] = (await getSql()`select message_id::int as id from case_messages where case_id = ${caseId}`) as unknown as [{ id: number }];
    await newEntries();
    const { newCaseId } = await moveMessageToNewCase(staff, { caseId, messageId, comment: "Own matter" });
    expect(await newEntries()).toEqual([expect.objectContaining({ action: "case.message_moved", caseId, surveyId, after: { messageId, newCaseId, comment: "Own matter" } })]);

    const reply = await queueReply(staff, { caseId: newCaseId, message: "A private answer", idempotencyKey: newKey() });
    if (reply.status !== "queued") throw new Error("not queued");
    const [queued] = await newEntries();
    expect(queued).toMatchObject({ action: "reply.queued", caseId: newCaseId, after: { messageId: reply.messageId, channel: "sms" } });
    expect(JSON.stringify(queued)).not.toContain("A private answer");
    // The same key again is the same reply: no second entry.
    await newEntries();

    await getSql()`update messages set status = 'failed', error_code = '1340', error_detail = 'Outside the window' where id = ${reply.messageId}`;
    await retryReply(staff, { messageId: reply.messageId });
    expect(await newEntries()).toEqual([
      expect.objectContaining({
        action: "reply.retried",
        caseId: newCaseId,
        target: `message:${reply.messageId}`,
        before: { status: "failed", errorCode: "1340", errorDetail: "Outside the window" },
        after: { status: "queued", caseIds: [newCaseId] },
      }),
    ]);
  });

  it("a refused change writes nothing", async () => {
    const caseId = await caseFrom(newPerson());
    await newEntries();
    const outsider = as(await createUser({ email: "outsider@audit.test", role: "staff", password: "password-1" }));
    await expect(updateCase(outsider, { caseId, edit: { title: "No", notes: "", answers: {} } })).rejects.toMatchObject({ status: 404 });
    await expect(createSurveyAsAdmin(staff, { name: "Mine" })).rejects.toMatchObject({ status: 404 });
    expect(await newEntries()).toEqual([]);
  });
});

describe("admin actions", () => {
  it("users: created, changed, deactivated, password reset, survey access — never a password", async () => {
    const created = await createUserAsAdmin(admin, { email: "New@Audit.test", name: "Nia New", role: "staff", password: "a-chosen-password" });
    await updateUserAsAdmin(admin, created.id, { role: "admin" });
    await updateUserAsAdmin(admin, created.id, { active: false });
    const password = await resetPasswordAsAdmin(admin, created.id);
    await setSurveyAccessAsAdmin(admin, created.id, [otherSurveyId, surveyId]);
    await setSurveyAccessAsAdmin(admin, created.id, [surveyId]);
    await setPassword({ id: created.id, password: "from-the-script-1" });
    const entries = await newEntries();
    const target = `user:${created.id}`;
    expect(entries.map((e) => [e.action, e.actorUserId, e.target, e.before, e.after])).toEqual([
      ["user.created", admin.id, target, null, { email: "new@audit.test", name: "Nia New", role: "staff" }],
      ["user.updated", admin.id, target, { role: "staff" }, { role: "admin" }],
      ["user.deactivated", admin.id, target, { active: true }, { active: false }],
      ["user.password_reset", admin.id, target, null, { password: "changed" }],
      ["user.access_changed", admin.id, target, { surveyIds: [] }, { surveyIds: [surveyId, otherSurveyId].sort((a, b) => a - b) }],
      ["user.access_changed", admin.id, target, { surveyIds: [surveyId, otherSurveyId].sort((a, b) => a - b) }, { surveyIds: [surveyId] }],
      ["user.password_reset", null, target, null, { password: "changed" }],
    ]);
    const text = JSON.stringify(await getSql()`select * from audit_log`);
    for (const secret of ["a-chosen-password", password, "from-the-script-1"]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$2[aby]\$/); // nor a password hash
  });

  it("number links: created, changed, removed", async () => {
    const link = await createLink(admin, { ourNumber: "+44 7700 900200", channel: "sms", surveyId, description: "Front desk", multiCaseReply: "" });
    if (!link.ok) throw new Error("link");
    await updateLink(admin, link.id, { ourNumber: "447700900200", channel: "sms", surveyId: otherSurveyId, description: "Front desk", multiCaseReply: "" });
    await deleteLink(admin, link.id);
    const entries = await newEntries();
    const snapshot = { ourNumber: "447700900200", channel: "sms", surveyId, description: "Front desk", multiCaseReply: "", optOutConfirmation: "", helpText: "", timeZone: null, businessHours: null, outOfHoursReply: "" };
    expect(entries.map((e) => [e.action, e.target, e.surveyId, e.before, e.after])).toEqual([
      ["number_link.created", `number_link:${link.id}`, surveyId, null, snapshot],
      ["number_link.updated", `number_link:${link.id}`, otherSurveyId, { surveyId }, { surveyId: otherSurveyId }],
      ["number_link.deleted", `number_link:${link.id}`, otherSurveyId, { ...snapshot, surveyId: otherSurveyId }, null],
    ]);
  });

  it("surveys: created, renamed, archived, questions, case settings", async () => {
    const survey = await createSurveyAsAdmin(admin, { name: "Editor" });
    if (!survey.ok) throw new Error("survey");
    await renameSurvey(admin, survey.id, { name: "Editor 2" });
    await setSurveyArchived(admin, survey.id, true);
    await setSurveyArchived(admin, survey.id, false);
    const choices = [
      { value: "open", label: "Open" },
      { value: "done", label: "Done" },
    ];
    const note = await addQuestion(admin, survey.id, { label: "Note", type: "text", choices: [], required: false });
    const status = await addQuestion(admin, survey.id, { label: "Status", type: "select_one", choices, required: false });
    if (!note.ok || !status.ok) throw new Error("questions");
    await updateQuestion(admin, note.id, { label: "Note to self", type: "text", choices: [], required: true });
    await moveQuestion(admin, status.id, -1);
    await saveCaseSettings(admin, survey.id, { statusQuestionId: status.id, closingValue: "done", defaultStatus: "open" });
    await removeQuestion(admin, status.id);
    const entries = await newEntries();
    expect(entries.every((e) => e.surveyId === survey.id && e.actorUserId === admin.id)).toBe(true);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["survey.created", null, { name: "Editor" }],
      ["survey.renamed", { name: "Editor" }, { name: "Editor 2" }],
      ["survey.archived", null, null],
      ["survey.unarchived", null, null],
      ["survey.question_added", null, { name: "note", label: "Note", type: "text", choices: [], required: false }],
      ["survey.question_added", null, { name: "status", label: "Status", type: "select_one", choices: ["Open (open)", "Done (done)"], required: false }],
      ["survey.question_changed", { label: "Note", required: false }, { label: "Note to self", required: true }],
      ["survey.question_moved", { name: "status", position: 2 }, { name: "status", position: 1 }],
      ["survey.case_settings_changed", { statusQuestionId: null, closingValue: null, defaultStatus: null }, { statusQuestionId: status.id, closingValue: "done", defaultStatus: "open" }],
      ["survey.question_removed", { name: "status", label: "Status", type: "select_one", choices: ["Open (open)", "Done (done)"], required: false }, { casesEnabled: false }],
    ]);
  });

  it("Settings > Server: provider, application id and API host before → after; secrets only 'changed'", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----";
    const settings = { applicationId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", webhookSecret: "webhook-secret-123", privateKey: key, apiHost: "", provider: "vonage" as const };
    const fromEnv = process.env.VONAGE_WEBHOOK_SECRET;
    delete process.env.VONAGE_WEBHOOK_SECRET; // the environment would fix it, and the form leave it alone
    try {
      await saveServerSettings(owner, settings);
      await saveServerSettings(owner, { ...settings, webhookSecret: "", privateKey: "", apiHost: "https://api.example.com" });
      await saveServerSettings(owner, { ...settings, webhookSecret: "", privateKey: "", apiHost: "https://api.example.com" });
      await saveServerSettings(owner, { ...settings, webhookSecret: "another-secret-456", privateKey: "", apiHost: "https://api.example.com" });
    } finally {
      process.env.VONAGE_WEBHOOK_SECRET = fromEnv;
    }
    const entries = await newEntries();
    expect(entries.map((e) => [e.action, e.actorUserId, e.before, e.after])).toEqual([
      [
        "settings.server_changed",
        owner.id,
        { provider: null, applicationId: null },
        { provider: "vonage", applicationId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", webhookSecret: "changed", privateKey: "changed" },
      ],
      ["settings.server_changed", owner.id, { apiHost: null }, { apiHost: "https://api.example.com" }],
      // the third save changed nothing: no entry
      ["settings.server_changed", owner.id, null, { webhookSecret: "changed" }],
    ]);
    const [stored] = await getSql()`select vonage_webhook_secret_encrypted as w, vonage_private_key_encrypted as k from server_settings`;
    const text = JSON.stringify(await getSql()`select * from audit_log`);
    for (const secret of ["webhook-secret-123", "another-secret-456", "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA", stored!.w, stored!.k]) {
      expect(text).not.toContain(secret);
    }
  });

  it("Process again: one entry with what came of it", async () => {
    const ours = "447700900300";
    const P = newPerson();
    await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: P, to: ours, text: "waiting" })));
    const link = await createLink(admin, { ourNumber: ours, channel: "sms", surveyId, description: "", multiCaseReply: "" });
    if (!link.ok) throw new Error("link");
    await newEntries();
    await processUnroutedAgain(admin, { ourNumber: ours });
    expect(await newEntries()).toEqual([
      expect.objectContaining({ action: "inbound.processed_again", surveyId, target: `number_link:${link.id}`, after: { ourNumber: ours, routed: 1, stillWaiting: 0 } }),
    ]);
  });
});

describe("reading the log", () => {
  it("is for owners and admins only", async () => {
    await expect(listAudit(staff)).rejects.toMatchObject({ status: 404 });
    await expect(listAudit(viaToken)).rejects.toMatchObject({ status: 404 });
    expect(() => exportAuditCsv(staff)).toThrow(expect.objectContaining({ status: 404 }));
    expect((await listAudit(owner)).items.length).toBeGreaterThan(0);
  });

  it("filters by user, survey, case and time, newest first, a page at a time", async () => {
    const caseId = await caseFrom(newPerson());
    for (let i = 1; i <= 7; i++) await updateCase(admin, { caseId, edit: { title: `Title ${i}`, notes: "", answers: { status: "new" } } });
    // Spread them over days, the way a real log is.
    await getSql()`
      update audit_log set at = timestamptz '2030-01-01T12:00:00Z' + (interval '1 day' * (row_number))
      from (select id, row_number() over (order by id) as row_number from audit_log where case_id = ${caseId}) numbered
      where audit_log.id = numbered.id`;

    const all = await listAudit(admin, { caseId });
    expect(all.items.map((e) => e.after)).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => ({ title: `Title ${i}` })));
    expect(all.items.every((e) => e.user?.id === admin.id && e.survey?.name === "Support" && e.caseId === caseId)).toBe(true);

    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit(admin, { caseId, limit: 3, cursor });
      pages.push(page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.items.map((e) => e.id));

    const window = await listAudit(admin, { caseId, from: new Date("2030-01-03T00:00:00Z"), to: new Date("2030-01-05T00:00:00Z") });
    expect(window.items.map((e) => e.after)).toEqual([{ title: "Title 3" }, { title: "Title 2" }]);

    expect((await listAudit(admin, { userId: admin.id, caseId })).items).toHaveLength(7);
    expect((await listAudit(admin, { userId: staff.id, caseId })).items).toHaveLength(0);
    expect((await listAudit(admin, { surveyId: otherSurveyId, caseId })).items).toHaveLength(0);
    const bySurvey = await listAudit(admin, { surveyId, limit: 200 });
    expect(bySurvey.items.every((e) => e.survey?.id === surveyId)).toBe(true);
    const byUser = await listAudit(admin, { userId: staff.id, limit: 200 });
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((e) => e.user?.id === staff.id)).toBe(true);

    await expect(listAudit(admin, { cursor: "not-a-cursor" })).rejects.toMatchObject({ status: 400 });
  });

  it("parses the query string: a case reference with #, dates, and a 400 naming the field", () => {
    expect(auditFiltersSchema.parse({ caseId: "#12", from: "2030-01-01", to: "2030-01-02T00:00:00+01:00" })).toEqual({
      caseId: 12,
      from: new Date("2030-01-01T00:00:00Z"),
      to: new Date("2030-01-01T23:00:00Z"),
    });
    expect(auditFiltersSchema.safeParse({ from: "yesterday" }).error?.issues[0]?.path).toEqual(["from"]);
    expect(auditFiltersSchema.safeParse({ caseId: "12a" }).error?.issues[0]?.path).toEqual(["caseId"]);
    expect(auditFiltersSchema.safeParse({ from: "2030-01-02", to: "2030-01-01" }).error?.issues[0]?.path).toEqual(["to"]);
  });
});

describe("the CSV export", () => {
  async function csv(actor: CurrentUser, filters: Parameters<typeof exportAuditCsv>[1] = {}) {
    return new Response(exportAuditCsv(actor, filters)).text();
  }

  it("has a header, then one row per entry, quoted where needed and safe to open in a spreadsheet", async () => {
    const caseId = await caseFrom(newPerson());
    // A token name someone chose: a cell starting with "=" would run as a formula in a spreadsheet.
    const [token] = await getSql()<Array<{ id: number }>>`
      insert into api_tokens (user_id, name, token_hash, prefix) values (${staff.id}, '=HYPERLINK("http://evil")', 'hash-2', 'cl_def') returning id`;
    await updateCase({ ...staff, tokenId: token!.id }, { caseId, edit: { title: 'Said "hi", then left', notes: "line one\nline two", answers: { status: "new" } } });
    const text = await csv(admin, { caseId });
    const [header, ...rest] = text.split("\n");
    expect(header).toBe("time,user,user_email,token,action,description,survey_id,survey,case_id,target,changes,before,after");
    const body = rest.join("\n");
    expect(body).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,Sam Staff,staff@audit\.test,/);
    // Escaped with a leading apostrophe, and quoted (it holds quotes, which are doubled).
    expect(body).toContain(`,"'=HYPERLINK(""http://evil"")",case.updated,Edited a case,${surveyId},Support,${caseId},,`);
    // The line break stays inside its quoted cell.
    expect(body).toContain('"Notes: — → line one\nline two; Title: Hello → Said ""hi"", then left"');
    expect(body).toContain('"{""notes"":""line one\\nline two"",""title"":""Said \\""hi\\"", then left""}"');
  });

  it("streams a log longer than one page, every entry once, newest first", async () => {
    const total = AUDIT_EXPORT_PAGE * 2 + 17;
    await getSql()`
      insert into audit_log (action, actor_user_id, survey_id, target, at)
      select 'survey.renamed', ${admin.id}, ${otherSurveyId}, 'bulk:' || n, timestamptz '2031-01-01T00:00:00Z' + n * interval '1 second'
      from generate_series(1, ${total}) as n`;
    const text = await csv(admin, { surveyId: otherSurveyId, from: new Date("2031-01-01T00:00:00Z") });
    const lines = text.trim().split("\n").slice(1);
    expect(lines).toHaveLength(total);
    const targets = lines.map((line) => /bulk:(\d+)/.exec(line)![1]);
    expect(targets[0]).toBe(String(total));
    expect(targets.at(-1)).toBe("1");
    expect(new Set(targets).size).toBe(total);
  });
});
