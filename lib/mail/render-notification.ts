// The email of a notification (SPEC §13): subject, plain text and HTML. Pure: the worker
// loads the facts, this decides the words — the bell's own headline (lib/notifications/
// describe.ts), so an email says what the bell says, then the case's title and a link. It
// names the case, its title and who acted, never the thread: the link opens the case in
// Caseline, behind its sign-in. The title is the one line a helpdesk email needs to be
// recognised; a new case's title is made from the start of its first message (lib/cases/
// titles.ts), so that much of the person's words does reach the inbox — staff rename a case
// to change it, and each user may turn these emails off.
import type { NotificationKind } from "@/lib/db/schema";
import { formatReference } from "@/lib/cases/references";
import { notificationHeadline } from "@/lib/notifications/describe";

export type NotificationEmailFacts = {
  kind: NotificationKind;
  caseId: number;
  caseTitle: string;
  /** Who assigned or mentioned (null: a message or a breach, or a deleted user). */
  actorName: string | null;
  /** The notification's data; for a breach { kind: "first_response" | "next_response" }. */
  data: Record<string, unknown>;
  /** The app's public address, without a trailing slash. */
  baseUrl: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

export function caseLink(baseUrl: string, caseId: number): string {
  return `${baseUrl.replace(/\/+$/, "")}/console/cases/${caseId}`;
}

export function renderNotificationEmail(facts: NotificationEmailFacts): RenderedEmail {
  const reference = formatReference(facts.caseId);
  // One line: a title with a newline in it must not break the Subject header's meaning.
  const title = facts.caseTitle.replace(/\s+/g, " ").trim();
  const line = notificationHeadline({
    kind: facts.kind,
    case: { reference, title },
    actor: facts.actorName?.trim() ? { name: facts.actorName.trim() } : null,
    data: facts.data,
  });
  const named = title ? `${line}: ${title}` : line;
  const link = caseLink(facts.baseUrl, facts.caseId);
  const subject = named.slice(0, 200);
  const footer = "You get these emails because email notifications are on in your Caseline profile. Turn them off there.";
  const text = `${named}\n\nOpen the case: ${link}\n\n--\n${footer}\n`;
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: system-ui, sans-serif; color: #0f172a;">',
    `<p style="font-size: 16px;">${escapeHtml(line)}${title ? `: <strong>${escapeHtml(title)}</strong>` : ""}</p>`,
    `<p><a href="${escapeHtml(link)}" style="color: #4338ca;">Open case ${escapeHtml(reference)} in Caseline</a></p>`,
    `<p style="font-size: 12px; color: #64748b;">${escapeHtml(footer)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
