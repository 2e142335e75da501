// Settings > Server (SPEC §13): whether this server sends notification emails, from whom,
// and how the last 24 hours went. Counted per user through the notifications' (user,
// created_at) index, so the cost follows the last day's notifications, not the table's size.
import "server-only";
import { assertRole, type CurrentUser } from "@/lib/auth/access";
import { env } from "@/lib/config/env";
import { getSql } from "@/lib/db/client";
import { mailSettings } from "./settings";

export type EmailStatus = {
  configured: boolean;
  /** MAIL_FROM, and the server (no user name or password) — only when configured. */
  from: string | null;
  server: string | null;
  last24h: { sent: number; failed: number; pending: number; skipped: number };
};

/** The server owner's alone, as all of Settings > Server is (SPEC §2). */
export async function getEmailStatus(actor: CurrentUser): Promise<EmailStatus> {
  assertRole(actor, ["owner"]);
  const settings = mailSettings(env());
  const [counts] = await getSql()<Array<EmailStatus["last24h"]>>`
    select coalesce(sum(c.sent), 0)::int as sent, coalesce(sum(c.failed), 0)::int as failed,
           coalesce(sum(c.pending), 0)::int as pending, coalesce(sum(c.skipped), 0)::int as skipped
    from users u
    cross join lateral (
      select count(*) filter (where n.email_state = 'sent') as sent,
             count(*) filter (where n.email_state = 'failed') as failed,
             count(*) filter (where n.email_state in ('pending', 'queued')) as pending,
             count(*) filter (where n.email_state = 'skipped') as skipped
      from notifications n
      where n.user_id = u.id and n.created_at > now() - interval '24 hours'
    ) c`;
  return {
    configured: settings.enabled,
    from: settings.enabled ? settings.from : null,
    server: settings.enabled ? settings.server : null,
    last24h: counts ?? { sent: 0, failed: 0, pending: 0, skipped: 0 },
  };
}
