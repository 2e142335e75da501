// /api/v1/email-status (SPEC §13): whether this server sends notification emails, and how the
// last 24 hours went — the same lib function and role check (the server owner) as Settings >
// Server's panel.
import "server-only";
import { z } from "zod";
import { getEmailStatus } from "@/lib/mail/email-status";
import { endpoint } from "../endpoint";

const count = (description: string) => z.number().int().min(0).meta({ description });

export const emailStatusSchema = z
  .object({
    configured: z.boolean().meta({ description: "SMTP_URL and MAIL_FROM are set: notification emails are sent." }),
    from: z.string().nullable().meta({ description: "The sender (MAIL_FROM); null when email is off.", example: "Caseline <caseline@example.org>" }),
    server: z.string().nullable().meta({ description: "The SMTP server, without user name or password; null when email is off.", example: "smtps://mail.example.org:465" }),
    last24h: z
      .object({
        sent: count("Emails sent."),
        failed: count("Emails given up on after every try."),
        pending: count("Emails waiting or being retried."),
        skipped: count("Notifications that needed no email (another email about the case within 10 minutes, emails turned off, read first)."),
      })
      .meta({ description: "Notifications of the last 24 hours by what became of their email." }),
  })
  .meta({ id: "EmailStatus" });

export const emailStatusEndpoint = endpoint(
  {
    method: "get",
    path: "/email-status",
    tag: "Settings",
    summary: "Notification email status",
    description: "Whether this server sends notification emails, from whom, and the emails of the last 24 hours. The server owner only, as Settings > Server.",
    roles: ["owner"],
    response: { status: 200, description: "The status.", schema: emailStatusSchema },
    errors: [403],
  },
  async ({ actor }) => getEmailStatus(actor),
);
