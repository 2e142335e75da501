// Whether this server sends notification emails (SPEC §13), from the environment alone:
// SMTP_URL and MAIL_FROM set → on; SMTP_URL unset → off (pending emails are skipped, and
// Settings > Server says so). Pure: the unit tests and the status panel call it with any env.
import type { Env } from "@/lib/config/env";

export type MailSettings =
  | { enabled: false }
  | {
      enabled: true;
      smtpUrl: string;
      from: string;
      /** Where the server is, without its user name or password: shown to the owner. */
      server: string;
      retryLimit: number;
      retryDelaySeconds: number;
    };

export function mailSettings(env: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "EMAIL_RETRY_LIMIT" | "EMAIL_RETRY_DELAY_SECONDS">): MailSettings {
  if (!env.SMTP_URL || !env.MAIL_FROM) return { enabled: false };
  const url = new URL(env.SMTP_URL);
  return {
    enabled: true,
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    server: `${url.protocol}//${url.host}`,
    retryLimit: env.EMAIL_RETRY_LIMIT,
    retryDelaySeconds: env.EMAIL_RETRY_DELAY_SECONDS,
  };
}
