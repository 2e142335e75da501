// The SMTP connection (nodemailer), from SMTP_URL. Every wait has a bound, so a server that
// accepts and then says nothing fails the attempt after at most ~a minute instead of holding
// the worker's loop for ever: the job is retried later like any failed send.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

export const SMTP_TIMEOUTS = {
  /** TCP connection established. */
  connectionTimeout: 10_000,
  /** The server's greeting after connecting. */
  greetingTimeout: 10_000,
  /** Silence on an open connection (mid-conversation). */
  socketTimeout: 30_000,
  /** Nodemailer's DNS lookup of the host. */
  dnsTimeout: 10_000,
} as const;

let cached: { url: string; transport: Transporter } | null = null;

/** One transport per SMTP_URL (a changed URL, e.g. between tests, gets a new one). */
export function mailTransport(smtpUrl: string): Transporter {
  if (cached?.url !== smtpUrl) {
    cached?.transport.close();
    // No pooling: an email is rare (one per case per 10 minutes per user), and a fresh
    // connection per email cannot be left half-dead by a server that went away.
    cached = { url: smtpUrl, transport: nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }) };
  }
  return cached.transport;
}

export function closeMailTransport(): void {
  cached?.transport.close();
  cached = null;
}
