// SPEC §10: WhatsApp templates — kept by admins for the server, tied to WhatsApp numbers, sent
// from a case through the one reply path — against a fake Vonage on 127.0.0.1 with the real SDK
// and the real worker, and through /api/v1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from "@/lib/templates/templates";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { api, tokenFor } from "../support/api";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { count, threadOf } from "../support/inspect";
import { caseFrom, messageRow, newKey, pointSdkAtFakeVonage } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const WA = "447700900010";
const WA_OTHER = "447700900011";
const WA_ELSEWHERE = "447700900012"; // a WhatsApp number of another survey
const SMS = "447700900000";
const REMINDER = "Hi {{1}}, your appointment is on {{2}}. Reply to change it.";

let fake: FakeVonage;
let worker: SendWorker;
let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
let outsider: CurrentUser;
let counter = 0;
const person = () => `4477009${String(70000 + counter++)}`;
const dayAgo = () => new Date(Date.now() - 30 * 3600_000);

beforeAll(async () => {
  useWebhookSecret();
  process.env.SEND_TIMEOUT_MS = "2000";
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  const survey = await createSurvey({ name: "Support" });
  const other = await createSurvey({ name: "Other" });
  await createLink({ ourNumber: SMS, surveyId: survey.id, channel: "sms" });
  await createLink({ ourNumber: WA, surveyId: survey.id, channel: "whatsapp" });
  await createLink({ ourNumber: WA_OTHER, surveyId: survey.id, channel: "whatsapp" });
  await createLink({ ourNumber: WA_ELSEWHERE, surveyId: other.id, channel: "whatsapp" });
  owner = asUser(await createUser({ email: "owner@example.com", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id}), (${outsider.id}, ${other.id})`;
  const made = await createTemplate(admin, { name: "appointment_reminder", locale: "en_GB", body: REMINDER, numbers: [WA] });
  expect(made.ok).toBe(true);
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
});

beforeEach(() => fake.reset());

const sentTo = (to: string) => fake.requests.filter((r) => r.body.to === to);

async function queuedId(result: Awaited<ReturnType<typeof queueReply>>): Promise<number> {
  if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
  return result.messageId;
}

describe("sending a template from a case", () => {
  it("goes out with Vonage's template shape when the window is closed, and the case shows it filled in", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp", at: dayAgo() });
    const id = await queuedId(
      await queueReply(staff, {
        caseId: c.id,
        template: { name: "appointment_reminder", parameters: [" Sam ", "Tuesday 10:00"] },
        idempotencyKey: newKey(),
      }),
    );

    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    // Exactly VONAGE.md's template body: nothing more, nothing less.
    expect(request!.body).toEqual({
      to: P,
      from: WA,
      channel: "whatsapp",
      message_type: "template",
      whatsapp: { policy: "deterministic", locale: "en_GB" },
      template: { name: "appointment_reminder", parameters: ["Sam", "Tuesday 10:00"] },
      client_ref: String(id),
    });
    const row = await waitFor(async () => {
      const m = await messageRow(id);
      return m.status === "submitted" && m;
    });
    expect(row.providerMessageId).toBe(request!.messageUuid);

    // The body with its parameters, without " #ref" (a template's body is WhatsApp's to fix).
    const thread = await threadOf(c.id);
    expect(thread.map((m) => [m.direction, m.text])).toEqual([
      ["inbound", "Hello there"],
      ["outbound", "Hi Sam, your appointment is on Tuesday 10:00. Reply to change it."],
    ]);
    const [stored] = await getSql()`select message_type, template from messages where id = ${id}`;
    expect(stored).toEqual({ message_type: "template", template: { name: "appointment_reminder", locale: "en_GB", parameters: ["Sam", "Tuesday 10:00"] } });
    const [audit] = await getSql()`select after from audit_log where action = 'reply.queued' and after->>'messageId' = ${String(id)}`;
    expect(audit!.after).toEqual({ messageId: id, channel: "whatsapp", template: "appointment_reminder (en_GB)" });
  });

  it("is refused with the reason, storing and sending nothing: a missing parameter, a line break, one too many", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp" });
    const before = await count("messages");
    const attempt = (parameters: string[]) =>
      queueReply(staff, { caseId: c.id, template: { name: "appointment_reminder", parameters }, idempotencyKey: newKey() });
    await expect(attempt(["Sam"])).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("Fill in {{2}}") });
    await expect(attempt(["Sam", "   "])).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("Fill in {{2}}") });
    await expect(attempt(["Sam", "Tuesday\nat ten"])).rejects.toMatchObject({ message: expect.stringContaining("line breaks") });
    await expect(attempt(["Sam", "Tuesday", "extra"])).rejects.toMatchObject({ message: expect.stringContaining("takes 2 parameters") });
    expect(await count("messages")).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTo(P)).toHaveLength(0);
  });

  it("only from a number it is tied to, only on WhatsApp, only by people who may see the case", async () => {
    const other = await caseFrom({ from: person(), to: WA_OTHER, channel: "whatsapp" });
    const sms = await caseFrom({ from: person(), to: SMS });
    const reminder = { name: "appointment_reminder", parameters: ["Sam", "Tuesday"] };
    const before = await count("messages");
    await expect(queueReply(staff, { caseId: other.id, template: reminder, idempotencyKey: newKey() })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/No template “appointment_reminder” may be sent from \+44 ?7700 ?900011/),
    });
    await expect(queueReply(staff, { caseId: sms.id, template: reminder, idempotencyKey: newKey() })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("Templates are for WhatsApp"),
    });
    await expect(queueReply(staff, { caseId: other.id, template: { ...reminder, name: "no_such_template" }, idempotencyKey: newKey() })).rejects.toMatchObject({
      code: "bad_request",
    });
    const mine = await caseFrom({ from: person(), to: WA, channel: "whatsapp" });
    await expect(queueReply(outsider, { caseId: mine.id, template: reminder, idempotencyKey: newKey() })).rejects.toMatchObject({ code: "not_found" });
    expect(await count("messages")).toBe(before + 1); // the inbound message of `mine` only
  });

  it("one key is one reply: the same template again answers the stored one; anything else is a conflict", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp", at: dayAgo() });
    const key = newKey();
    const reminder = { name: "appointment_reminder", parameters: ["Sam", "Tuesday"] };
    const [first, second] = await Promise.all([
      queueReply(staff, { caseId: c.id, template: reminder, idempotencyKey: key }),
      queueReply(staff, { caseId: c.id, template: { ...reminder, locale: "en-gb", parameters: ["Sam ", " Tuesday"] }, idempotencyKey: key }),
    ]);
    expect(first).toMatchObject({ status: "queued" });
    expect(second).toMatchObject({ status: "queued", messageId: (first as { messageId: number }).messageId });
    expect([first, second].filter((r) => r.status === "queued" && r.duplicate)).toHaveLength(1);
    await expect(queueReply(staff, { caseId: c.id, template: { ...reminder, parameters: ["Alex", "Tuesday"] }, idempotencyKey: key })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(queueReply(staff, { caseId: c.id, message: "Hi", idempotencyKey: key, sendOutsideWindow: true })).rejects.toMatchObject({ code: "conflict" });
    await waitFor(() => sentTo(P).length === 1, { what: "the send" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTo(P)).toHaveLength(1);
    expect((await threadOf(c.id)).filter((m) => m.direction === "outbound")).toHaveLength(1);
  });

  it("a name in several languages for the number needs its language code", async () => {
    const en = await createTemplate(admin, { name: "order_update", locale: "en", body: "Your order {{1}} has shipped.", numbers: [WA] });
    const es = await createTemplate(admin, { name: "order_update", locale: "es", body: "Su pedido {{1}} ha sido enviado.", numbers: [WA] });
    expect(en.ok && es.ok).toBe(true);
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp" });
    await expect(queueReply(staff, { caseId: c.id, template: { name: "order_update", parameters: ["A1"] }, idempotencyKey: newKey() })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("exists in en, es"),
    });
    const id = await queuedId(await queueReply(staff, { caseId: c.id, template: { name: "order_update", locale: "es", parameters: ["A1"] }, idempotencyKey: newKey() }));
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    expect(request!.body).toMatchObject({ whatsapp: { policy: "deterministic", locale: "es" }, template: { name: "order_update", parameters: ["A1"] } });
    expect((await messageRow(id)).text).toBe("Su pedido A1 ha sido enviado.");
  });

  it("a template Vonage refuses fails with Vonage's reason, like any reply", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp", at: dayAgo() });
    fake.script({ status: 422, body: { title: "Invalid params", detail: "The template parameters are invalid" } });
    const id = await queuedId(await queueReply(staff, { caseId: c.id, template: { name: "appointment_reminder", parameters: ["Sam", "Tue"] }, idempotencyKey: newKey() }));
    const row = await waitFor(async () => {
      const m = await messageRow(id);
      return m.status === "failed" && m;
    });
    expect(row).toMatchObject({ errorCode: "Invalid params", errorDetail: "The template parameters are invalid", sendAttempts: 1 });

    // Retry sends the same template again, not its text.
    await retryReply(staff, { messageId: id });
    await waitFor(() => sentTo(P).length === 2, { what: "the second attempt" });
    expect(sentTo(P)[1]!.body).toMatchObject({ message_type: "template", template: { name: "appointment_reminder", parameters: ["Sam", "Tue"] } });
    expect(sentTo(P)[1]!.body).not.toHaveProperty("text");
  });
});

describe("keeping templates (owners and admins)", () => {
  it("checks every field, says which, and changes nothing when refused", async () => {
    const before = await count("whatsapp_templates");
    const refused = await createTemplate(admin, { name: "Bad Name", locale: "english", body: "Hi {{2}}", numbers: [] });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String), locale: expect.any(String), body: expect.stringContaining("{{1}}"), numbers: expect.stringContaining("at least one") } });
    expect(await createTemplate(admin, { name: "ok_name", locale: "en", body: "Hi", numbers: [SMS] })).toMatchObject({
      ok: false,
      fieldErrors: { numbers: expect.stringContaining("SMS") },
    });
    expect(await createTemplate(admin, { name: "ok_name", locale: "en", body: "Hi", numbers: ["447700999999"] })).toMatchObject({
      ok: false,
      fieldErrors: { numbers: expect.stringContaining("not one of your linked numbers") },
    });
    expect(await count("whatsapp_templates")).toBe(before);
  });

  it("refuses a second template with the same name and language (en-GB is en_GB), also when two are saved at once", async () => {
    const taken = await createTemplate(admin, { name: "appointment_reminder", locale: "en-GB", body: "Other body", numbers: [WA_OTHER] });
    expect(taken).toMatchObject({ ok: false, fieldErrors: { name: expect.stringContaining("already a template named “appointment_reminder” in en_GB") } });
    // Said together with the other fields' errors, not one at a time.
    expect(await createTemplate(admin, { name: "appointment_reminder", locale: "en_GB", body: "Other body", numbers: [] })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.stringContaining("already"), numbers: expect.stringContaining("at least one") },
    });
    const input = { name: "race_template", locale: "fr", body: "Bonjour {{1}}", numbers: [WA] };
    const results = await Promise.all([createTemplate(admin, input), createTemplate(owner, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ fieldErrors: { name: expect.stringContaining("already a template") } });
    expect(await count("whatsapp_templates where name = 'race_template'")).toBe(1);
  });

  it("edits and deletes, each change in the audit log; staff may do neither", async () => {
    const made = await createTemplate(admin, { name: "visit_confirmation", locale: "en", body: "See you {{1}}.", numbers: [WA] });
    if (!made.ok) throw new Error("not made");
    const id = made.template.id;
    expect(made.template).toMatchObject({ parameterCount: 1, numbers: [WA] });

    await expect(createTemplate(staff, { name: "x", locale: "en", body: "x", numbers: [WA] })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateTemplate(staff, id, { body: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTemplate(staff, id)).rejects.toMatchObject({ code: "not_found" });

    const changed = await updateTemplate(admin, id, { body: "See you on {{1}} at {{2}}.", numbers: [WA, WA_OTHER] });
    expect(changed).toMatchObject({ ok: true, template: { parameterCount: 2, numbers: [WA, WA_OTHER] } });
    expect(await updateTemplate(admin, id, { name: "appointment_reminder", locale: "en_GB" })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.stringContaining("already") },
    });
    expect(await updateTemplate(admin, id, { numbers: [SMS] })).toMatchObject({ ok: false, fieldErrors: { numbers: expect.any(String) } });
    const removed = await deleteTemplate(admin, id);
    expect(removed.name).toBe("visit_confirmation");
    await expect(deleteTemplate(admin, id)).rejects.toMatchObject({ code: "not_found" });

    const audit = await getSql()`select action, before, after from audit_log where target = ${`whatsapp_template:${id}`} order by id`;
    expect(audit.map((a) => a.action)).toEqual(["template.created", "template.updated", "template.deleted"]);
    expect(audit[1]).toMatchObject({
      before: { body: "See you {{1}}.", numbers: [WA] },
      after: { body: "See you on {{1}} at {{2}}.", numbers: [WA, WA_OTHER] },
    });
  });

  it("lists all for admins, the numbers of their surveys for staff, and one case's for the composer", async () => {
    const elsewhere = await createTemplate(admin, { name: "elsewhere_only", locale: "en", body: "Hello", numbers: [WA_ELSEWHERE] });
    const shared = await createTemplate(admin, { name: "shared_one", locale: "en", body: "Hello {{1}}", numbers: [WA_OTHER, WA_ELSEWHERE] });
    expect(elsewhere.ok && shared.ok).toBe(true);
    const names = (list: Array<{ name: string }>) => list.map((t) => t.name);

    expect(names(await listTemplates(admin))).toEqual(expect.arrayContaining(["appointment_reminder", "elsewhere_only", "shared_one"]));
    const forStaff = await listTemplates(staff);
    expect(names(forStaff)).toContain("shared_one");
    expect(names(forStaff)).not.toContain("elsewhere_only");
    // Staff see only the numbers of their own surveys.
    expect(forStaff.find((t) => t.name === "shared_one")!.numbers).toEqual([WA_OTHER]);
    expect(names(await listTemplates(outsider))).toEqual(["elsewhere_only", "shared_one"]);

    const waCase = await caseFrom({ from: person(), to: WA, channel: "whatsapp" });
    const smsCase = await caseFrom({ from: person(), to: SMS });
    expect(names(await listTemplates(staff, { caseId: waCase.id }))).not.toContain("shared_one");
    expect(names(await listTemplates(staff, { caseId: waCase.id }))).toContain("appointment_reminder");
    expect(await listTemplates(staff, { caseId: smsCase.id })).toEqual([]);
    await expect(listTemplates(outsider, { caseId: waCase.id })).rejects.toMatchObject({ code: "not_found" });
    expect(names(await listTemplates(admin, { ourNumber: "+44 7700 900012" }))).toEqual(["elsewhere_only", "shared_one"]);
    await expect(listTemplates(admin, { ourNumber: "nope" })).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("/api/v1/templates and template replies", () => {
  let adminToken: string;
  let staffToken: string;
  let outsiderToken: string;

  beforeAll(async () => {
    adminToken = await tokenFor(admin);
    staffToken = await tokenFor(staff);
    outsiderToken = await tokenFor(outsider);
  });

  it("admins add, change and delete; staff get 403; field errors name the field", async () => {
    const body = { name: "api_template", locale: "pt-br", body: "Olá {{1}}", numbers: ["+44 7700 900010"] };
    expect((await api(staffToken, "POST", "/templates", body)).status).toBe(403);
    const created = await api(adminToken, "POST", "/templates", body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "api_template", locale: "pt_BR", parameterCount: 1, numbers: [WA] });
    const again = await api(adminToken, "POST", "/templates", body);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/^Invalid body: name: There is already a template/);
    const sms = await api(adminToken, "POST", "/templates", { ...body, name: "other_api", numbers: [SMS] });
    expect(sms.body.error.message).toMatch(/^Invalid body: numbers: /);

    const id = created.body.id as number;
    expect((await api(staffToken, "PATCH", `/templates/${id}`, { body: "Oi {{1}}" })).status).toBe(403);
    const patched = await api(adminToken, "PATCH", `/templates/${id}`, { body: "Oi {{1}}, tudo bem?" });
    expect(patched).toMatchObject({ status: 200, body: { body: "Oi {{1}}, tudo bem?" } });
    expect((await api(staffToken, "DELETE", `/templates/${id}`)).status).toBe(403);
    expect((await api(adminToken, "DELETE", `/templates/${id}`)).status).toBe(200);
    expect((await api(adminToken, "DELETE", `/templates/${id}`)).status).toBe(404);
  });

  it("lists what each may use, and a case's templates", async () => {
    const c = await caseFrom({ from: person(), to: WA, channel: "whatsapp" });
    const mine = await api(staffToken, "GET", `/templates?caseId=${c.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { name: string }) => t.name)).toContain("appointment_reminder");
    expect((await api(outsiderToken, "GET", `/templates?caseId=${c.id}`)).status).toBe(404);
  });

  it("sends a template reply: 202, the same key again a duplicate, a bad one 400 with nothing stored, another survey's case 404", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA, channel: "whatsapp", at: dayAgo() });
    const idempotencyKey = newKey();
    const reply = { template: { name: "appointment_reminder", locale: "en_GB", parameters: ["Sam", "Friday"] }, idempotencyKey };
    const sent = await api(staffToken, "POST", `/cases/${c.id}/replies`, reply);
    expect(sent).toMatchObject({ status: 202, body: { status: "queued", duplicate: false } });
    expect((await api(staffToken, "POST", `/cases/${c.id}/replies`, reply)).body).toMatchObject({ messageId: sent.body.messageId, duplicate: true });

    const before = await count("messages");
    const missing = await api(staffToken, "POST", `/cases/${c.id}/replies`, { template: { name: "appointment_reminder", parameters: ["Sam"] }, idempotencyKey: newKey() });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("Fill in {{2}}");
    const both = await api(staffToken, "POST", `/cases/${c.id}/replies`, { text: "Hi", template: reply.template, idempotencyKey: newKey() });
    expect(both.status).toBe(400);
    expect((await api(outsiderToken, "POST", `/cases/${c.id}/replies`, { ...reply, idempotencyKey: newKey() })).status).toBe(404);
    expect(await count("messages")).toBe(before);

    const detail = await api(staffToken, "GET", `/cases/${c.id}`);
    const outbound = detail.body.messages.filter((m: { direction: string }) => m.direction === "outbound");
    expect(outbound).toEqual([
      expect.objectContaining({
        text: "Hi Sam, your appointment is on Friday. Reply to change it.",
        template: { name: "appointment_reminder", locale: "en_GB", parameters: ["Sam", "Friday"] },
      }),
    ]);
  });
});
