// The SMTP connection (nodemailer), from SMTP_URL. Every wait has a bound, so a server that
// accepts and then says nothing fails the attempt within 10–30 s instead of holding the
// worker's loop for minutes (nodemailer's own socket default is 10 minutes): the job is
// retried later like any failed send.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { smtpConnectionFromUrl } from "./smtp-url";

export type SmtpTimeouts = { connectionTimeout: number; greetingTimeout: number; socketTimeout: number; dnsTimeout: number };

export const SMTP_TIMEOUTS: SmtpTimeouts = {
  /** TCP connection established. */
  connectionTimeout: 10_000,
  /** The server's greeting after connecting. */
  greetingTimeout: 10_000,
  /** Silence on an open connection (mid-conversation). */
  socketTimeout: 30_000,
  /** Nodemailer's DNS lookup of the host. */
  dnsTimeout: 10_000,
};

let cached: { key: string; transport: Transporter } | null = null;

/** One transport per SMTP_URL and timeouts (a changed URL, e.g. between tests, gets a new one). */
export function mailTransport(smtpUrl: string, timeouts: SmtpTimeouts = SMTP_TIMEOUTS): Transporter {
  const key = JSON.stringify([smtpUrl, timeouts]);
  if (cached?.key !== key) {
    cached?.transport.close();
    // No pooling: an email is rare (one per case per 10 minutes per user), and a fresh
    // connection per email cannot be left half-dead by a server that went away.
    cached = { key, transport: nodemailer.createTransport({ ...smtpConnectionFromUrl(smtpUrl), ...timeouts }) };
  }
  return cached.transport;
}

export function closeMailTransport(): void {
  cached?.transport.close();
  cached = null;
}
