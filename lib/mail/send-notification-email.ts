// One notification's email (SPEC §13), the job of the notification email queue. In order:
// still wanted (queued, unread, the user active with email on and still allowed to see the
// case, email on here) → the 10-minute window of this user and case claimed (one atomic
// upsert; another email about the case inside the window makes this one 'skipped') → sent
// → 'sent'. A send that fails
// gives the window back, so a failure never costs the user the next email, and throws for
// pg-boss to try again; its last try marks 'failed'. No transaction or lock is held while
// the SMTP server is talked to.
import "server-only";
import { canSeeSurvey } from "@/lib/auth/access";
import { env } from "@/lib/config/env";
import { getSql } from "@/lib/db/client";
import type { NotificationKind, UserRole } from "@/lib/db/schema";
import { EMAIL_OFF_DETAIL } from "./email-relay";
import { renderNotificationEmail } from "./render-notification";
import { mailSettings } from "./settings";
import { throttleCutoff, EMAIL_THROTTLE_MINUTES } from "./throttle-rule";
import { mailTransport, SMTP_TIMEOUTS, type SmtpTimeouts } from "./transport";

export type EmailOutcome = "sent" | "skipped" | "failed" | "stale";

export class EmailSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmailSendError";
  }
}

type Facts = {
  id: number;
  userId: number;
  caseId: number;
  kind: NotificationKind;
  data: Record<string, unknown>;
  emailState: string | null;
  read: boolean;
  to: string;
  name: string;
  role: UserRole;
  active: boolean;
  surveyId: number;
  emailNotifications: boolean;
  caseTitle: string;
  actorName: string | null;
};

/** The app's public address, for the link to the case. */
export function appBaseUrl(): string {
  const { PUBLIC_URL, CASELINE_INTERNAL_URL, PORT } = env();
  return (PUBLIC_URL ?? CASELINE_INTERNAL_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, "");
}

/**
 * Sends (or decides not to send) the email of a notification. `lastTry`: pg-boss will not run
 * this job again, so a failure is final. Throws EmailSendError when the send failed and
 * another try follows.
 */
export async function sendNotificationEmail({
  notificationId,
  now,
  lastTry,
  timeouts = SMTP_TIMEOUTS,
}: {
  notificationId: number;
  now: Date;
  lastTry: boolean;
  timeouts?: SmtpTimeouts;
}): Promise<EmailOutcome> {
  const sql = getSql();
  const [facts] = await sql<Facts[]>`
    select n.id::int as id, n.user_id as "userId", n.case_id::int as "caseId", n.kind, n.data, n.email_state as "emailState",
      n.read_at is not null as read, u.email as to, u.name, u.role, u.active, u.email_notifications as "emailNotifications",
      c.survey_id as "surveyId", c.title as "caseTitle", a.name as "actorName"
    from notifications n
    join users u on u.id = n.user_id
    join cases c on c.id = n.case_id
    left join users a on a.id = n.actor_user_id
    where n.id = ${notificationId}`;
  // Deleted with its case, or already settled by an earlier run of this job.
  if (!facts || facts.emailState !== "queued") return "stale";

  const settings = mailSettings(env());
  const notWanted = !settings.enabled
    ? EMAIL_OFF_DETAIL
    : !facts.active
      ? "The user is deactivated."
      : !facts.emailNotifications
        ? "The user turned email notifications off."
        : facts.read
          ? "Read in Caseline before the email went."
          : // Access taken away since: the email would name a case they may not see (the bell hides it too).
            !(await canSeeSurvey({ id: facts.userId, email: facts.to, name: facts.name, role: facts.role }, facts.surveyId))
            ? "The user may no longer see this case."
            : null;
  if (notWanted || !settings.enabled) return settle(notificationId, "skipped", notWanted ?? EMAIL_OFF_DETAIL, null);

  const claim = await claimWindow(facts.userId, facts.caseId, now);
  if (!claim.claimed) {
    const at = claim.previous ? ` at ${claim.previous.toISOString()}` : "";
    return settle(notificationId, "skipped", `Another email about this case went${at} (at most one per ${EMAIL_THROTTLE_MINUTES} minutes).`, null);
  }

  const email = renderNotificationEmail({ kind: facts.kind, caseId: facts.caseId, caseTitle: facts.caseTitle, actorName: facts.actorName, data: facts.data ?? {}, baseUrl: appBaseUrl() });
  try {
    await mailTransport(settings.smtpUrl, timeouts).sendMail({
      from: settings.from,
      to: facts.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // RFC 3834: an automatic message; out-of-office replies should not answer it.
      headers: { "Auto-Submitted": "auto-generated", "X-Caseline-Notification": String(facts.id) },
    });
  } catch (error) {
    await releaseWindow(facts.userId, facts.caseId, claim.claimedAt, claim.previous);
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    if (lastTry) return settle(notificationId, "failed", `Not sent: ${reason}`, null);
    await sql`update notifications set email_detail = ${`Not sent yet (will try again): ${reason}`} where id = ${notificationId} and email_state = 'queued'`;
    throw new EmailSendError(reason);
  }
  return settle(notificationId, "sent", null, now);
}

async function settle(id: number, state: "sent" | "skipped" | "failed", detail: string | null, emailedAt: Date | null): Promise<EmailOutcome> {
  await getSql()`
    update notifications set email_state = ${state}::notification_email_state, email_detail = ${detail}, emailed_at = ${emailedAt?.toISOString() ?? null}::timestamptz
    where id = ${id} and email_state = 'queued'`;
  return state;
}

/**
 * Takes this user's window for the case at `now`: the row is created, or moved to `now` when
 * its last email is at least 10 minutes old. Two claims at once: the second waits for the
 * first's row and then finds it inside the window. `previous` is what the row held, to give
 * the window back if the send fails.
 */
async function claimWindow(userId: number, caseId: number, now: Date): Promise<{ claimed: true; claimedAt: Date; previous: Date | null } | { claimed: false; previous: Date | null }> {
  const [row] = await getSql()<Array<{ claimedMs: number | null; previousMs: number | null }>>`
    with previous as (
      select last_sent_at from notification_email_throttle where user_id = ${userId} and case_id = ${caseId} for update
    ), claimed as (
      insert into notification_email_throttle (user_id, case_id, last_sent_at) values (${userId}, ${caseId}, ${now.toISOString()}::timestamptz)
      on conflict (user_id, case_id) do update set last_sent_at = excluded.last_sent_at
      where notification_email_throttle.last_sent_at <= ${throttleCutoff(now).toISOString()}::timestamptz
      returning last_sent_at
    )
    select (select extract(epoch from last_sent_at) * 1000 from claimed)::float8 as "claimedMs",
           (select extract(epoch from last_sent_at) * 1000 from previous)::float8 as "previousMs"`;
  const previous = row?.previousMs == null ? null : new Date(row.previousMs);
  if (row?.claimedMs == null) return { claimed: false, previous };
  return { claimed: true, claimedAt: new Date(row.claimedMs), previous };
}

/** Gives the window back after a failed send, unless another claim took it meanwhile. */
async function releaseWindow(userId: number, caseId: number, claimedAt: Date, previous: Date | null): Promise<void> {
  const sql = getSql();
  if (previous === null) {
    await sql`delete from notification_email_throttle where user_id = ${userId} and case_id = ${caseId} and last_sent_at = ${claimedAt.toISOString()}::timestamptz`;
  } else {
    await sql`update notification_email_throttle set last_sent_at = ${previous.toISOString()}::timestamptz
      where user_id = ${userId} and case_id = ${caseId} and last_sent_at = ${claimedAt.toISOString()}::timestamptz`;
  }
}
