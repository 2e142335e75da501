// Notification email (SPEC §13) against a real SMTP server (smtp-server on 127.0.0.1), with
// the real relay and email worker in this process on real PostgreSQL. The 10-minute window
// runs on an injected clock; the SMTP server is closed, pointed at a dead port, and brought
// back, to see retries, the window given back, and 'failed' after the last try.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { assignCase } from "@/lib/cases/assign";
import { getSql, transaction } from "@/lib/db/client";
import { EMAIL_OFF_DETAIL } from "@/lib/mail/email-relay";
import { getEmailStatus } from "@/lib/mail/email-status";
import { failAbandonedEmails, startNotificationEmailWorker, type NotificationEmailWorker } from "@/lib/mail/email-worker";
import { insertNotificationEmailJobs } from "@/lib/jobs/notification-email-queue";
import { closeMailTransport } from "@/lib/mail/transport";
import { announceNotifications, insertNotifications } from "@/lib/notifications/write";
import { getEmailNotifications, setEmailNotifications } from "@/lib/users/email-preference";
import { api, tokenFor } from "../support/api";
import { asUser, createSurvey } from "../support/seed";
import { closedPort, startSmtpServer, type TestSmtpServer } from "../support/smtp-server";
import { waitFor } from "../support/wait";

const FROM = "Caseline <caseline@example.org>";
const PUBLIC = "https://caseline.example.org";
let smtp: TestSmtpServer;
let worker: NotificationEmailWorker;
let owner: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let surveyId: number;
let clock = new Date("2026-03-02T09:00:00Z");
const workerLog: string[] = [];
const minutes = (n: number) => n * 60_000;

beforeAll(async () => {
  smtp = await startSmtpServer();
  Object.assign(process.env, { SMTP_URL: smtp.url, MAIL_FROM: FROM, PUBLIC_URL: PUBLIC, EMAIL_RETRY_LIMIT: "5", EMAIL_RETRY_DELAY_SECONDS: "1" });
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  surveyId = (await createSurvey({ name: "Support" })).id;
  owner = asUser(await createUser({ email: "owner@example.com", name: "Olive Owner", role: "owner", password: "password-1" }));
  alice = asUser(await createUser({ email: "alice@example.com", name: "Alice", role: "staff", password: "password-1" }));
  bob = asUser(await createUser({ email: "bob@example.com", name: "Bob", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${alice.id}, ${surveyId}), (${bob.id}, ${surveyId})`;
  worker = await startNotificationEmailWorker({
    connectionString: process.env.DATABASE_URL!,
    log: (line) => workerLog.push(line),
    now: () => clock,
    pollingIntervalSeconds: 0.5,
    relayPollMs: 500,
    // Production waits 10–30 s for a silent server; the same code path, shorter.
    smtpTimeouts: { connectionTimeout: 1_000, greetingTimeout: 500, socketTimeout: 1_000, dnsTimeout: 1_000 },
  });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  closeMailTransport();
  for (const name of ["SMTP_URL", "MAIL_FROM", "PUBLIC_URL", "EMAIL_RETRY_LIMIT", "EMAIL_RETRY_DELAY_SECONDS"]) delete process.env[name];
  if (workerLog.length) console.log(workerLog.join("\n"));
});

beforeEach(async () => {
  process.env.SMTP_URL = smtp.url;
  process.env.EMAIL_RETRY_LIMIT = "5";
  await smtp.reopen();
  // Every test starts on a clock 20 minutes on: no window of an earlier test is still open.
  clock = new Date(clock.getTime() + minutes(20));
});

async function newCase(title: string): Promise<number> {
  const [row] = await getSql()<Array<{ id: number }>>`insert into cases (survey_id, title) values (${surveyId}, ${title}) returning id::int as id`;
  return row!.id;
}

/** A notification written the one way the app writes them (lib/notifications/write.ts); its id. */
async function notify(user: CurrentUser, caseId: number, kind: "assigned" | "mentioned" | "new_message" = "assigned", actor: CurrentUser | null = owner): Promise<number> {
  return transaction(async (tx) => {
    const sql = tx.$client;
    const recipients = sql`select ${user.id}::int as user_id, ${kind}::notification_kind as kind, ${caseId}::bigint as case_id,
      ${actor?.id ?? null}::int as actor_user_id, null::bigint as message_id, null::bigint as note_id, null::jsonb as data`;
    const [announced] = await sql<Array<{ written: number }>>`with n as (${insertNotifications(sql, recipients)}) ${announceNotifications(sql, "n")}`;
    expect(announced!.written).toBe(1);
    const [row] = await sql<Array<{ id: number }>>`select id::int as id from notifications where user_id = ${user.id} order by id desc limit 1`;
    return row!.id;
  });
}

async function emailOf(notificationId: number) {
  const [row] = await getSql()<Array<{ state: string | null; detail: string | null; emailedAt: string | null }>>`
    select email_state as state, email_detail as detail, emailed_at as "emailedAt" from notifications where id = ${notificationId}`;
  return row!;
}

const settled = (id: number, state: string, timeoutMs = 15_000) =>
  waitFor(async () => (await emailOf(id)).state === state, { what: `notification ${id}'s email to be ${state}`, timeoutMs });

const to = (user: CurrentUser) => smtp.received.filter((email) => email.to.includes(user.email));

describe("notification email", () => {
  it("arrives at the SMTP server: to the user, from MAIL_FROM, the case in the subject, a link to it", async () => {
    const caseId = await newCase("Broken <tap> & leak");
    const before = to(alice).length;
    const id = await notify(alice, caseId, "assigned");
    await settled(id, "sent");
    const mine = to(alice);
    expect(mine).toHaveLength(before + 1);
    const email = mine.at(-1)!;
    expect(email.to).toEqual(["alice@example.com"]);
    expect(email.from).toBe("caseline@example.org");
    expect(email.headers.from).toBe(FROM);
    expect(email.headers.subject).toBe(`Olive Owner assigned #${caseId} to you: Broken <tap> & leak`);
    expect(email.headers["auto-submitted"]).toBe("auto-generated");
    expect(email.decoded).toContain(`${PUBLIC}/console/cases/${caseId}`);
    // The title is escaped in the HTML part, never markup.
    expect(email.decoded).toContain(`<strong>Broken &lt;tap&gt; &amp; leak</strong>`);
    const row = await emailOf(id);
    expect(row).toMatchObject({ state: "sent", detail: null });
    // Sent at the worker's clock (the one the 10-minute window runs on).
    expect(new Date(row.emailedAt!).getTime()).toBe(clock.getTime());
  });

  it("goes at most once per case per 10 minutes to a user; after 10 minutes one more; other cases and users are not held back", async () => {
    const caseId = await newCase("Heating");
    const otherCase = await newCase("Window");
    const start = to(alice).length;
    const first = await notify(alice, caseId, "assigned");
    await settled(first, "sent");

    clock = new Date(clock.getTime() + minutes(9));
    const second = await notify(alice, caseId, "new_message", null);
    const elsewhere = await notify(alice, otherCase, "mentioned");
    const forBob = await notify(bob, caseId, "mentioned");
    await settled(second, "skipped");
    expect((await emailOf(second)).detail).toMatch(/Another email about this case went .* \(at most one per 10 minutes\)/);
    await settled(elsewhere, "sent");
    await settled(forBob, "sent");
    expect(to(alice)).toHaveLength(start + 2);
    expect(to(alice).at(-1)!.headers.subject).toContain(`#${otherCase}: Window`);

    // 10 minutes after the first email: the window is open again.
    clock = new Date(clock.getTime() + minutes(1));
    const third = await notify(alice, caseId, "new_message", null);
    await settled(third, "sent");
    expect(to(alice)).toHaveLength(start + 3);
    expect(to(alice).at(-1)!.headers.subject).toBe(`New message in #${caseId}: Heating`);
  });

  it("is not sent to a user who turned it off (profile setting), nor for their own action", async () => {
    const caseId = await newCase("Quiet");
    const before = smtp.received.length;
    await setEmailNotifications(bob, false);
    try {
      const id = await notify(bob, caseId, "assigned");
      // No email wanted: written without one.
      expect((await emailOf(id)).state).toBeNull();
      // Turned off while an email waits: not sent either.
      await setEmailNotifications(bob, true);
      await smtp.close();
      const waiting = await notify(bob, caseId, "mentioned");
      await waitFor(async () => (await emailOf(waiting)).detail?.startsWith("Not sent yet"), { what: "a failed first try" });
      await setEmailNotifications(bob, false);
      await smtp.reopen();
      await settled(waiting, "skipped");
      expect((await emailOf(waiting)).detail).toBe("The user turned email notifications off.");
      // Own action: no notification at all, so no email.
      await transaction(async (tx) => {
        const sql = tx.$client;
        const recipients = sql`select ${alice.id}::int as user_id, 'assigned'::notification_kind as kind, ${caseId}::bigint as case_id,
          ${alice.id}::int as actor_user_id, null::bigint as message_id, null::bigint as note_id, null::jsonb as data`;
        const [announced] = await sql<Array<{ written: number }>>`with n as (${insertNotifications(sql, recipients)}) ${announceNotifications(sql, "n")}`;
        expect(announced!.written).toBe(0);
      });
      await worker.relay();
      expect(smtp.received.length).toBe(before);
    } finally {
      await setEmailNotifications(bob, true);
    }
  });

  it("is not sent to a user who lost access to the case while it waited", async () => {
    const caseId = await newCase("Moved away");
    await smtp.close();
    const id = await notify(bob, caseId, "mentioned");
    await waitFor(async () => (await emailOf(id)).detail?.startsWith("Not sent yet"), { what: "a failed first try" });
    await getSql()`delete from survey_access where user_id = ${bob.id} and survey_id = ${surveyId}`;
    try {
      const before = to(bob).length;
      await smtp.reopen();
      await settled(id, "skipped", 30_000);
      expect((await emailOf(id)).detail).toBe("The user may no longer see this case.");
      expect(to(bob)).toHaveLength(before);
    } finally {
      await getSql()`insert into survey_access (user_id, survey_id) values (${bob.id}, ${surveyId})`;
    }
  });

  it("with the SMTP server down: the notification is written at once, the job is retried, and the email arrives when the server is back", async () => {
    const caseId = await newCase("Outage");
    await smtp.close();
    const before = to(alice).length;
    // The real cause: the owner assigns the case to Alice (lib/cases/assign.ts).
    const started = performance.now();
    expect(await assignCase(owner, { caseId, assigneeId: alice.id })).toMatchObject({ changed: true });
    // The assignment (and the notification written with it) does not wait on SMTP.
    expect(performance.now() - started).toBeLessThan(1_000);
    const [written] = await getSql()<Array<{ id: number; kind: string }>>`
      select id::int as id, kind from notifications where user_id = ${alice.id} and case_id = ${caseId}`;
    expect(written).toMatchObject({ kind: "assigned" });
    const id = written!.id;
    await waitFor(async () => (await emailOf(id)).detail?.startsWith("Not sent yet (will try again)"), { what: "a failed try" });
    expect((await emailOf(id)).state).toBe("queued");
    // The failed try gave the window back: nothing holds the next email of this case.
    const [throttle] = await getSql()`select count(*)::int as n from notification_email_throttle where user_id = ${alice.id} and case_id = ${caseId}`;
    expect(throttle!.n).toBe(0);
    // The database and the rest of the app go on meanwhile.
    await expect(newCase("Meanwhile")).resolves.toBeGreaterThan(caseId);

    await smtp.reopen();
    await settled(id, "sent", 30_000);
    expect(to(alice)).toHaveLength(before + 1);
    expect(to(alice).at(-1)!.headers.subject).toBe(`Olive Owner assigned #${caseId} to you: Outage`);
    expect(workerLog.some((line) => line.includes(`notification ${id}: email not sent, will retry`))).toBe(true);
  });

  it("a server that accepts and never answers holds nothing: the try times out, is retried, and is sent once a server answers", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const caseId = await newCase("Silent server");
      const started = performance.now();
      const id = await notify(alice, caseId, "assigned");
      expect(performance.now() - started).toBeLessThan(1_000);
      await waitFor(async () => (await emailOf(id)).detail?.startsWith("Not sent yet"), { what: "the greeting timeout" });
      expect((await emailOf(id)).detail).toMatch(/Greeting never received/);
      expect(sockets.length).toBeGreaterThan(0);
      // The worker's other loop and the relay go on: another user's email goes out meanwhile.
      process.env.SMTP_URL = smtp.url;
      const other = await notify(bob, await newCase("Meanwhile, elsewhere"), "assigned");
      await settled(other, "sent");
      await settled(id, "sent", 30_000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("after the last try it is failed, shown in Settings > Server's counts, and the window stays free", async () => {
    const caseId = await newCase("Dead server");
    const statusBefore = await getEmailStatus(owner);
    process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
    process.env.EMAIL_RETRY_LIMIT = "1";
    const id = await notify(alice, caseId, "assigned");
    await settled(id, "failed", 30_000);
    expect((await emailOf(id)).detail).toMatch(/^Not sent: .*ECONNREFUSED/);
    const status = await getEmailStatus(owner);
    expect(status).toMatchObject({ configured: true, from: FROM, server: expect.stringMatching(/^smtp:\/\/127\.0\.0\.1:\d+$/) });
    expect(status.last24h.failed).toBe(statusBefore.last24h.failed + 1);
    // The API says the same, to the server owner only (as Settings > Server).
    expect(await api(await tokenFor(owner, "status"), "GET", "/email-status")).toMatchObject({ status: 200, body: status });
    expect((await api(await tokenFor(alice, "status"), "GET", "/email-status")).status).toBe(403);
    expect(status.last24h.sent).toBe(statusBefore.last24h.sent);

    // The server is back: the next notification of the case is emailed (the failure took no window).
    process.env.SMTP_URL = smtp.url;
    const next = await notify(alice, caseId, "new_message", null);
    await settled(next, "sent");
    expect((await getEmailStatus(owner)).last24h.sent).toBe(statusBefore.last24h.sent + 1);
  });

  it("a job the queue gave up on while its email was still queued (the database away at its last try) ends failed, not queued for ever", async () => {
    const caseId = await newCase("Lost job");
    const id = await transaction(async (tx) => {
      const sql = tx.$client;
      const [row] = await sql<Array<{ id: number }>>`
        insert into notifications (user_id, kind, case_id, email_state) values (${alice.id}, 'assigned', ${caseId}, 'queued') returning id::int as id`;
      await insertNotificationEmailJobs(sql, [row!.id]);
      // As pg-boss leaves a job whose every try threw.
      await sql`update pgboss.job set state = 'failed', completed_on = now() where name = 'notification-email' and (data->>'notificationId')::bigint = ${row!.id}`;
      return row!.id;
    });
    expect(await failAbandonedEmails()).toBeGreaterThanOrEqual(1);
    expect(await emailOf(id)).toMatchObject({ state: "failed", detail: "Not sent: every try failed." });
    // A second sweep finds nothing more to do.
    expect(await failAbandonedEmails()).toBe(0);
  });

  it("is skipped, with the reason, when the server has no SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    const before = smtp.received.length;
    const id = await notify(alice, await newCase("No email here"), "assigned");
    await settled(id, "skipped");
    expect((await emailOf(id)).detail).toBe(EMAIL_OFF_DETAIL);
    expect(smtp.received.length).toBe(before);
    expect(await getEmailStatus(owner)).toMatchObject({ configured: false, from: null, server: null });
  });

  it("status is the server owner's only, as Settings > Server", async () => {
    const admin = asUser(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" }));
    for (const user of [alice, admin]) await expect(getEmailStatus(user)).rejects.toMatchObject({ code: "not_found" });
    expect((await api(await tokenFor(admin, "status-admin"), "GET", "/email-status")).status).toBe(403);
  });
});

describe("the email setting through the API (GET/PATCH /me)", () => {
  it("shows and changes one's own setting; bad input changes nothing", async () => {
    const token = await tokenFor(alice, "email-setting");
    expect(await api(token, "GET", "/me")).toMatchObject({ status: 200, body: { id: alice.id, emailNotifications: true } });
    expect(await api(token, "PATCH", "/me", { emailNotifications: false })).toMatchObject({ status: 200, body: { id: alice.id, emailNotifications: false } });
    expect(await getEmailNotifications(alice)).toBe(false);
    // Only one's own: Bob's is untouched.
    expect(await getEmailNotifications(bob)).toBe(true);

    for (const body of [{ emailNotifications: "yes" }, {}, { emailNotifications: true, role: "owner" }]) {
      const answer = await api(token, "PATCH", "/me", body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("bad_request");
    }
    expect(await getEmailNotifications(alice)).toBe(false);
    expect((await api(null, "PATCH", "/me", { emailNotifications: true })).status).toBe(401);
    expect(await api(token, "PATCH", "/me", { emailNotifications: true })).toMatchObject({ status: 200, body: { emailNotifications: true } });
  });
});
